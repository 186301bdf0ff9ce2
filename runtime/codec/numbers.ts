/**
 * 64-bit integers and floats. 8- to 32-bit integers are read and written inline by generated code; these
 * go through one shared 8-byte scratch area so no DataView has to be allocated per packet.
 */
const scratch = new ArrayBuffer(8);
const bytes = new Uint8Array(scratch);
const f32 = new Float32Array(scratch);
const f64 = new Float64Array(scratch);
const u64 = new BigUint64Array(scratch);
const i64 = new BigInt64Array(scratch);

/** Typed arrays use the host's byte order; iproto runs on little-endian hosts, but stay correct elsewhere. */
const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function load(t: Uint8Array, p: number, width: 4 | 8, le: boolean): void {
  if (le === HOST_LE) {
    for (let i = 0; i < width; i++) bytes[i] = t[p + i]!;
  } else {
    for (let i = 0; i < width; i++) bytes[i] = t[p + width - 1 - i]!;
  }
}

function store(t: Uint8Array, p: number, width: 4 | 8, le: boolean): void {
  if (le === HOST_LE) {
    for (let i = 0; i < width; i++) t[p + i] = bytes[i]!;
  } else {
    for (let i = 0; i < width; i++) t[p + width - 1 - i] = bytes[i]!;
  }
}

export const U64_MAX = 0xffff_ffff_ffff_ffffn;
export const I64_MIN = -0x8000_0000_0000_0000n;
export const I64_MAX = 0x7fff_ffff_ffff_ffffn;

export function readU64(t: Uint8Array, p: number, le: boolean): bigint {
  load(t, p, 8, le);
  return u64[0]!;
}

export function readI64(t: Uint8Array, p: number, le: boolean): bigint {
  load(t, p, 8, le);
  return i64[0]!;
}

/** The caller has range-checked `v` (0 ≤ v ≤ 2^64−1): the typed array would silently wrap. */
export function writeU64(t: Uint8Array, p: number, v: bigint, le: boolean): void {
  u64[0] = v;
  store(t, p, 8, le);
}

/** The caller has range-checked `v` (−2^63 ≤ v < 2^63). */
export function writeI64(t: Uint8Array, p: number, v: bigint, le: boolean): void {
  i64[0] = v;
  store(t, p, 8, le);
}

function u32At(t: Uint8Array, p: number, le: boolean): number {
  return le
    ? (t[p]! | (t[p + 1]! << 8) | (t[p + 2]! << 16) | (t[p + 3]! << 24)) >>> 0
    : ((t[p]! << 24) | (t[p + 1]! << 16) | (t[p + 2]! << 8) | t[p + 3]!) >>> 0;
}

/** A u64 as a number, or −1 when it exceeds 2^53−1 (the caller turns that into a DecodeError). */
export function readU64Number(t: Uint8Array, p: number, le: boolean): number {
  const lo = u32At(t, le ? p : p + 4, le);
  const hi = u32At(t, le ? p + 4 : p, le);
  return hi > 0x1f_ffff ? -1 : hi * 4294967296 + lo;
}

/** An i64 as a number, or NaN when it is not a safe integer (the caller turns that into a DecodeError). */
export function readI64Number(t: Uint8Array, p: number, le: boolean): number {
  const lo = u32At(t, le ? p : p + 4, le);
  const hi = u32At(t, le ? p + 4 : p, le) | 0;
  const v = hi * 4294967296 + lo;
  return Number.isSafeInteger(v) ? v : NaN;
}

/** Writes a safe integer as 64 bits, two's complement (the caller has checked Number.isSafeInteger). */
export function writeInt64Number(t: Uint8Array, p: number, v: number, le: boolean): void {
  const lo = v >>> 0;
  const hi = (v - lo) / 4294967296;
  const a = le ? p : p + 4;
  const b = le ? p + 4 : p;
  if (le) {
    t[a] = lo; t[a + 1] = lo >>> 8; t[a + 2] = lo >>> 16; t[a + 3] = lo >>> 24;
    t[b] = hi; t[b + 1] = hi >>> 8; t[b + 2] = hi >>> 16; t[b + 3] = hi >>> 24;
  } else {
    t[a] = lo >>> 24; t[a + 1] = lo >>> 16; t[a + 2] = lo >>> 8; t[a + 3] = lo;
    t[b] = hi >>> 24; t[b + 1] = hi >>> 16; t[b + 2] = hi >>> 8; t[b + 3] = hi;
  }
}

export function readF32(t: Uint8Array, p: number, le: boolean): number {
  load(t, p, 4, le);
  return f32[0]!;
}

export function readF64(t: Uint8Array, p: number, le: boolean): number {
  load(t, p, 8, le);
  return f64[0]!;
}

export function writeF32(t: Uint8Array, p: number, v: number, le: boolean): void {
  f32[0] = v;
  store(t, p, 4, le);
}

export function writeF64(t: Uint8Array, p: number, v: number, le: boolean): void {
  f64[0] = v;
  store(t, p, 8, le);
}
