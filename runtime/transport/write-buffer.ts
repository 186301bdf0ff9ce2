/**
 * The connection's outgoing bytes for the current event-loop turn. Requests encode straight into it
 * (`encodeInto`), and one flush hands the whole batch to the socket as a single write. The memory is
 * reused from turn to turn unless the socket kept a reference to it (a write the kernel did not take at
 * once); only then is a fresh buffer allocated.
 */
const INITIAL_CAPACITY = 16 * 1024;
/**
 * Default bound of a connection's unsent bytes (`maxWriteBuffer`): past it, a connection whose peer does
 * not read is treated as stuck. One definition for the client's option and the connection's fallback.
 */
export const DEFAULT_MAX_WRITE_BUFFER: number = 16 * 1024 * 1024;
/** A buffer grown past this by one large batch is not kept for the next turn. */
const KEEP_CAPACITY = 1024 * 1024;

export class WriteBuffer {
  bytes: Buffer = Buffer.allocUnsafeSlow(INITIAL_CAPACITY);
  length = 0;
  /** Ranges (start, end pairs) cut out of the batch, closed up by `closeCuts` before it is written. */
  private cuts: number[] = [];

  /** Makes room for `size` more bytes after `length`. */
  reserve(size: number): void {
    const needed = this.length + size;
    if (needed <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const next = Buffer.allocUnsafeSlow(capacity);
    this.bytes.copy(next, 0, 0, this.length);
    this.bytes = next;
  }

  /** The batch as a view; the buffer is empty afterwards. Call `release` once the view was written. */
  take(): Buffer {
    const view = this.bytes.subarray(0, this.length);
    this.length = 0;
    return view;
  }

  /** `stillReferenced`: the socket queued the view instead of writing it through, so it must not be reused. */
  release(stillReferenced: boolean): void {
    if (stillReferenced || this.bytes.length > KEEP_CAPACITY) this.bytes = Buffer.allocUnsafeSlow(INITIAL_CAPACITY);
  }

  /** Drops the bytes of a frame that must not be written after all (its request gave up). */
  cut(start: number, end: number): void {
    this.cuts.push(start, end);
  }

  /** Closes the gaps `cut` left (rare: a deadline within one turn), so the batch is contiguous again. */
  closeCuts(): void {
    if (this.cuts.length === 0) return;
    const ranges: [number, number][] = [];
    for (let i = 0; i < this.cuts.length; i += 2) ranges.push([this.cuts[i] as number, this.cuts[i + 1] as number]);
    ranges.sort((a, b) => a[0] - b[0]);
    let write = (ranges[0] as [number, number])[0];
    for (let i = 0; i < ranges.length; i++) {
      const from = (ranges[i] as [number, number])[1];
      const to = i + 1 < ranges.length ? (ranges[i + 1] as [number, number])[0] : this.length;
      this.bytes.copyWithin(write, from, to);
      write += to - from;
    }
    this.length = write;
    this.cuts = [];
  }

  clear(): void {
    this.length = 0;
    this.cuts = [];
    if (this.bytes.length > KEEP_CAPACITY) this.bytes = Buffer.allocUnsafeSlow(INITIAL_CAPACITY);
  }
}
