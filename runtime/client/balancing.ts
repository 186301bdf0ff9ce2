/**
 * Which server a try goes to: runtime/cluster's balancer (MR::IProto::Cluster parity) over the servers'
 * health, skipping down servers while another is up, and on a retry avoiding the server that failed.
 */
import { createBalancer, type Balancer, type BalanceMode } from "../cluster/index.js";
import type { Call } from "./call.js";
import type { ServerState } from "./server-state.js";

export class ServerPicker {
  private readonly balancer: Balancer;
  /** Hash and ketama balancing of more than one server hash the request's key. */
  readonly needsKey: boolean;
  /** Servers marked up. */
  upCount: number;
  private excluded = -1;
  /** Up, and not a reconnected server whose probe is still out (requests would queue behind it). */
  private readonly isActive = (index: number): boolean => index !== this.excluded && (this.servers[index] as ServerState).available;

  constructor(
    private readonly servers: readonly ServerState[],
    mode: BalanceMode,
    random: () => number,
  ) {
    this.balancer = createBalancer(mode, servers.map((server) => server.settings), random, { skipInactive: true });
    this.needsKey = mode !== "round-robin" && servers.length > 1;
    this.upCount = servers.length;
  }

  /** The server for the call's next try, or undefined when none is up. */
  pick(call: Call): ServerState | undefined {
    const servers = this.servers;
    if (servers.length === 1) return this.upCount === 1 ? servers[0] : undefined;
    if (this.upCount === 0) return undefined;
    const avoid = call.extras?.avoid ?? -1;
    // Avoid the server that just failed, unless it is the only one up.
    this.excluded = avoid >= 0 && this.upCount > ((servers[avoid] as ServerState).up ? 1 : 0) ? avoid : -1;
    try {
      const chosen = servers[this.balancer.pick(this.needsKey ? keyBytes(call) : undefined, this.isActive)];
      // Down only when no server the key may go to is up (hash-crc32 never uses weight-0 servers).
      return chosen?.up === true ? chosen : undefined;
    } finally {
      this.excluded = -1;
    }
  }
}

/** The key's bytes as Perl hashes them: strings as UTF-8 (integers arrive as their decimal text). */
function keyBytes(call: Call): Uint8Array | undefined {
  const key = call.request.key;
  if (typeof key !== "string") return key;
  const extras = call.more();
  return (extras.keyBytes ??= Buffer.from(key, "utf8"));
}
