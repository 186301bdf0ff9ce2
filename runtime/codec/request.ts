/**
 * What every generated Request class shares: the packet framing (header + body in one buffer, the size
 * computed once) and whole-body decoding. The generated subclass supplies the message's constants and its
 * unrolled body sizer, writer and response decoder.
 */
import { HEADER_SIZE, type IProtoRequest } from "../message.js";
import { allocPacket } from "./bytes.js";
import { type DecodeCursor, newCursor } from "./cursor.js";
import { sizeChanged, tooLong, trailingBytes } from "./fail.js";

export abstract class GeneratedRequest<TInit, TResponse> implements IProtoRequest<TResponse> {
  /** The fields as given: not copied, so treat the request as immutable once created (its size is computed once). */
  readonly fields: TInit;
  #size = -1;

  constructor(fields: TInit) {
    this.fields = fields;
  }

  abstract get msg(): number;
  abstract get retry(): boolean;
  abstract get noReply(): boolean;
  abstract get timeout(): number | undefined;
  abstract get key(): string | Uint8Array | undefined;
  /** Size of the body in bytes. */
  protected abstract bodySize(): number;
  /** Writes the body at `offset` (room guaranteed); returns the offset after it. */
  protected abstract writeBody(target: Uint8Array, offset: number): number;
  abstract decodeResponse(body: Uint8Array): TResponse;

  isRetry(_response: TResponse): boolean {
    return false;
  }

  packetSize(): number {
    let size = this.#size;
    if (size < 0) size = this.#size = HEADER_SIZE + this.bodySize();
    return size;
  }

  encodeInto(target: Uint8Array, offset: number, sync: number): number {
    const size = this.packetSize();
    if (target.length - offset < size) throw tooLong(this.constructor.name, "", size, target.length - offset);
    const msg = this.msg;
    const body = size - HEADER_SIZE;
    target[offset] = msg;
    target[offset + 1] = msg >>> 8;
    target[offset + 2] = msg >>> 16;
    target[offset + 3] = msg >>> 24;
    target[offset + 4] = body;
    target[offset + 5] = body >>> 8;
    target[offset + 6] = body >>> 16;
    target[offset + 7] = body >>> 24;
    target[offset + 8] = sync;
    target[offset + 9] = sync >>> 8;
    target[offset + 10] = sync >>> 16;
    target[offset + 11] = sync >>> 24;
    const end = this.writeBody(target, offset + HEADER_SIZE);
    if (end !== offset + size) throw sizeChanged(this.constructor.name, size, end - offset);
    return end;
  }

  /** The whole packet in a new buffer. */
  encode(sync = 0): Uint8Array {
    const packet = allocPacket(this.packetSize());
    this.encodeInto(packet, 0, sync);
    return packet;
  }
}

/** A generated layout reader: decodes at `p` within `end`, leaves the end position in `c.pos`. */
export type LayoutReader<T, R> = (t: Uint8Array, p: number, end: number, c: DecodeCursor, request: R) => T;
/** A generated envelope check: returns where the response proper starts, or throws ServerError. */
export type EnvelopeCheck = (t: Uint8Array, end: number, c: DecodeCursor, name: string) => number;

/** Decodes a body that one layout must fill exactly (after the envelope, when there is one). */
export function decodeBody<T, R>(body: Uint8Array, read: LayoutReader<T, R>, request: R, name: string, check?: EnvelopeCheck): T {
  const c = newCursor();
  const start = check === undefined ? 0 : check(body, body.length, c, name);
  const value = read(body, start, body.length, c, request);
  if (c.pos !== body.length) throw trailingBytes(name, c.pos, body.length);
  return value;
}
