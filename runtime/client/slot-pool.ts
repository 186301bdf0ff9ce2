/**
 * A number of slots and the calls waiting for one: the client's `maxParallel` and each server's. The
 * engine's counters change only here, and "is there a free slot" is asked only through `hasFree`.
 *
 *   client pool:  queued = calls waiting anywhere (its own queue and every server's), for `maxQueued`;
 *                 inFlight = calls holding a client slot (routed, queued for a server, sent, between tries)
 *   server pool:  queued = live calls in its queue; inFlight = calls handed to its connection
 */
import { Ring } from "../util/ring.js";
import type { Call, CallState } from "./call.js";

export class SlotPool {
  inFlight = 0;
  queued = 0;
  /** Waiting calls; it may also hold calls that settled or moved on, skipped when reached. */
  readonly waiting: Ring<Call> = new Ring<Call>();

  constructor(
    /** Slots: `maxParallel` (a server being probed after a reconnect has 1). */
    public limit: number,
    /** The state a call waiting here is in, and the server index it names (-1: the client's pool). */
    private readonly waitingState: CallState,
    private readonly index: number,
    /** The client's pool, whose `queued` counts the calls waiting in a server's pool too. */
    private readonly parent: SlotPool | undefined,
  ) {}

  /** The one free-slot test. */
  hasFree(): boolean {
    return this.inFlight < this.limit;
  }

  take(): void {
    this.inFlight++;
  }

  release(): void {
    this.inFlight--;
  }

  /** The call waits here for a slot. */
  enqueue(call: Call): void {
    call.state = this.waitingState;
    this.waiting.push(call);
    this.queued++;
    if (this.parent !== undefined) this.parent.queued++;
  }

  /** A waiting call left the queue without a slot (settled, or moved elsewhere). */
  left(): void {
    this.queued--;
    if (this.parent !== undefined) this.parent.queued--;
  }

  /** Whether a call taken from `waiting` still waits here. */
  holds(call: Call): boolean {
    return call.state === this.waitingState && (this.index < 0 || call.server === this.index);
  }

  /** The next waiting call, given a slot, while one is free; undefined when none is free or waiting. */
  next(): Call | undefined {
    while (this.hasFree() && this.waiting.length > 0) {
      const call = this.waiting.shift() as Call;
      if (!this.holds(call)) continue;
      this.left();
      this.inFlight++;
      return call;
    }
    return undefined;
  }
}
