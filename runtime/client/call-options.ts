/**
 * A send's per-call options, resolved once — the call's options over the message's own over the
 * client's — and validated once, as `ArgumentError`s, before anything is queued. A new per-call option
 * is added to `SendOptions` (client.ts) and resolved here; the engine then reads the plain record.
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

export interface CallOptions {
  readonly timeout: number;
  readonly maxTries: number;
  readonly signal: AbortSignal | undefined;
}

export function resolveCallOptions(
  options: SendOptions | undefined,
  request: IProtoRequest<unknown>,
  raw: RawRequest<unknown> | undefined,
  settings: ClientSettings,
): CallOptions {
  const timeout = options?.timeout ?? request.timeout ?? settings.timeout;
  if (typeof timeout !== "number" || !(timeout > 0)) {
    throw new ArgumentError(`bad timeout ${String(timeout)}: milliseconds above 0, or Infinity`);
  }
  const maxTries = options?.maxRequestRetries ?? raw?.maxRequestRetries ?? settings.maxRequestRetries;
  if (!Number.isInteger(maxTries) || maxTries < 1) {
    throw new ArgumentError(`bad maxRequestRetries ${String(maxTries)}: a whole number of tries, at least 1`);
  }
  return { timeout, maxTries, signal: options?.signal ?? raw?.signal };
}
