/**
 * What the Box operations' requests share: the `IProtoRequest` facts, the size computed once, the header
 * and the bounds checks. Each operation (operations.ts) supplies its message code, its body and its reply.
 */
import type { IProtoRequest } from "../../core/message.js";
import { sizeChanged, tooLong } from "../../codec/fail.js";
import { HEADER_SIZE, writeHeader } from "../../framing/header.js";
import { encodePacket } from "../../framing/request-base.js";

export abstract class BoxRequest<R> implements IProtoRequest<R> {
  /** The message code: a value on each subclass's prototype (DELETE's own, 20 or 21, per instance). */
  declare readonly msg: number;
  /** Only SELECT is safe to re-send (schemas/box.iproto says the same). */
  get retry(): boolean {
    return false;
  }
  // What the transport reads on every send, as values on the prototype: no stores per request (as the
  // generated Request classes do with requestFacts).
  declare readonly noReply: boolean;
  declare readonly timeout: number | undefined;
  declare readonly key: string | Uint8Array | undefined;
  static {
    Object.assign(this.prototype, { noReply: false, timeout: undefined, key: undefined });
  }
  #size = -1;

  /** The request's name in errors, e.g. `Scores.insert`. */
  protected abstract get label(): string;
  /** Byte size of the body; validates what the body will hold (an EncodeError before anything is sent). */
  protected abstract bodySize(): number;
  /** Writes the body at `p`; returns the offset after it. */
  protected abstract writeBody(t: Uint8Array, p: number): number;
  abstract decodeResponse(body: Uint8Array): R;

  packetSize(): number {
    if (this.#size < 0) this.#size = HEADER_SIZE + this.bodySize();
    return this.#size;
  }

  encodeInto(target: Uint8Array, offset: number, sync: number): number {
    const size = this.packetSize();
    if (target.length - offset < size) throw tooLong(this.label, "", size, target.length - offset);
    writeHeader(target, offset, this.msg, size - HEADER_SIZE, sync);
    const end = this.writeBody(target, offset + HEADER_SIZE);
    if (end !== offset + size) throw sizeChanged(this.label, size, end - offset);
    return end;
  }

  /** The whole packet in a new buffer. */
  encode(sync = 0): Uint8Array {
    return encodePacket(this, sync);
  }

  isRetry(_response: R): boolean {
    return false;
  }
}
