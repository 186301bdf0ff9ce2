/**
 * What every generated Request class shares: the request's fields, the instance view of its static
 * message facts (`msg`, `retry`, `noReply`, `timeout`), `encode`, and the defaults of `key` and
 * `isRetry`. A generated class adds only what differs per message.
 */
import { allocPacket } from "../codec/bytes.js";
import type { IProtoRequest } from "../core/message.js";

/** The static side of a generated Request class: its message's facts, as the schema declares them. */
export interface RequestClass {
  /** iproto message code. */
  readonly msg: number;
  /** May be re-sent after a failure. */
  readonly retry: boolean;
  /** The server sends no response. */
  readonly noReply: boolean;
  /** Default timeout in milliseconds. */
  readonly timeout: number | undefined;
}

/**
 * Base of generated Request classes (`class SelectRequest extends RequestBase<SelectRequestInit,
 * SelectResponse>`): what is the same in every one. A subclass declares its `msg` and whichever other
 * `RequestClass` statics differ from the defaults here, and implements `packetSize`, `encodeInto` and
 * `decodeResponse` — the transport's hot path stays in the generated class, where the message code and
 * the body writer are constants (a shared `encodeInto` measured 1.6× slower once a program sends more
 * than four message types: its calls into the subclass become megamorphic).
 */
export abstract class RequestBase<TInit, TResponse> implements IProtoRequest<TResponse> {
  /** iproto message code: every generated class declares its own. */
  declare static readonly msg: number;

  // The defaults of the other statics (inherited: `cls.retry` of a class that declares none reads these),
  // so a generated class writes only those its schema sets.

  /** May be re-sent after a failure (schema `retry`). */
  static readonly retry: boolean = false;

  /** The server sends no response (schema `no_reply`). */
  static readonly noReply: boolean = false;

  /** Default timeout in milliseconds (schema `timeout`, the message's or its service's); none by default. */
  static readonly timeout: number | undefined = undefined;

  /**
   * Decodes a request body (server side: what the generated dispatcher hands the handler). The body must
   * hold the request exactly; `bytes` fields are views into it. Throws DecodeError. Every generated class
   * declares it (a call into `decodeRequestBody` with its layout's reader).
   */
  declare static readonly decodeBody: (body: Uint8Array) => unknown;

  /**
   * The fields as given: not copied, so treat the request as immutable once created (its size is computed
   * once). Stored by the subclass's own constructor: one constructor storing into every request class's
   * instances would make that store megamorphic (1.4× slower sends measured).
   */
  abstract readonly fields: TInit;

  // The four facts below are read from the class's statics; a generated class shadows these getters with
  // plain prototype values (requestFacts, from its static block), cheaper where the transport reads them.

  /** iproto message code (the class's static `msg`). */
  get msg(): number {
    return (this.constructor as unknown as RequestClass).msg;
  }

  /** May be re-sent after a failure (the class's static `retry`). */
  get retry(): boolean {
    return (this.constructor as unknown as RequestClass).retry;
  }

  /** The server sends no response (the class's static `noReply`). */
  get noReply(): boolean {
    return (this.constructor as unknown as RequestClass).noReply;
  }

  /** Default timeout in milliseconds (the class's static `timeout`). */
  get timeout(): number | undefined {
    return (this.constructor as unknown as RequestClass).timeout;
  }

  /** The balancing key: none unless the schema declares a `key`. */
  get key(): string | Uint8Array | undefined {
    return undefined;
  }

  /** Header plus body, in bytes (computed once). */
  abstract packetSize(): number;

  /** Writes the packet (header and body) at `offset`; returns the offset after it. Throws EncodeError when a value does not fit. */
  abstract encodeInto(target: Uint8Array, offset: number, sync: number): number;

  /** Decodes a response body (envelope included). Throws DecodeError, or ServerError for an error reply. */
  abstract decodeResponse(body: Uint8Array): TResponse;

  /** The whole packet in a new buffer. */
  encode(sync: number = 0): Uint8Array {
    return encodePacket(this, sync);
  }

  /** The server asked for a retry in this response (schema `retry_when`); never unless the schema says when. */
  isRetry(_response: TResponse): boolean {
    return false;
  }
}

/**
 * Copies a generated class's statics (`msg`, `retry`, `noReply`, `timeout`) onto its prototype as plain
 * values, shadowing the base's getters: the transport reads them on every send from many request classes,
 * where a data property is cheaper than a shared getter reading `this.constructor`. Generated classes
 * call it from a static block.
 */
export function requestFacts(cls: RequestClass & { readonly prototype: object }): void {
  Object.defineProperties(cls.prototype, {
    msg: { value: cls.msg },
    retry: { value: cls.retry },
    noReply: { value: cls.noReply },
    timeout: { value: cls.timeout },
  });
}

/** A request's whole packet in a new buffer: `encode()` of every request class (generated and Box). */
export function encodePacket(request: Pick<IProtoRequest<unknown>, "packetSize" | "encodeInto">, sync: number): Uint8Array {
  const packet = allocPacket(request.packetSize());
  request.encodeInto(packet, 0, sync);
  return packet;
}
