/**
 * BER-compressed unsigned integers, Perl pack 'w': 7 bits a byte, most significant group first, the high
 * bit set on every byte but the last. Readers report failure by a negative sentinel instead of throwing,
 * so the generated caller can raise a DecodeError that names the message, field and offset.
 */
import type { DecodeCursor } from "./cursor.js";

/** The body ended inside the varint. */
export const VARINT_TRUNCATED = -1;
/** The value does not fit the representation (2^53−1 for numbers, 2^64−1 for bigints). */
export const VARINT_OVERFLOW = -2;
/** A leading 0x80 byte: Perl never writes one, and accepting it would make lengths ambiguous. */
export const VARINT_NONCANONICAL = -3;

/** Encoded size of a safe non-negative integer. */
export function varintSize(v: number): number {
  if (v < 0x80) return 1;
  if (v < 0x4000) return 2;
  if (v < 0x20_0000) return 3;
  if (v < 0x1000_0000) return 4;
  if (v < 0x8_0000_0000) return 5;
  if (v < 0x400_0000_0000) return 6;
  if (v < 0x2_0000_0000_0000) return 7;
  return 8;
}

export function varintSizeBig(v: bigint): number {
  if (v <= 0x1f_ffff_ffff_ffffn) return varintSize(Number(v));
  let n = 8;
  for (let rest = v >> 56n; rest > 0n; rest >>= 7n) n++;
  return n;
}

/** Writes a safe non-negative integer at `p`; returns the offset after it. */
export function writeVarint(t: Uint8Array, p: number, v: number): number {
  const n = varintSize(v);
  let i = p + n - 1;
  t[i] = v % 128;
  v = Math.floor(v / 128);
  while (i > p) {
    t[--i] = 0x80 | v % 128;
    v = Math.floor(v / 128);
  }
  return p + n;
}

export function writeVarintBig(t: Uint8Array, p: number, v: bigint): number {
  if (v <= 0x1f_ffff_ffff_ffffn) return writeVarint(t, p, Number(v));
  const n = varintSizeBig(v);
  let i = p + n - 1;
  t[i] = Number(v & 0x7fn);
  v >>= 7n;
  while (i > p) {
    t[--i] = 0x80 | Number(v & 0x7fn);
    v >>= 7n;
  }
  return p + n;
}

/** Reads a varint at `p` (< end) as a number; sets `c.pos` past it. Returns a negative VARINT_* on failure. */
export function readVarint(t: Uint8Array, p: number, end: number, c: DecodeCursor): number {
  if (p >= end) return VARINT_TRUNCATED;
  let b = t[p++]!;
  if (b === 0x80) return VARINT_NONCANONICAL;
  let v = b & 0x7f;
  while (b >= 0x80) {
    if (p >= end) return VARINT_TRUNCATED;
    // 2^46 * 128 already exceeds 2^53 - 1; below it, v * 128 + 127 stays a safe integer.
    if (v >= 0x4000_0000_0000) return VARINT_OVERFLOW;
    b = t[p++]!;
    v = v * 128 + (b & 0x7f);
  }
  c.pos = p;
  return v;
}

const BIG_LIMIT = 1n << 57n;

/** As readVarint, up to 2^64−1, as a bigint; failures are the same negative codes as bigints. */
export function readVarintBig(t: Uint8Array, p: number, end: number, c: DecodeCursor): bigint {
  if (p >= end) return BigInt(VARINT_TRUNCATED);
  let b = t[p++]!;
  if (b === 0x80) return BigInt(VARINT_NONCANONICAL);
  let small = b & 0x7f;
  // Accumulate in a number while it is exact (< 2^46 before the shift), then switch to bigint.
  while (b >= 0x80 && small < 0x4000_0000_0000) {
    if (p >= end) return BigInt(VARINT_TRUNCATED);
    b = t[p++]!;
    small = small * 128 + (b & 0x7f);
  }
  let v = BigInt(small);
  while (b >= 0x80) {
    if (p >= end) return BigInt(VARINT_TRUNCATED);
    if (v >= BIG_LIMIT) return BigInt(VARINT_OVERFLOW);
    b = t[p++]!;
    v = (v << 7n) | BigInt(b & 0x7f);
  }
  if (v > 0xffff_ffff_ffff_ffffn) return BigInt(VARINT_OVERFLOW);
  c.pos = p;
  return v;
}
