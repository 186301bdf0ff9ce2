/**
 * The bookkeeping under the dispatcher: client and per-server slots and queues, and settling. `finish`
 * is the one way a call ends: it settles the call exactly once and hands freed slots to waiting calls.
 */
import type { RequestFacts } from "../core/errors.js";
import { Ring } from "../util/ring.js";
import { TimerQueue } from "../util/timer-queue.js";
import { Call, CallState } from "./call.js";
import * as events from "./diagnostics.js";
import type { ClientSettings } from "./options.js";
import { deliver } from "./settle.js";
import type { ServerState } from "./server-state.js";

export abstract class Slots {
  abstract readonly servers: readonly ServerState[];
  protected inFlight = 0;
  protected queued = 0;
  protected readonly queue = new Ring<Call>();
  protected readonly deadlines: TimerQueue<Call>;
  protected pumping = false;
  protected closing = false;
  protected canceling = false;
  protected onDrained: (() => void) | undefined;

  constructor(
    readonly settings: ClientSettings,
    /** The public client object, named in diagnostics events. */
    protected readonly owner: object,
  ) {
    this.deadlines = new TimerQueue<Call>(
      (call) => this.expire(call),
      (call) => call.state !== CallState.Done,
    );
  }

  get isClosing(): boolean {
    return this.closing;
  }

  get pending(): { inFlight: number; queued: number } {
    return { inFlight: this.inFlight, queued: this.queued };
  }

  /** Starts a try of a call holding a client slot. */
  protected abstract route(call: Call): void;
  /** Hands a call holding both slots to its server's connection. */
  protected abstract transmit(call: Call, server: ServerState): void;
  /** The call's deadline passed. */
  protected abstract expire(call: Call): void;

  /** Settles the call (once) and frees what it held. */
  protected finish(call: Call, error: Error | undefined, response: unknown): void {
    const state = call.state;
    if (state === CallState.Done) return;
    call.state = CallState.Done;
    if (state === CallState.QueuedForClient) this.queued--;
    else {
      if (state === CallState.QueuedForServer) {
        this.queued--;
        (this.servers[call.server] as ServerState).queued--;
      }
      this.inFlight--;
    }
    if (call.deadlineLane !== undefined) this.deadlines.trim(call.deadlineLane);
    if (events.requestEnd.hasSubscribers || events.requestError.hasSubscribers) {
      const server = call.server >= 0 ? this.servers[call.server]?.address : undefined;
      const { request, tries } = call;
      events.publishEnd({ client: this.owner, request, msg: request.msg, server, tries, duration: this.deadlines.now() - call.startedAt }, error);
    }
    deliver(call, error, response);
    if (state !== CallState.QueuedForClient) this.pumpClient();
    if (this.closing) this.checkDrained();
  }

  protected pumpClient(): void {
    if (this.pumping || this.canceling) return;
    this.pumping = true;
    const max = this.settings.maxParallel;
    while (this.inFlight < max && this.queue.length > 0) {
      const call = this.queue.shift() as Call;
      if (call.state !== CallState.QueuedForClient) continue;
      this.queued--;
      this.inFlight++;
      this.route(call);
    }
    this.pumping = false;
  }

  protected pumpServer(server: ServerState): void {
    if (this.canceling) return;
    while (server.up && server.inFlight < server.limit && server.queue.length > 0) {
      const call = server.queue.shift() as Call;
      if (call.state !== CallState.QueuedForServer || call.server !== server.index) continue;
      this.queued--;
      server.queued--;
      server.inFlight++;
      this.transmit(call, server);
    }
  }

  protected checkDrained(): void {
    if (this.inFlight !== 0 || this.queued !== 0 || this.onDrained === undefined) return;
    const done = this.onDrained;
    this.onDrained = undefined;
    done();
  }

  protected facts(call: Call, mayHaveExecuted: boolean): RequestFacts {
    const server = call.server >= 0 ? this.servers[call.server] : undefined;
    return { server: server?.address, msg: call.request.msg, tries: call.tries, mayHaveExecuted };
  }
}
