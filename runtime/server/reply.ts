/**
 * What a handler may answer: a Uint8Array is the reply body, undefined is "no reply". Anything else —
 * null, a string, a number, an object — is a bug in the handler, reported (never sent, never thrown into
 * the event loop): "abc" used to go out as three zero bytes and null crashed the process.
 */
import { HandlerError } from "../core/errors.js";

export type Verdict = { readonly reply: Uint8Array | undefined } | { readonly error: HandlerError };

/** A handler's result: a promise (or any thenable) to await, or a verdict on the value itself. */
export type Inspection = Verdict | { readonly pending: PromiseLike<unknown> };

/**
 * Never throws, whatever the handler returned: a `then` getter that throws or a revoked Proxy makes a
 * HandlerError (its throw as `cause`) instead of an exception in the middle of the read loop.
 */
export function inspectResult(value: unknown, msg: number, sync: number): Inspection {
  try {
    if (isThenable(value)) return { pending: value };
  } catch (cause) {
    return { error: uninspectable(msg, sync, cause) };
  }
  return judgeReply(value, msg, sync);
}

export function judgeReply(value: unknown, msg: number, sync: number): Verdict {
  try {
    if (value === undefined || value instanceof Uint8Array) return { reply: value };
    return { error: notAReply(msg, sync, describe(value)) };
  } catch (cause) {
    return { error: uninspectable(msg, sync, cause) };
  }
}

/** True for a promise or any thenable: its settlement is awaited. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as { then?: unknown }).then === "function";
}

function notAReply(msg: number, sync: number, what: string, cause?: unknown): HandlerError {
  return new HandlerError(
    "EHANDLER",
    `handler for msg ${msg} (sync ${sync}) returned ${what}: a reply is a Uint8Array, or undefined for none`,
    sync,
    { msg, cause },
  );
}

function uninspectable(msg: number, sync: number, cause: unknown): HandlerError {
  let why: string;
  try {
    why = cause instanceof Error ? cause.message : String(cause);
  } catch {
    why = "and so does what it threw";
  }
  return notAReply(msg, sync, `a value that throws when looked at (${why})`, cause);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `a string (${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)})`;
  if (typeof value === "object") return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  return `a ${typeof value} (${String(value)})`;
}
