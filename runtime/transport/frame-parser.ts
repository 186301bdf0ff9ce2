/**
 * Splits a byte stream into iproto frames (12-byte little-endian header: msg, body length, sync; then the
 * body). Chunks may split or join frames anywhere. A frame wholly inside a chunk is handed out as a view
 * of that chunk (no copy); a frame that spans chunks is assembled in a buffer of its exact size, so a
 * body handed out is never overwritten later.
 */
import { ProtocolError } from "../core/errors.js";
import { HEADER_SIZE, readU32 } from "../framing/header.js";

/** Default maximum frame size (header + body): generous, yet far below a corrupt 0xFFFFFFFF length. */
export const DEFAULT_MAX_FRAME_SIZE = 64 * 1024 * 1024;

export interface FrameSink {
  onFrame(msg: number, sync: number, body: Uint8Array): void;
}

export class FrameParser {
  private readonly maxBody: number;
  /** Header bytes of a frame that spans chunks. */
  private readonly header = new Uint8Array(HEADER_SIZE);
  private headerHave = 0;
  /** Body of a frame that spans chunks, once its header is complete. */
  private body: Uint8Array | null = null;
  private bodyHave = 0;
  private stopped = false;

  constructor(
    private readonly sink: FrameSink,
    maxFrameSize: number = DEFAULT_MAX_FRAME_SIZE,
  ) {
    this.maxBody = maxFrameSize - HEADER_SIZE;
  }

  /** Bytes held of a frame not yet complete. */
  get buffered(): number {
    return this.headerHave + this.bodyHave;
  }

  /** Stops handing out frames, even from the chunk being parsed (the connection is gone). */
  stop(): void {
    this.stopped = true;
    this.body = null;
    this.headerHave = 0;
    this.bodyHave = 0;
  }

  /** Throws `ProtocolError` when a frame announces a body over the maximum: the stream is then corrupt. */
  push(chunk: Uint8Array): void {
    if (this.stopped) return;
    let offset = 0;
    const end = chunk.length;
    if (this.headerHave > 0) {
      offset = this.continueFrame(chunk);
      if (offset < 0 || this.stopped) return;
    }
    // Read once per chunk: on a Buffer, `buffer` and `byteOffset` are accessors into C++.
    const memory = chunk.buffer;
    const base = chunk.byteOffset;
    while (end - offset >= HEADER_SIZE) {
      const length = readU32(chunk, offset + 4);
      if (length > this.maxBody) throw this.tooLarge(length);
      const bodyStart = offset + HEADER_SIZE;
      const bodyEnd = bodyStart + length;
      if (bodyEnd > end) break;
      offset = bodyEnd;
      // A plain view: cheaper to make than Buffer#subarray's Buffer, and the contract is Uint8Array.
      const body = new Uint8Array(memory, base + bodyStart, length);
      this.sink.onFrame(readU32(chunk, offset - length - HEADER_SIZE), readU32(chunk, bodyStart - 4), body);
      if (this.stopped) return;
    }
    if (offset < end) this.keep(chunk, offset);
  }

  /** Feeds a frame that spans chunks; returns the offset after it, or -1 when the chunk ran out first. */
  private continueFrame(chunk: Uint8Array): number {
    let offset = 0;
    if (this.headerHave < HEADER_SIZE) {
      const take = Math.min(HEADER_SIZE - this.headerHave, chunk.length);
      this.header.set(chunk.subarray(0, take), this.headerHave);
      this.headerHave += take;
      offset = take;
      if (this.headerHave < HEADER_SIZE) return -1;
      this.startBody();
    }
    const body = this.body as Uint8Array;
    const take = Math.min(body.length - this.bodyHave, chunk.length - offset);
    body.set(chunk.subarray(offset, offset + take), this.bodyHave);
    this.bodyHave += take;
    offset += take;
    if (this.bodyHave < body.length) return -1;
    const msg = readU32(this.header, 0);
    const sync = readU32(this.header, 8);
    this.body = null;
    this.headerHave = 0;
    this.bodyHave = 0;
    this.sink.onFrame(msg, sync, body);
    return offset;
  }

  private startBody(): void {
    const length = readU32(this.header, 4);
    if (length > this.maxBody) throw this.tooLarge(length);
    this.body = new Uint8Array(length);
    this.bodyHave = 0;
  }

  private keep(chunk: Uint8Array, offset: number): void {
    const rest = chunk.length - offset;
    const headerPart = Math.min(rest, HEADER_SIZE);
    this.header.set(chunk.subarray(offset, offset + headerPart), 0);
    this.headerHave = headerPart;
    if (headerPart < HEADER_SIZE) return;
    this.startBody();
    const body = this.body as Uint8Array;
    body.set(chunk.subarray(offset + HEADER_SIZE), 0);
    this.bodyHave = rest - HEADER_SIZE;
  }

  private tooLarge(length: number): ProtocolError {
    this.stop();
    return new ProtocolError(
      `frame body of ${length} bytes exceeds the maximum frame size of ${this.maxBody + HEADER_SIZE} bytes`,
    );
  }
}
