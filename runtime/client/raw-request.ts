/**
 * The raw form of a send, as MR::IProto's hash form: `{ msg, data, pack, unpack, key, retry, noReply,
 * isRetry }` (plus `timeout` and `signal`), turned into an `IProtoRequest` so the transport has one path.
 */
import { ArgumentError } from "../core/errors.js";
import type { IProtoRequest } from "../core/message.js";
import { HEADER_SIZE, writeHeader } from "../framing/header.js";
import { pack, unpack, type PackValue } from "../pack/index.js";

export interface RawMessage<R = unknown> {
  /** iproto message code. */
  readonly msg: number;
  /** The body: bytes, or values packed with `pack` (default "L*", as Perl). */
  readonly data?: Uint8Array | readonly PackValue[];
  /** Perl `pack` template for an array `data`. */
  readonly pack?: string;
  /** Decodes the reply body: a function, or a Perl `unpack` template (the reply is then the value list). */
  readonly unpack?: ((body: Uint8Array) => R) | string;
  /** Balancing key for hash and ketama balancing; numbers as their decimal text, as Perl. */
  readonly key?: string | number | bigint | Uint8Array;
  /** May be re-sent after a failure; a function is asked at the time, as Perl's code-ref `retry`. */
  readonly retry?: boolean | (() => boolean);
  /** The server sends no reply: settles once the bytes are handed to the socket. */
  readonly noReply?: boolean;
  /**
   * The server asked for a retry in this reply (Perl `is_retry`). A method, so that a message typed by
   * its `unpack` still counts as a `RawMessage<unknown>`.
   */
  isRetry?(response: R): boolean;
  /** Milliseconds, overriding the client's. */
  readonly timeout?: number;
  /** Total tries for this request, overriding the client's (Perl's per-message `max_request_retries`). */
  readonly maxRequestRetries?: number;
  readonly signal?: AbortSignal;
}

/** A raw message whose reply is decoded by a Perl `unpack` template: the response is the value list. */
export type RawTemplateMessage = RawMessage<PackValue[]> & { readonly unpack: string };

export function isRequest(message: object): message is IProtoRequest<unknown> {
  return typeof (message as { encodeInto?: unknown }).encodeInto === "function";
}

function invalid(message: string): ArgumentError {
  return new ArgumentError(message);
}

export class RawRequest<R> implements IProtoRequest<R> {
  readonly msg: number;
  readonly noReply: boolean;
  readonly timeout: number | undefined;
  readonly maxRequestRetries: number | undefined;
  readonly key: string | Uint8Array | undefined;
  readonly signal: AbortSignal | undefined;
  private readonly body: Uint8Array;
  private readonly decode: ((body: Uint8Array) => R) | undefined;
  private readonly retryAllowed: boolean | (() => boolean);
  private readonly askedRetry: ((response: R) => boolean) | undefined;

  /** Throws `ArgumentError` for a malformed message, or the packer's error for unpackable data. */
  constructor(raw: RawMessage<R>) {
    if (!Number.isInteger(raw.msg) || raw.msg < 0 || raw.msg > 0xffffffff) throw invalid(`bad message code ${String(raw.msg)}`);
    if (raw.unpack === undefined && raw.noReply !== true) throw invalid("unpack or noReply must be specified");
    this.msg = raw.msg;
    this.noReply = raw.noReply === true;
    this.timeout = raw.timeout;
    this.maxRequestRetries = raw.maxRequestRetries;
    this.signal = raw.signal;
    const key = raw.key;
    this.key = typeof key === "number" || typeof key === "bigint" ? String(key) : key;
    const data = raw.data;
    if (data === undefined) this.body = new Uint8Array(0);
    else if (data instanceof Uint8Array) this.body = data;
    else if (Array.isArray(data)) this.body = pack(raw.pack ?? "L*", data);
    else throw invalid("data must be bytes or an array of values to pack");
    const decoder = raw.unpack;
    if (typeof decoder === "string") this.decode = (body) => unpack(decoder, body) as R;
    else this.decode = decoder;
    this.retryAllowed = raw.retry ?? false;
    this.askedRetry = raw.isRetry;
  }

  get retry(): boolean {
    const retry = this.retryAllowed;
    return typeof retry === "function" ? retry() : retry;
  }

  packetSize(): number {
    return HEADER_SIZE + this.body.length;
  }

  encodeInto(target: Uint8Array, offset: number, sync: number): number {
    writeHeader(target, offset, this.msg, this.body.length, sync);
    target.set(this.body, offset + HEADER_SIZE);
    return offset + HEADER_SIZE + this.body.length;
  }

  decodeResponse(body: Uint8Array): R {
    return (this.decode as (body: Uint8Array) => R)(body);
  }

  isRetry(response: R): boolean {
    return this.askedRetry !== undefined && this.askedRetry(response);
  }
}
