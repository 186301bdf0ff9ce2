/** Handing a call's outcome to whoever waits for it, and giving errors the request's facts. */
import { IProtoError, type RequestFacts } from "../core/errors.js";
import { forRequest } from "../transport/connection-errors.js";
import type { Call, CallExtras } from "./call.js";

function rethrow(error: unknown): never {
  throw error;
}

function callLater(callback: (error: Error | null, response: unknown) => void, error: Error | undefined, response: unknown): void {
  try {
    callback(error ?? null, response);
  } catch (thrown) {
    process.nextTick(rethrow, thrown);
  }
}

/**
 * A thenable that rejects: resolving a promise with it rejects the promise with `error` (one microtask
 * later than `reject` would). So a call keeps only its promise's `resolve` function, not `reject` too.
 */
class Rejection {
  constructor(private readonly error: Error) {}

  then(_onResolved: unknown, onRejected: (error: Error) => void): void {
    onRejected(this.error);
  }
}

/** Settles through the call's promise, callback or bulk. A throwing callback does not disturb the client. */
export function deliver(call: Call, error: Error | undefined, response: unknown): void {
  const resolve = call.resolve;
  if (resolve !== undefined) {
    call.resolve = undefined;
    const extras = call.extras;
    if (extras?.onAbort !== undefined) unlisten(extras);
    resolve(error === undefined ? response : new Rejection(error));
    return;
  }
  const extras = call.extras;
  if (extras === undefined) return;
  if (extras.onAbort !== undefined) unlisten(extras);
  const callback = extras.callback;
  if (callback !== undefined) {
    extras.callback = undefined;
    if (extras.starting) {
      process.nextTick(callLater, callback, error, response);
      return;
    }
    try {
      callback(error ?? null, response);
    } catch (thrown) {
      // As Node's own callback APIs: the throw surfaces as an uncaught exception, after our bookkeeping.
      process.nextTick(rethrow, thrown);
    }
    return;
  }
  const bulk = extras.bulk;
  if (bulk !== undefined) {
    extras.bulk = undefined;
    bulk.settle(extras.bulkIndex, error === undefined ? { response } : { error });
  }
}

function unlisten(extras: CallExtras): void {
  extras.signal?.removeEventListener("abort", extras.onAbort as () => void);
  extras.onAbort = undefined;
}

/** A connection-level error shared by many requests, re-issued for one of them. */
export function shared(error: IProtoError, facts: RequestFacts): IProtoError {
  return forRequest(error, facts);
}

/**
 * An error raised for this request alone (decoding, encoding, a server error in the envelope): the facts
 * are written onto it. Anything that is not an `IProtoError` (a user `unpack` that threw) is left as is.
 */
export function annotate(error: unknown, facts: RequestFacts): Error {
  if (!(error instanceof Error)) return new IProtoError("EDECODE", `unpack threw ${String(error)}`, facts);
  if (error instanceof IProtoError) {
    Object.defineProperties(error, {
      server: { value: facts.server, enumerable: true },
      msg: { value: facts.msg, enumerable: true },
      tries: { value: facts.tries, enumerable: true },
      mayHaveExecuted: { value: facts.mayHaveExecuted, enumerable: true },
    });
  }
  return error;
}
