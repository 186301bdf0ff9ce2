/**
 * The generated dispatchers' common loop: route a request by message code to the handler method, decode
 * the body, encode what the handler returns, and turn a thrown ServerError into the envelope's error reply.
 * A message the handler lacks is a NotImplementedError; a partial dispatcher also answers it at once.
 */
import { NotImplementedError, ServerError } from "../core/errors.js";
import type { IProtoHandler, ServerConnectionInfo } from "../core/message.js";
import { unknownMessage } from "../codec/fail.js";

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
  /** No response is empty on the wire: an empty reply body can only fail to decode (a partial dispatcher's answer without an envelope). */
  readonly emptyBodyFails: boolean;
}

/**
 * A Route from a generated Request class and Response value: generated dispatchers list one per message
 * on one line each (`[code, route(…)]`), where an object literal would take a dozen.
 */
export function route(
  method: string,
  request: { decodeBody(body: Uint8Array): unknown },
  response: { encodeBody(response: never, request: never): Uint8Array } | undefined,
  encodeError: Route["encodeError"],
  name: string,
  emptyResponse: boolean,
  emptyBodyFails: boolean,
): Route {
  return { method, decodeRequest: request.decodeBody, encodeResponse: response?.encodeBody, encodeError, response: name, emptyResponse, emptyBodyFails };
}

/** What `create<Service>Dispatcher(handler, options)` takes with a handler that leaves messages out. */
export interface PartialDispatcherOptions {
  /** The handler may lack methods: their requests are answered at once and reported (`NotImplementedError`). */
  readonly partial: true;
  /**
   * The error reply for a message the handler lacks, where the message has an envelope. Default:
   * Tarantool's ER_UNSUPPORTED, permanent — return code `0x0a02`, "<Service> does not support <method>".
   */
  readonly notImplemented?: (service: string, method: string, msg: number) => ServerError;
}

/** Tarantool 1.5's ER_UNSUPPORTED (10) as a permanent error (severity 2): `(10 << 8) | 2`. */
const ER_UNSUPPORTED = 0x0a02;
const EMPTY = new Uint8Array(0);

function unsupported(service: string, method: string): ServerError {
  return new ServerError(ER_UNSUPPORTED, `${service} does not support ${method}`, false);
}

/**
 * What the server answers at once for a message the handler lacks: the envelope's error reply; without
 * an envelope, an empty body where that cannot decode as a response (the client fails with a DecodeError
 * instead of waiting for its deadline); nothing for `no_reply` messages, or where neither works.
 */
function answerFor(service: string, route: Route, msg: number, options: PartialDispatcherOptions): Uint8Array | undefined {
  if (route.encodeResponse === undefined) return undefined;
  if (route.encodeError !== undefined) {
    try {
      return route.encodeError((options.notImplemented ?? unsupported)(service, route.method, msg), route.response);
    } catch {
      return undefined; // the envelope does not take that error: reported, not answered
    }
  }
  return route.emptyBodyFails ? EMPTY : undefined;
}

type Method = (request: unknown, connection: ServerConnectionInfo) => unknown;

export function dispatcher(service: string, handler: object, routes: ReadonlyMap<number, Route>, options?: PartialDispatcherOptions): IProtoHandler {
  const methods = handler as Record<string, Method | undefined>;
  const partial = options?.partial === true ? options : undefined;
  return async (msg, body, connection) => {
    const route = routes.get(msg);
    if (route === undefined) throw unknownMessage(service, msg);
    const method = methods[route.method];
    if (typeof method !== "function") {
      throw new NotImplementedError(service, route.method, msg, partial === undefined ? undefined : answerFor(service, route, msg, partial));
    }
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
