import type { IProtoRequest } from "../core/message.js";

/**
 * What a generated service client needs from the runtime client: sending one request and getting its
 * typed response. Declared structurally so generated clients work over any transport that has `send`.
 */
export interface IProtoSender<TOptions = unknown> {
  send<TResponse>(request: IProtoRequest<TResponse>, options?: TOptions): Promise<TResponse>;
}
