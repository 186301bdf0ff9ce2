/** A growable byte buffer for pack: doubles on demand, so a template of any shape costs O(n). */

/** Packing more than this is a runaway template (`x2000000000`), not a message. */
export const MAX_PACK_BYTES: number = 1 << 30;

export class ByteWriter {
  buf: Uint8Array;
  pos = 0;

  constructor(initial = 64) {
    this.buf = new Uint8Array(initial);
  }

  /**
   * Makes room for `n` more bytes. Returns false when that would exceed MAX_PACK_BYTES, so the caller can
   * raise an error that names its template.
   */
  reserve(n: number): boolean {
    const need = this.pos + n;
    if (need <= this.buf.length) return true;
    if (need > MAX_PACK_BYTES) return false;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(Math.min(size, MAX_PACK_BYTES));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    return true;
  }

  /** The bytes written, trimmed to size (a copy only when the buffer is larger than the result). */
  result(): Uint8Array {
    return this.pos === this.buf.length ? this.buf : this.buf.slice(0, this.pos);
  }
}
