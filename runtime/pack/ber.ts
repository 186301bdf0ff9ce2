/**
 * Perl's `w` (BER compressed integer) as unpack reads it. Unlike the generated-code reader in
 * runtime/codec/varint.ts, Perl accepts any length and leading 0x80 bytes, so this one is private to the
 * pack templates. Writing is shared: codec's writeVarint/writeVarintBig produce Perl's bytes.
 */

/** One `w` value longer than this is hostile input (Perl would build an ever larger decimal string). */
export const MAX_BER_BYTES = 4096;

export type BerResult =
  | { readonly ok: true; readonly value: number | bigint; readonly end: number }
  | { readonly ok: false; readonly reason: "unterminated" | "too long" };

const SAFE_LIMIT = 2 ** 46; // below it, v * 128 + 127 is still a safe integer

/**
 * Reads one value at `p` (< end). Values up to 2^53−1 come back as numbers, larger ones as bigints.
 */
export function readBer(t: Uint8Array, p: number, end: number): BerResult {
  const start = p;
  let small = 0;
  let b: number;
  do {
    if (p >= end) return { ok: false, reason: "unterminated" };
    b = t[p++]!;
    small = small * 128 + (b & 0x7f);
  } while (b >= 0x80 && small < SAFE_LIMIT);
  if (b < 0x80) return { ok: true, value: small, end: p };
  // Large: gather 7-byte chunks (49 bits) in a number, then fold them into the bigint.
  let big = BigInt(small);
  while (b >= 0x80) {
    let chunk = 0;
    let bits = 0n;
    do {
      if (p >= end) return { ok: false, reason: "unterminated" };
      if (p - start >= MAX_BER_BYTES) return { ok: false, reason: "too long" };
      b = t[p++]!;
      chunk = chunk * 128 + (b & 0x7f);
      bits += 7n;
    } while (b >= 0x80 && bits < 49n);
    big = (big << bits) | BigInt(chunk);
  }
  const value = big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  return { ok: true, value, end: p };
}
