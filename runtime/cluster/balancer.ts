/**
 * Server choice with exact MR::IProto::Cluster parity: for the same server list, weights, key and
 * activity, `pick` returns the server Perl's `$cluster->server($key)` returns (tested against Perl).
 */
import { ArgumentError } from "../core/errors.js";
import { crc32 } from "./crc32.js";
import { KetamaRing } from "./ketama.js";
import type { ServerAddress } from "./servers.js";

/**
 * - `round-robin`: a random cycle without repeats (Perl's `splice(@servers, int(rand(@servers)), 1)`
 *   from a list refilled when empty). The default, as in Perl.
 * - `hash-crc32`: `crc32(key) >> 16` into the weight-expanded list, probing past inactive servers.
 * - `ketama`: MR::IProto's ring, sorted as Perl sorts it (by the points' decimal text). This is the mode
 *   to use with `balance: "ketama"`: keys land on the servers a Perl fleet sends them to.
 * - `ketama-numeric`: the same points sorted numerically, the ring as ketama means it. Only for fleets
 *   with no Perl client: it sends many keys to other servers than Perl does.
 */
export type BalanceMode = "round-robin" | "hash-crc32" | "ketama" | "ketama-numeric";

export interface Balancer {
  /**
   * Index into the server list. `isActive(i)` tells which servers are up (Perl's `$server->active`).
   * `key` is the bytes Perl would hash: Perl stringifies the key scalar, so integers are given as their
   * decimal text.
   * @throws ArgumentError when a hash or ketama balancer with more than one server gets no key (Perl
   *   dies "Cannot balance hash without key").
   */
  pick(key: Uint8Array | undefined, isActive: (index: number) => boolean): number;
}

export interface BalancerOptions {
  /**
   * What a down server does to the choice. `false` (the default) is Perl exactly: hash-crc32 probes
   * past inactive servers for 20 steps, then picks at random among all; round-robin and ketama ignore
   * activity. `true` never returns an inactive server while another is active: round-robin draws on,
   * ketama walks its ring to the next point of an active server, hash-crc32's last resort scans for
   * an active one. The choice differs from Perl's only when Perl's would be a down server.
   */
  readonly skipInactive?: boolean;
}

export function createBalancer(
  mode: BalanceMode,
  servers: readonly ServerAddress[],
  random: () => number = Math.random,
  options: BalancerOptions = {},
): Balancer {
  if (servers.length === 0) throw new ArgumentError("a cluster needs at least one server");
  // Perl's `_one`: a single server is always the answer, key or not, up or not.
  if (servers.length === 1) return { pick: () => 0 };
  const skip = options.skipInactive === true;
  switch (mode) {
    case "round-robin":
      return roundRobin(servers.length, random, skip);
    case "hash-crc32":
      return hashCrc32(servers, random, skip);
    case "ketama":
    case "ketama-numeric":
      return ketama(new KetamaRing(servers, mode === "ketama"), skip);
    default:
      throw new ArgumentError(`unknown balance mode ${JSON.stringify(mode)}`);
  }
}

function roundRobin(count: number, random: () => number, skip: boolean): Balancer {
  let cycle: number[] = [];
  const draw = (): number => {
    if (cycle.length === 0) cycle = Array.from({ length: count }, (_, i) => i);
    return cycle.splice(Math.floor(random() * cycle.length), 1)[0]!;
  };
  return {
    pick(_key, isActive) {
      const first = draw();
      if (!skip || isActive(first) || !anyActive(count, isActive)) return first;
      // Drawn servers that are down leave the cycle as Perl's would; at most a cycle and a half later
      // an active one comes up.
      for (;;) {
        const next = draw();
        if (isActive(next)) return next;
      }
    },
  };
}

const PROBES = 20;

function hashCrc32(servers: readonly ServerAddress[], random: () => number, skip: boolean): Balancer {
  // Perl's `_hash_servers`: each server `weight` times, in order.
  const slots: number[] = [];
  servers.forEach((s, i) => {
    for (let w = 1; w <= s.weight; w++) slots.push(i);
  });
  if (slots.length === 0) throw new ArgumentError("hash-crc32 balancing needs a server with a positive weight");
  // crc32($_, $hash_) for $_ in 0..19: the probe strings are fixed.
  const probes = Array.from({ length: PROBES }, (_, i) => new TextEncoder().encode(String(i)));
  return {
    pick(key, isActive) {
      if (key === undefined) throw new ArgumentError("hash-crc32 balancing needs a key");
      const start = crc32(key) >>> 16;
      let hash = start;
      for (let i = 0; i < PROBES; i++) {
        const server = slots[hash % slots.length]!;
        if (isActive(server)) return server;
        hash += crc32(probes[i]!, start) >>> 16;
      }
      if (skip) {
        for (let k = 0; k < slots.length; k++) {
          const server = slots[(start + k) % slots.length]!;
          if (isActive(server)) return server;
        }
      }
      // Perl's last resort: any slot at random, up or not.
      return slots[Math.floor(random() * slots.length)]!;
    },
  };
}

function ketama(ring: KetamaRing, skip: boolean): Balancer {
  return {
    pick(key, isActive) {
      if (key === undefined) throw new ArgumentError("ketama balancing needs a key");
      const position = ring.position(crc32(key));
      const server = ring.serverAt(position);
      if (!skip || isActive(server)) return server;
      return ring.activeFrom(position, isActive) ?? server;
    },
  };
}

function anyActive(count: number, isActive: (index: number) => boolean): boolean {
  for (let i = 0; i < count; i++) if (isActive(i)) return true;
  return false;
}
