/** Byte-level helpers shared by generated encoders and decoders. */

/** A packet buffer. Pooled and not zero-filled: generated encoders write every byte, padding included. */
export function allocPacket(size: number): Uint8Array {
  return Buffer.allocUnsafe(size);
}

/** Copies `src` to `t` at `p`; returns the offset after it. A loop beats `set` for a handful of bytes. */
export function writeBytes(t: Uint8Array, p: number, src: Uint8Array): number {
  const n = src.length;
  if (n > 16) {
    t.set(src, p);
    return p + n;
  }
  for (let i = 0; i < n; i++) t[p + i] = src[i]!;
  return p + n;
}

/** Index of the first NUL in t[p, end), or −1. */
export function nulIndex(t: Uint8Array, p: number, end: number): number {
  for (let i = p; i < end; i++) if (t[i] === 0) return i;
  return -1;
}

/** Does `s` contain U+0000 (which a NUL-terminated field cannot carry)? */
export function hasNulChar(s: string): boolean {
  return s.indexOf("\0") !== -1;
}

/**
 * End of a Perl `A` field's content: trailing NULs and whitespace (space, \t, \n, \v, \f, \r) are
 * stripped on decode, exactly as Perl's unpack 'A' does.
 */
export function trimSpaceEnd(t: Uint8Array, p: number, end: number): number {
  while (end > p) {
    const b = t[end - 1]!;
    if (b !== 0x20 && b !== 0 && (b < 0x09 || b > 0x0d)) break;
    end--;
  }
  return end;
}
