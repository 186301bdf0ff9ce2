/**
 * Cuts one direction of a byte stream into iproto frames (12-byte header: msg, body length, sync, all
 * little-endian u32, then the body), and regains the frame boundaries when they are lost: a capture
 * that starts mid-stream, a gap, an absurd or implausible header.
 *
 * Resynchronisation tries every byte position in order. A candidate header is kept when it is
 * plausible and so is the chain of headers its length leads to (up to CHAIN_STEPS), or when that chain
 * ends exactly at the end of the bytes received: writers of the family send whole frames, so a segment
 * end is usually a frame end, and random bytes rarely chain that far. A candidate whose frame is not
 * yet complete waits for more bytes, which bounds the queue to about one maximum frame.
 */
import { ByteQueue } from "./byte-queue.js";
import type { ResolvedOptions } from "./options.js";
import type { Anomaly, AnomalyKind, CaptureItem, ConnectionId, Direction, IProtoHeader, Timestamp } from "./types.js";

export const HEADER_SIZE = 12;
const CHAIN_STEPS = 4;

/** Where the bytes of one push came from, for the items' locations. */
export interface ChunkOrigin {
  readonly packet?: number;
  readonly timestamp?: Timestamp;
  /** Input offset of the chunk's first byte, when the stream bytes are the input's bytes. */
  readonly fileOffset?: number;
  readonly line?: number;
}

interface Mark {
  readonly offset: number;
  readonly origin: ChunkOrigin;
}

type Verdict = "accept" | "reject" | "undecided";

export class FrameAssembler {
  private readonly queue = new ByteQueue();
  private marks: Mark[] = [];
  private synced: boolean;
  /** Stream offset of the queue's first byte. */
  private headOffset = 0;
  /** Body bytes still to drop after a gap inside a frame whose end is known. */
  private skip = 0;
  /** Bytes given up while hunting, reported once sync is regained. */
  private skipped = 0;
  private skippedFrom = 0;

  constructor(
    private readonly connection: ConnectionId,
    private readonly direction: Direction,
    private readonly options: ResolvedOptions,
    /** True when the stream is known to start at a frame boundary (handshake seen, start of a file). */
    synced: boolean,
    startOffset = 0,
  ) {
    this.synced = synced;
    this.headOffset = startOffset;
    this.skippedFrom = startOffset;
  }

  /** Stream offset of the next byte expected. */
  get nextOffset(): number {
    return this.headOffset + this.queue.length + this.skip;
  }

  push(bytes: Uint8Array, origin: ChunkOrigin, out: CaptureItem[]): void {
    this.out = out;
    if (this.skip > 0) {
      const dropped = Math.min(this.skip, bytes.length);
      this.skip -= dropped;
      this.headOffset += dropped;
      bytes = bytes.subarray(dropped);
      origin = origin.fileOffset === undefined ? origin : { ...origin, fileOffset: origin.fileOffset + dropped };
      if (bytes.length === 0) return;
    }
    this.marks.push({ offset: this.headOffset + this.queue.length, origin });
    this.queue.append(bytes);
    this.process(false);
  }

  /** `missing` bytes of the stream will never arrive. */
  gap(missing: number, out: CaptureItem[]): void {
    this.out = out;
    if (this.skip > 0) {
      const inside = Math.min(this.skip, missing);
      this.skip -= inside;
      this.headOffset += inside;
      missing -= inside;
      if (missing === 0) return;
    }
    const header = this.synced && this.queue.length >= HEADER_SIZE ? this.headerAt(0) : undefined;
    const frameSize = header === undefined ? 0 : HEADER_SIZE + header.length;
    if (header !== undefined && this.queue.length + missing <= frameSize) {
      // The hole is inside a body whose end the header tells: drop this frame, keep the boundaries.
      this.report("truncated-frame", this.headOffset, `frame msg=${header.msg} sync=${header.sync} lost ${missing} of its ${frameSize} bytes in a gap; frame dropped`, missing);
      this.skip = frameSize - this.queue.length - missing;
      this.headOffset += this.queue.length + missing;
      this.resetQueue();
      return;
    }
    this.process(true);
    this.flush("before a gap");
    this.headOffset += missing;
    this.skippedFrom = this.headOffset;
    this.synced = false;
  }

  /** The stream ended: what is left is a truncated frame or unsynchronised bytes. */
  end(out: CaptureItem[]): void {
    this.out = out;
    this.process(true);
    this.flush("at the end of the stream");
  }

  /** Where the public call being served puts its items. */
  private out: CaptureItem[] = [];

  private process(final: boolean): void {
    for (;;) {
      if (this.synced) {
        if (!this.takeFrame()) break;
      } else if (!this.hunt(final)) break;
    }
  }

  /** Emits the frame at the queue's head if complete; false when more bytes are needed. */
  private takeFrame(): boolean {
    if (this.queue.length < HEADER_SIZE) return false;
    const header = this.headerAt(0);
    if (header.length > this.options.maxFrameSize) {
      this.report("absurd-length", this.headOffset, `header msg=${header.msg} sync=${header.sync} announces ${header.length} body bytes, above the ${this.options.maxFrameSize} limit; resynchronising`);
      this.loseSync();
      return true;
    }
    if (this.options.isPlausible !== undefined && !this.options.isPlausible(header, this.direction)) {
      this.report("implausible-header", this.headOffset, `header msg=${header.msg} length=${header.length} sync=${header.sync} rejected by isPlausible; resynchronising`);
      this.loseSync();
      return true;
    }
    const size = HEADER_SIZE + header.length;
    if (this.queue.length < size) return false;
    const first = this.originAt(this.headOffset);
    const last = this.originAt(this.headOffset + size - 1);
    this.out.push({
      kind: "frame",
      direction: this.direction,
      connection: this.connection,
      ...(first.timestamp === undefined ? {} : { timestamp: first.timestamp }),
      header,
      body: this.queue.copy(HEADER_SIZE, header.length),
      offset: this.headOffset,
      ...(first.packet === undefined ? {} : { firstPacket: first.packet }),
      ...(last.packet === undefined ? {} : { lastPacket: last.packet }),
    });
    this.consume(size);
    return true;
  }

  /**
   * One hunting pass; true when sync was regained (the caller goes on), false to wait for bytes. At the
   * end of the stream a candidate whose frame runs past the last byte is only taken when no later
   * candidate chains properly: it is then the truncated last frame.
   */
  private hunt(final: boolean): boolean {
    const available = this.queue.length;
    let fallback: number | undefined;
    for (let i = 0; i + HEADER_SIZE <= available; i++) {
      const verdict = this.judge(i);
      if (verdict === "reject") continue;
      if (verdict === "undecided") {
        if (final) {
          fallback ??= i;
          continue;
        }
        this.giveUp(i);
        return false;
      }
      return this.regain(i);
    }
    if (fallback !== undefined) return this.regain(fallback);
    this.giveUp(final ? available : Math.max(0, available - HEADER_SIZE + 1));
    return false;
  }

  private regain(at: number): boolean {
    this.giveUp(at);
    this.reportSkipped();
    this.synced = true;
    return true;
  }

  private judge(start: number): Verdict {
    const available = this.queue.length;
    let p = start;
    for (let step = 0; step < CHAIN_STEPS; step++) {
      const remaining = available - p;
      if (remaining === 0) return "accept";
      if (remaining < HEADER_SIZE) return "undecided";
      const header = this.headerAt(p);
      if (!this.plausible(header)) return "reject";
      p += HEADER_SIZE + header.length;
      if (p > available) return "undecided";
    }
    return "accept";
  }

  private plausible(header: IProtoHeader): boolean {
    if (header.length > this.options.maxFrameSize) return false;
    return this.options.isPlausible === undefined || this.options.isPlausible(header, this.direction);
  }

  private loseSync(): void {
    this.synced = false;
    this.skippedFrom = this.headOffset;
    this.giveUp(1);
  }

  private giveUp(count: number): void {
    if (count === 0) return;
    if (this.skipped === 0) this.skippedFrom = this.headOffset;
    this.skipped += count;
    this.consume(count);
  }

  private reportSkipped(): void {
    if (this.skipped === 0) return;
    this.report("resync", this.skippedFrom, `skipped ${this.skipped} bytes that do not start a plausible frame`, this.skipped);
    this.skipped = 0;
  }

  /** Reports what cannot become a frame any more and empties the queue. */
  private flush(when: string): void {
    if (this.synced && this.queue.length > 0) {
      if (this.queue.length >= HEADER_SIZE) {
        const header = this.headerAt(0);
        this.report("truncated-frame", this.headOffset, `frame msg=${header.msg} sync=${header.sync} announces ${header.length} body bytes, only ${this.queue.length - HEADER_SIZE} arrived ${when}`, this.queue.length);
      } else {
        this.report("truncated-frame", this.headOffset, `${this.queue.length} of a header's ${HEADER_SIZE} bytes arrived ${when}`, this.queue.length);
      }
      this.consume(this.queue.length);
    } else if (!this.synced) {
      this.giveUp(this.queue.length);
    }
    this.reportSkipped();
  }

  private headerAt(index: number): IProtoHeader {
    return { msg: this.queue.u32At(index), length: this.queue.u32At(index + 4), sync: this.queue.u32At(index + 8) };
  }

  private consume(count: number): void {
    this.queue.discard(count);
    this.headOffset += count;
    while (this.marks.length > 1 && (this.marks[1] as Mark).offset <= this.headOffset) this.marks.shift();
    if (this.queue.length === 0 && this.marks.length > 0) this.marks = [];
  }

  private resetQueue(): void {
    this.queue.clear();
    this.marks = [];
  }

  private originAt(offset: number): ChunkOrigin {
    let found: ChunkOrigin = {};
    for (const mark of this.marks) {
      if (mark.offset > offset) break;
      found = mark.origin;
    }
    return found;
  }

  private report(type: AnomalyKind, offset: number, message: string, bytes?: number): void {
    const origin = this.originAt(offset);
    const anomaly: Anomaly = {
      kind: "anomaly",
      type,
      where: {
        ...(origin.packet === undefined ? {} : { packet: origin.packet }),
        ...(origin.fileOffset === undefined ? {} : { fileOffset: origin.fileOffset + (offset - this.markOffset(offset)) }),
        ...(origin.line === undefined ? {} : { line: origin.line }),
        connection: this.connection,
        direction: this.direction,
        streamOffset: offset,
      },
      message,
      ...(origin.timestamp === undefined ? {} : { timestamp: origin.timestamp }),
      ...(bytes === undefined ? {} : { bytes }),
    };
    this.out.push(anomaly);
  }

  private markOffset(offset: number): number {
    let found = offset;
    for (const mark of this.marks) {
      if (mark.offset > offset) break;
      found = mark.offset;
    }
    return found;
  }
}
