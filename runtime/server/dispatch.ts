/**
 * The generated dispatchers' common loop: route a request by message code to the handler method, decode
 * the body, encode what the handler returns, and turn a thrown ServerError into the envelope's error reply.
 */
import { ServerError } from "../core/errors.js";
import type { IProtoHandler, ServerConnectionInfo } from "../core/message.js";
import { notImplemented, unknownMessage } from "../codec/fail.js";

/** One message of a service, as the generated dispatcher describes it. */
export interface Route {
  /** Handler method name. */
  readonly method: string;
  readonly decodeRequest: (body: Uint8Array) => unknown;
  /** Encodes the handler's result; undefined for `no_reply` messages. */
  readonly encodeResponse: ((response: never, request: never) => Uint8Array) | undefined;
  /** Builds an error reply for a ServerError; undefined when the message has no envelope. */
  readonly encodeError: ((error: ServerError, name: string) => Uint8Array) | undefined;
  /** Response name (for errors). */
  readonly response: string;
  /** The response has no required field: a handler may return nothing. */
  readonly emptyResponse: boolean;
}

type Method = (request: unknown, connection: ServerConnectionInfo) => unknown;

export function dispatcher(service: string, handler: object, routes: ReadonlyMap<number, Route>): IProtoHandler {
  const methods = handler as Record<string, Method | undefined>;
  return async (msg, body, connection) => {
    const route = routes.get(msg);
    if (route === undefined) throw unknownMessage(service, msg);
    const method = methods[route.method];
    if (method === undefined) throw notImplemented(service, route.method, msg);
    const request = route.decodeRequest(body);
    const encode = route.encodeResponse as ((response: unknown, request: unknown) => Uint8Array) | undefined;
    try {
      const result = await method.call(handler, request, connection);
      if (encode === undefined) return undefined;
      return encode(route.emptyResponse ? (result ?? {}) : result, request);
    } catch (error) {
      if (route.encodeError !== undefined && error instanceof ServerError) return route.encodeError(error, route.response);
      throw error;
    }
  };
}
