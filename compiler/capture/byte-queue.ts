/**
 * A FIFO of stream bytes in one contiguous buffer, so that header reads at any position are a plain
 * index. The reader keeps it bounded (about one maximum frame), never the input's size.
 */
export class ByteQueue {
  private storage = new Uint8Array(256);
  private head = 0;
  private tail = 0;

  get length(): number {
    return this.tail - this.head;
  }

  append(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.tail + bytes.length > this.storage.length) this.makeRoom(bytes.length);
    this.storage.set(bytes, this.tail);
    this.tail += bytes.length;
  }

  /** Little-endian u32 at `index` (relative to the first queued byte); the caller checks the bound. */
  u32At(index: number): number {
    const p = this.head + index;
    const s = this.storage;
    return ((s[p] as number) | ((s[p + 1] as number) << 8) | ((s[p + 2] as number) << 16) | ((s[p + 3] as number) << 24)) >>> 0;
  }

  /** A copy of `count` bytes starting at `index`: a frame body must outlive the queue's reuse. */
  copy(index: number, count: number): Uint8Array {
    return this.storage.slice(this.head + index, this.head + index + count);
  }

  discard(count: number): void {
    this.head += Math.min(count, this.length);
    if (this.head === this.tail) {
      this.head = 0;
      this.tail = 0;
      // Give back a buffer that grew for one big frame.
      if (this.storage.length > 1 << 20) this.storage = new Uint8Array(256);
    }
  }

  clear(): void {
    this.discard(this.length);
  }

  private makeRoom(extra: number): void {
    const live = this.length;
    let capacity = this.storage.length;
    while (capacity < live + extra) capacity *= 2;
    if (capacity === this.storage.length) {
      this.storage.copyWithin(0, this.head, this.tail);
    } else {
      const grown = new Uint8Array(capacity);
      grown.set(this.storage.subarray(this.head, this.tail));
      this.storage = grown;
    }
    this.head = 0;
    this.tail = live;
  }
}
