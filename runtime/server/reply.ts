/**
 * What a handler may answer: a Uint8Array is the reply body, undefined is "no reply". Anything else —
 * null, a string, a number, an object — is a bug in the handler, reported (never sent, never thrown into
 * the event loop): "abc" used to go out as three zero bytes and null crashed the process.
 */
import { HandlerError } from "../core/errors.js";

export type Verdict = { readonly reply: Uint8Array | undefined } | { readonly error: HandlerError };

export function judgeReply(value: unknown, msg: number, sync: number): Verdict {
  if (value === undefined || value instanceof Uint8Array) return { reply: value };
  return {
    error: new HandlerError(
      "EHANDLER",
      `handler for msg ${msg} (sync ${sync}) returned ${describe(value)}: a reply is a Uint8Array, or undefined for none`,
      sync,
      { msg },
    ),
  };
}

/** True for a promise or any thenable: its settlement is awaited. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as { then?: unknown }).then === "function";
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `a string (${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)})`;
  if (typeof value === "object") return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  return `a ${typeof value} (${String(value)})`;
}
