/**
 * `node:diagnostics_channel` events of the client. Publishing costs nothing while no one subscribes:
 * each site checks `hasSubscribers` before building a message.
 */
import diagnostics, { type Channel } from "node:diagnostics_channel";
import type { IProtoError } from "../core/errors.js";
import type { IProtoRequest } from "../core/message.js";

export const CHANNELS = {
  requestStart: "iprotoc:client:request:start",
  requestEnd: "iprotoc:client:request:end",
  requestError: "iprotoc:client:request:error",
  requestRetry: "iprotoc:client:request:retry",
  serverUp: "iprotoc:client:server:up",
  serverDown: "iprotoc:client:server:down",
} as const;

export interface RequestStartEvent {
  readonly client: object;
  readonly request: IProtoRequest<unknown>;
  readonly msg: number;
}

export interface RequestEndEvent extends RequestStartEvent {
  /** `host:port` of the server that answered (or took a no-reply request). */
  readonly server: string | undefined;
  readonly tries: number;
  /** Milliseconds from send to settle. */
  readonly duration: number;
}

export interface RequestErrorEvent extends RequestEndEvent {
  readonly error: Error;
}

export interface RequestRetryEvent extends RequestStartEvent {
  /** The server of the failed try (undefined when none could be chosen). */
  readonly server: string | undefined;
  /** Tries made so far. */
  readonly tries: number;
  /** Why: the failure, or undefined when the server's reply asked for the retry. */
  readonly error: Error | undefined;
}

export interface ServerUpEvent {
  readonly client: object;
  readonly server: string;
}

export interface ServerDownEvent extends ServerUpEvent {
  readonly error: IProtoError;
}

export const requestStart: Channel = diagnostics.channel(CHANNELS.requestStart);
export const requestEnd: Channel = diagnostics.channel(CHANNELS.requestEnd);
export const requestError: Channel = diagnostics.channel(CHANNELS.requestError);
export const requestRetry: Channel = diagnostics.channel(CHANNELS.requestRetry);
export const serverUp: Channel = diagnostics.channel(CHANNELS.serverUp);
export const serverDown: Channel = diagnostics.channel(CHANNELS.serverDown);

/** Publishes a settled request's end or error (callers check `hasSubscribers` first). */
export function publishEnd(base: RequestEndEvent, error: Error | undefined): void {
  if (error === undefined) requestEnd.publish(base);
  else requestError.publish({ ...base, error });
}
