/**
 * A send's per-call options, resolved once — the call's options over the message's own over the
 * client's — and validated once, as `ArgumentError`s, before anything is queued. A new per-call option
 * is added to `SendOptions` (client.ts) and resolved here; the engine then reads the call's terms.
 */
import { ArgumentError } from "../core/errors.js";
import type { IProtoRequest } from "../core/message.js";
import type { ClientSettings } from "./options.js";
import type { RawRequest } from "./raw-request.js";

export interface SendOptions {
  /** Milliseconds, overriding the message's and the client's. `Infinity`: no deadline. */
  readonly timeout?: number;
  /** Total tries for this request (at least 1), overriding the message's and the client's. */
  readonly maxRequestRetries?: number;
  readonly signal?: AbortSignal;
}

/**
 * When a call started and what it is allowed. Immutable, and shared by the calls admitted with the same
 * options in one turn (the client's clock reads the same time for a whole run of synchronous code), so a
 * burst of sends makes one: a queued call carries one pointer instead of three numbers, one of them a
 * double that would be a heap object of its own per call.
 */
export class CallTerms {
  constructor(
    /** Client-clock time of the send. */
    readonly startedAt: number,
    /** Milliseconds (`Infinity`: no deadline); the deadline is `startedAt + timeout`. */
    readonly timeout: number,
    /** Total tries allowed (`maxRequestRetries`: per call, per message or the client's). */
    readonly maxTries: number,
  ) {}
}

export class CallTermsSource {
  private last: CallTerms | undefined;

  constructor(
    private readonly settings: ClientSettings,
    private readonly clock: { now(): number },
  ) {}

  /** The terms of a call starting now; throws `ArgumentError` for a bad timeout or number of tries. */
  resolve(options: SendOptions | undefined, request: IProtoRequest<unknown>, raw: RawRequest<unknown> | undefined): CallTerms {
    const settings = this.settings;
    const timeout = options?.timeout ?? request.timeout ?? settings.timeout;
    if (typeof timeout !== "number" || !(timeout > 0)) {
      throw new ArgumentError(`bad timeout ${String(timeout)}: milliseconds above 0, or Infinity`);
    }
    const maxTries = options?.maxRequestRetries ?? raw?.maxRequestRetries ?? settings.maxRequestRetries;
    if (!Number.isInteger(maxTries) || maxTries < 1) {
      throw new ArgumentError(`bad maxRequestRetries ${String(maxTries)}: a whole number of tries, at least 1`);
    }
    const now = this.clock.now();
    const last = this.last;
    if (last !== undefined && last.startedAt === now && last.timeout === timeout && last.maxTries === maxTries) return last;
    return (this.last = new CallTerms(now, timeout, maxTries));
  }
}
