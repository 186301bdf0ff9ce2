/**
 * The contract between messages and the transport. Generated Request classes implement
 * `IProtoRequest`; the client turns raw-form sends (`{ msg, data, unpack }`) into one as well, so the
 * transport has a single path for both.
 */

export interface IProtoRequest<TResponse = unknown> {
  /** iproto message code. */
  readonly msg: number;
  /** May be re-sent (to another server) after a failure. */
  readonly retry: boolean;
  /** The server sends no response: the request settles once its bytes are handed to the socket. */
  readonly noReply: boolean;
  /** The schema's default timeout in milliseconds, if any. */
  readonly timeout: number | undefined;
  /**
   * The balancing key (Perl's `key`): its bytes are what hash and ketama balancing hash. Integers are
   * given as their decimal text, as Perl stringifies them.
   */
  readonly key: string | Uint8Array | undefined;
  /** Full packet size in bytes: the 12-byte header plus the body. */
  packetSize(): number;
  /**
   * Writes the header (msg, body length, sync) and the body into `target` at `offset`, which has at least
   * `packetSize()` bytes free. Returns the offset just past the packet.
   */
  encodeInto(target: Uint8Array, offset: number, sync: number): number;
  /** Decodes a response body (envelope included). Throws `DecodeError`, or `ServerError` for an envelope error. */
  decodeResponse(body: Uint8Array): TResponse;
  /** The server asked for a retry in an otherwise successful response (schema `retry_when`, Perl `is_retry`). */
  isRetry(response: TResponse): boolean;
}

/** The response type of a request. */
export type ResponseOf<T> = T extends IProtoRequest<infer R> ? R : never;

/** What a server handler learns about the connection a request came on. */
export interface ServerConnectionInfo {
  /** Unique per server, increasing. */
  readonly id: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
}

/**
 * An `IProtoServer` handler, as in `MR::IProto::Server`: given the message code and request body, returns
 * the response body, a promise of one, or `undefined` to send no reply. A throw (or rejection) closes
 * nothing: the server logs it through its error hook and sends no reply for that request.
 */
export type IProtoHandler = (
  msg: number,
  body: Uint8Array,
  connection: ServerConnectionInfo,
) => Uint8Array | undefined | Promise<Uint8Array | undefined>;
