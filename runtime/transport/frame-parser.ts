/**
 * Splits a byte stream into iproto frames (12-byte little-endian header: msg, body length, sync; then the
 * body). Chunks may split or join frames anywhere. A frame wholly inside a chunk is handed out as a view
 * of that chunk (no copy); a frame that spans chunks is assembled in a buffer of its own, so a body
 * handed out is never overwritten later. That buffer grows as bytes arrive (doubling, up to the announced
 * length): a 12-byte header announcing 64 MiB costs what was actually sent, not 64 MiB up front.
 */
import { ProtocolError } from "../core/errors.js";
import { HEADER_SIZE, readU32 } from "../framing/header.js";

/** Default maximum frame size (header + body): generous, yet far below a corrupt 0xFFFFFFFF length. */
export const DEFAULT_MAX_FRAME_SIZE: number = 64 * 1024 * 1024;
/** First allocation for a body that spans chunks; it doubles as more of the body arrives. */
const FIRST_BODY_CAPACITY = 64 * 1024;

export interface FrameSink {
  onFrame(msg: number, sync: number, body: Uint8Array): void;
}

export class FrameParser {
  private readonly maxBody: number;
  /** Header bytes of a frame that spans chunks. */
  private readonly header = new Uint8Array(HEADER_SIZE);
  private headerHave = 0;
  /** Body of a frame that spans chunks, once its header is complete; may be shorter than `bodyLength`. */
  private body: Uint8Array | null = null;
  private bodyLength = 0;
  private bodyHave = 0;
  private stopped = false;
  /** `pause()` was called: frames wait, the rest of the chunk is kept in `held` until `resume()`. */
  private paused = false;
  private held: Uint8Array | null = null;

  constructor(
    private readonly sink: FrameSink,
    maxFrameSize: number = DEFAULT_MAX_FRAME_SIZE,
  ) {
    this.maxBody = maxFrameSize - HEADER_SIZE;
  }

  /** Bytes held of a frame not yet complete, and unparsed bytes held while paused. */
  get buffered(): number {
    return this.partialHeld + this.unparsed;
  }

  /** Bytes received of a frame not yet complete (not counting what waits, unparsed, while paused). */
  get partialHeld(): number {
    return this.headerHave + this.bodyHave;
  }

  /** Unparsed bytes held while paused: received, not yet looked at. */
  get unparsed(): number {
    return this.held?.length ?? 0;
  }

  /** Stops handing out frames, even from the chunk being parsed (the connection is gone). */
  stop(): void {
    this.stopped = true;
    this.held = null;
    this.body = null;
    this.headerHave = 0;
    this.bodyHave = 0;
  }

  /**
   * Hands out no more frames until `resume()`, not even from the chunk being parsed: a sink that cannot
   * take more work (a server whose peer does not read its replies) stops here, and the rest of the
   * chunk waits (one chunk at most: the caller stops reading its socket too).
   */
  pause(): void {
    this.paused = true;
  }

  /** Hands out the frames held since `pause()`. Throws as `push` does. */
  resume(): void {
    this.paused = false;
    const held = this.held;
    this.held = null;
    if (held !== null) this.push(held);
  }

  /** Throws `ProtocolError` when a frame announces a body over the maximum: the stream is then corrupt. */
  push(chunk: Uint8Array): void {
    if (this.stopped) return;
    if (this.paused) {
      this.hold(chunk, 0);
      return;
    }
    let offset = 0;
    const end = chunk.length;
    if (this.headerHave > 0) {
      offset = this.continueFrame(chunk);
      if (offset < 0 || this.stopped) return;
      if (this.paused) return this.hold(chunk, offset);
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
      if (this.paused) return this.hold(chunk, offset);
    }
    if (offset < end) this.keep(chunk, offset);
  }

  /** Keeps unparsed bytes while paused (copied: the socket reuses nothing, but a caller's array may change). */
  private hold(chunk: Uint8Array, offset: number): void {
    if (offset >= chunk.length) return;
    const rest = chunk.slice(offset);
    if (this.held === null) this.held = rest;
    else {
      const joined = new Uint8Array(this.held.length + rest.length);
      joined.set(this.held);
      joined.set(rest, this.held.length);
      this.held = joined;
    }
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
    const take = Math.min(this.bodyLength - this.bodyHave, chunk.length - offset);
    const body = this.room(this.bodyHave + take);
    body.set(chunk.subarray(offset, offset + take), this.bodyHave);
    this.bodyHave += take;
    offset += take;
    if (this.bodyHave < this.bodyLength) return -1;
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
    this.bodyLength = length;
    this.body = new Uint8Array(Math.min(length, FIRST_BODY_CAPACITY));
    this.bodyHave = 0;
  }

  /** The body buffer with room for `needed` bytes: doubled (up to the announced length) when short. */
  private room(needed: number): Uint8Array {
    const body = this.body as Uint8Array;
    if (needed <= body.length) return body;
    const grown = new Uint8Array(Math.min(this.bodyLength, Math.max(needed, body.length * 2)));
    grown.set(body.subarray(0, this.bodyHave));
    this.body = grown;
    return grown;
  }

  private keep(chunk: Uint8Array, offset: number): void {
    const rest = chunk.length - offset;
    const headerPart = Math.min(rest, HEADER_SIZE);
    this.header.set(chunk.subarray(offset, offset + headerPart), 0);
    this.headerHave = headerPart;
    if (headerPart < HEADER_SIZE) return;
    this.startBody();
    const body = this.room(rest - HEADER_SIZE);
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
