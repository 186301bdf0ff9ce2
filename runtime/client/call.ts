/**
 * One request's journey through the client: queued, sent (maybe several tries), settled exactly once.
 * A plain record the client's methods act on, so the hot path allocates one object per request and no
 * closures.
 */
import type { IProtoError } from "../core/errors.js";
import type { IProtoRequest } from "../core/message.js";
import type { Outgoing } from "../transport/connection.js";
import type { CallTerms } from "./call-options.js";

export const CallState = {
  /** Waiting for a slot of the client's `maxParallel`. */
  QueuedForClient: 0,
  /** Balanced to a server, waiting for a slot of its `maxParallel`. */
  QueuedForServer: 1,
  /** Handed to a connection. */
  Sent: 2,
  /** Between tries, waiting for `retryDelay`. */
  WaitingToRetry: 3,
  Done: 4,
} as const;
export type CallState = (typeof CallState)[keyof typeof CallState];

export type SendCallback<R> = (error: IProtoError | Error | null, response?: R) => void;

export type BulkResult<R = unknown> = { readonly response: R } | { readonly error: IProtoError | Error };

/** Collects the results of one `sendBulk`. */
export class Bulk {
  readonly results: BulkResult[];
  remaining: number;

  constructor(
    size: number,
    readonly resolve: (results: BulkResult[]) => void,
  ) {
    this.results = new Array<BulkResult>(size);
    this.remaining = size;
  }

  settle(index: number, result: BulkResult): void {
    this.results[index] = result;
    if (--this.remaining === 0) this.resolve(this.results);
  }
}

/**
 * What few calls need: a callback or a bulk to settle through, an abort signal, a retry's memory, a
 * hashed key. Kept out of `Call` and made on first need, because a queued call's size is what a deep
 * queue pays (100,000 queued sends: the collector copies every waiting call, and bytes are its cost).
 */
export class CallExtras {
  callback: SendCallback<unknown> | undefined;
  bulk: Bulk | undefined;
  bulkIndex = 0;
  /** Set while `send` runs: a callback must then be deferred, never called before `send` returns. */
  starting = false;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  /** Balancing key bytes, computed on first need. */
  keyBytes: Uint8Array | undefined;
  /** The last failure of a try, reported if the deadline passes while waiting to retry. */
  lastError: IProtoError | undefined;
  /** Server to avoid on the next try (the one that failed). */
  avoid = -1;
}

/**
 * One call's record. Its size is what a deep queue pays (100,000 queued sends: the collector copies every
 * waiting call, twice, and bytes are its cost), so it holds only what every call needs: what it shares
 * with other calls is behind one pointer (`terms`), what few calls need is in `extras`, and its small
 * numbers share one field (`bits`).
 */
export class Call implements Outgoing {
  sync = 0;
  batch = 0;
  frameStart = 0;
  frameEnd = 0;
  /** Tries started, the current one included. */
  tries = 0;
  /** `state` (bits 0–2), `executed` (bit 3), `server + 1` (the rest): see the accessors. */
  private bits: number = CallState.QueuedForClient;
  /**
   * The promise's `resolve` (the common case, kept inline); it also rejects, given a `Rejection`. Its
   * `reject` twin is not kept: a function object per call is a sixth of a queued call's bytes.
   */
  resolve: ((value: unknown) => void) | undefined;
  extras: CallExtras | undefined;

  constructor(
    readonly request: IProtoRequest<unknown>,
    /** Start time, deadline and tries allowed, shared by the calls admitted alike in one turn. */
    readonly terms: CallTerms,
  ) {}

  get state(): CallState {
    return (this.bits & 7) as CallState;
  }

  set state(state: CallState) {
    this.bits = (this.bits & ~7) | state;
  }

  /** Some try may have executed: once true, every failure of the call reports `mayHaveExecuted`. */
  get executed(): boolean {
    return (this.bits & 8) !== 0;
  }

  set executed(executed: boolean) {
    this.bits = executed ? this.bits | 8 : this.bits & ~8;
  }

  /** Server index of the current (or last) try; -1 before the first. */
  get server(): number {
    return (this.bits >> 4) - 1;
  }

  set server(index: number) {
    this.bits = (this.bits & 15) | ((index + 1) << 4);
  }

  /** The call's extras, made on first need. */
  more(): CallExtras {
    return (this.extras ??= new CallExtras());
  }
}
