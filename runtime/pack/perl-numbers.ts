/**
 * How Perl turns a scalar into the integer that `pack` writes, and back. Perl converts every value to a
 * 64-bit IV/UV first (truncating fractions toward zero, clamping what lies outside [-2^63, 2^64)), then
 * keeps the low bits the letter needs: that is why `pack("C", -1)` is 0xFF and `pack("L", 1e20)` is
 * 0xFFFFFFFF. These helpers reproduce that pipeline for JavaScript numbers and bigints.
 */

const TWO63 = 2 ** 63;
const TWO64 = 2 ** 64;
const IV_MIN = -(2n ** 63n);
const UV_MAX = 2n ** 64n - 1n;

/**
 * The low 32 bits (as an int32) of Perl's 64-bit integer for a finite number. `v | 0` is ToInt32, which
 * truncates toward zero and wraps modulo 2^32: exactly the low word of Perl's cast, inside [-2^63, 2^64).
 * Outside it Perl clamps to IV_MIN (low word 0) or UV_MAX (all ones).
 */
export function low32(v: number): number {
  if (v >= TWO64) return -1;
  if (v < -TWO63) return 0;
  return v | 0;
}

/** A bigint as Perl sees the same decimal string: exact inside [IV_MIN, UV_MAX], clamped outside. */
export function clampBig(b: bigint): bigint {
  return b > UV_MAX ? UV_MAX : b < IV_MIN ? IV_MIN : b;
}

/** The 64-bit pattern (0 ≤ result < 2^64) Perl's SvIV/SvUV give a finite number or a bigint. */
export function bits64(v: number | bigint): bigint {
  if (typeof v === "bigint") return BigInt.asUintN(64, clampBig(v));
  if (v >= TWO64) return UV_MAX;
  if (v < -TWO63) return 2n ** 63n;
  return BigInt.asUintN(64, BigInt(Math.trunc(v)));
}

/** Perl's SvIV of a number or bigint, as a signed 64-bit bigint (NaN is 0, as perl's cast gives). */
export function toIV(v: number | bigint): bigint {
  if (typeof v === "number" && Number.isNaN(v)) return 0n;
  if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
  return BigInt.asIntN(64, bits64(v));
}

const INT_TEXT = /^[\t\n\v\f\r ]*([+-]?\d+)[\t\n\v\f\r ]*$/;
const NUMBER_PREFIX = /^[\t\n\v\f\r ]*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const INF_NAN_PREFIX = /^[\t\n\v\f\r ]*([+-]?)(inf|nan)/i;

/**
 * Perl's SvIV of a byte string, for the rare template where unpack takes a `/` count from a string item
 * (`A3/a*`). A whole decimal integer is exact; otherwise the longest numeric prefix is read as a double,
 * as perl's Atof does; "inf" and "nan" follow perl's casts; anything else is 0.
 */
export function stringToIV(bytes: Uint8Array): bigint {
  const text = String.fromCharCode(...bytes.subarray(0, 256));
  const whole = INT_TEXT.exec(text);
  if (whole !== null) return BigInt.asIntN(64, clampBig(BigInt(whole[1]!)));
  const prefix = NUMBER_PREFIX.exec(text);
  if (prefix !== null) return toIV(Number(prefix[0].trim()));
  const special = INF_NAN_PREFIX.exec(text);
  if (special === null || special[2]!.toLowerCase() === "nan") return 0n;
  return toIV(special[1] === "-" ? -Infinity : Infinity);
}

/** Decimal text of an integer value written into a string letter, as Perl stringifies an IV. */
export function integerText(v: number | bigint): string | undefined {
  if (typeof v === "bigint") return v.toString();
  return Number.isSafeInteger(v) ? String(v) : undefined;
}
