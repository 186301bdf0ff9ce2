/**
 * 64-bit integers and floats. 8- to 32-bit integers are read and written inline by generated code; these
 * go through one shared 8-byte scratch area (no DataView allocated per packet), one function per byte
 * order and width so the hot path has no loops and no byte-order branches beyond the host check.
 */
const scratch = new ArrayBuffer(8);
const s = new Uint8Array(scratch);
const f32 = new Float32Array(scratch);
const f64 = new Float64Array(scratch);
const u64 = new BigUint64Array(scratch);
const i64 = new BigInt64Array(scratch);

/** Typed arrays use the host's byte order; iproto runs on little-endian hosts, but stay correct elsewhere. */
export const HOST_LE: boolean = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The scratch area itself, for generated code: on a little-endian host it converts floats inline (a call
 * per float costs a third of a small struct's decode time); elsewhere it calls the functions below.
 * Encoding and decoding are synchronous, so one shared area is safe.
 */
export const SCRATCH: Uint8Array = s;
export const SCRATCH_F32: Float32Array = f32;
export const SCRATCH_F64: Float64Array = f64;

/** Copies 4 bytes at t[p] into the scratch area in host order; `le`: the wire order is little-endian. */
function load4(t: Uint8Array, p: number, le: boolean): void {
  if (le === HOST_LE) {
    s[0] = t[p]!; s[1] = t[p + 1]!; s[2] = t[p + 2]!; s[3] = t[p + 3]!;
  } else {
    s[3] = t[p]!; s[2] = t[p + 1]!; s[1] = t[p + 2]!; s[0] = t[p + 3]!;
  }
}

function load8(t: Uint8Array, p: number, le: boolean): void {
  if (le === HOST_LE) {
    s[0] = t[p]!; s[1] = t[p + 1]!; s[2] = t[p + 2]!; s[3] = t[p + 3]!;
    s[4] = t[p + 4]!; s[5] = t[p + 5]!; s[6] = t[p + 6]!; s[7] = t[p + 7]!;
  } else {
    s[7] = t[p]!; s[6] = t[p + 1]!; s[5] = t[p + 2]!; s[4] = t[p + 3]!;
    s[3] = t[p + 4]!; s[2] = t[p + 5]!; s[1] = t[p + 6]!; s[0] = t[p + 7]!;
  }
}

function store4(t: Uint8Array, p: number, le: boolean): void {
  if (le === HOST_LE) {
    t[p] = s[0]!; t[p + 1] = s[1]!; t[p + 2] = s[2]!; t[p + 3] = s[3]!;
  } else {
    t[p] = s[3]!; t[p + 1] = s[2]!; t[p + 2] = s[1]!; t[p + 3] = s[0]!;
  }
}

function store8(t: Uint8Array, p: number, le: boolean): void {
  if (le === HOST_LE) {
    t[p] = s[0]!; t[p + 1] = s[1]!; t[p + 2] = s[2]!; t[p + 3] = s[3]!;
    t[p + 4] = s[4]!; t[p + 5] = s[5]!; t[p + 6] = s[6]!; t[p + 7] = s[7]!;
  } else {
    t[p] = s[7]!; t[p + 1] = s[6]!; t[p + 2] = s[5]!; t[p + 3] = s[4]!;
    t[p + 4] = s[3]!; t[p + 5] = s[2]!; t[p + 6] = s[1]!; t[p + 7] = s[0]!;
  }
}

export const U64_MAX = 0xffff_ffff_ffff_ffffn;
export const I64_MIN = -0x8000_0000_0000_0000n;
export const I64_MAX = 0x7fff_ffff_ffff_ffffn;

export function readF32LE(t: Uint8Array, p: number): number {
  load4(t, p, true);
  return f32[0]!;
}
export function readF32BE(t: Uint8Array, p: number): number {
  load4(t, p, false);
  return f32[0]!;
}
export function readF64LE(t: Uint8Array, p: number): number {
  load8(t, p, true);
  return f64[0]!;
}
export function readF64BE(t: Uint8Array, p: number): number {
  load8(t, p, false);
  return f64[0]!;
}
export function writeF32LE(t: Uint8Array, p: number, v: number): void {
  f32[0] = v;
  store4(t, p, true);
}
export function writeF32BE(t: Uint8Array, p: number, v: number): void {
  f32[0] = v;
  store4(t, p, false);
}
export function writeF64LE(t: Uint8Array, p: number, v: number): void {
  f64[0] = v;
  store8(t, p, true);
}
export function writeF64BE(t: Uint8Array, p: number, v: number): void {
  f64[0] = v;
  store8(t, p, false);
}

export function readU64LE(t: Uint8Array, p: number): bigint {
  load8(t, p, true);
  return u64[0]!;
}
export function readU64BE(t: Uint8Array, p: number): bigint {
  load8(t, p, false);
  return u64[0]!;
}
export function readI64LE(t: Uint8Array, p: number): bigint {
  load8(t, p, true);
  return i64[0]!;
}
export function readI64BE(t: Uint8Array, p: number): bigint {
  load8(t, p, false);
  return i64[0]!;
}
/** The caller has range-checked `v` (0 ≤ v ≤ 2^64−1): the typed array would silently wrap. */
export function writeU64LE(t: Uint8Array, p: number, v: bigint): void {
  u64[0] = v;
  store8(t, p, true);
}
export function writeU64BE(t: Uint8Array, p: number, v: bigint): void {
  u64[0] = v;
  store8(t, p, false);
}
/** The caller has range-checked `v` (−2^63 ≤ v < 2^63). */
export function writeI64LE(t: Uint8Array, p: number, v: bigint): void {
  i64[0] = v;
  store8(t, p, true);
}
export function writeI64BE(t: Uint8Array, p: number, v: bigint): void {
  i64[0] = v;
  store8(t, p, false);
}

/** A u64 as a number, or −1 when it exceeds 2^53−1 (the caller turns that into a DecodeError). */
export function readU64LENumber(t: Uint8Array, p: number): number {
  const hi = (t[p + 4]! | (t[p + 5]! << 8) | (t[p + 6]! << 16) | (t[p + 7]! << 24)) >>> 0;
  if (hi > 0x1f_ffff) return -1;
  return hi * 4294967296 + ((t[p]! | (t[p + 1]! << 8) | (t[p + 2]! << 16) | (t[p + 3]! << 24)) >>> 0);
}
export function readU64BENumber(t: Uint8Array, p: number): number {
  const hi = ((t[p]! << 24) | (t[p + 1]! << 16) | (t[p + 2]! << 8) | t[p + 3]!) >>> 0;
  if (hi > 0x1f_ffff) return -1;
  return hi * 4294967296 + (((t[p + 4]! << 24) | (t[p + 5]! << 16) | (t[p + 6]! << 8) | t[p + 7]!) >>> 0);
}
/** An i64 as a number, or NaN when it is not a safe integer (the caller turns that into a DecodeError). */
export function readI64LENumber(t: Uint8Array, p: number): number {
  const hi = t[p + 4]! | (t[p + 5]! << 8) | (t[p + 6]! << 16) | (t[p + 7]! << 24);
  const v = hi * 4294967296 + ((t[p]! | (t[p + 1]! << 8) | (t[p + 2]! << 16) | (t[p + 3]! << 24)) >>> 0);
  return Number.isSafeInteger(v) ? v : NaN;
}
export function readI64BENumber(t: Uint8Array, p: number): number {
  const hi = (t[p]! << 24) | (t[p + 1]! << 16) | (t[p + 2]! << 8) | t[p + 3]!;
  const v = hi * 4294967296 + (((t[p + 4]! << 24) | (t[p + 5]! << 16) | (t[p + 6]! << 8) | t[p + 7]!) >>> 0);
  return Number.isSafeInteger(v) ? v : NaN;
}

/** Writes a safe integer as 64 bits, two's complement (the caller has checked Number.isSafeInteger). */
export function writeInt64LENumber(t: Uint8Array, p: number, v: number): void {
  const lo = v >>> 0;
  const hi = (v - lo) / 4294967296;
  t[p] = lo; t[p + 1] = lo >>> 8; t[p + 2] = lo >>> 16; t[p + 3] = lo >>> 24;
  t[p + 4] = hi; t[p + 5] = hi >>> 8; t[p + 6] = hi >>> 16; t[p + 7] = hi >>> 24;
}
export function writeInt64BENumber(t: Uint8Array, p: number, v: number): void {
  const lo = v >>> 0;
  const hi = (v - lo) / 4294967296;
  t[p] = hi >>> 24; t[p + 1] = hi >>> 16; t[p + 2] = hi >>> 8; t[p + 3] = hi;
  t[p + 4] = lo >>> 24; t[p + 5] = lo >>> 16; t[p + 6] = lo >>> 8; t[p + 7] = lo;
}

// Byte order as a parameter (used by runtime/pack; generated code calls the fixed-order functions above).

export function readF32(t: Uint8Array, p: number, le: boolean): number {
  load4(t, p, le);
  return f32[0]!;
}
export function readF64(t: Uint8Array, p: number, le: boolean): number {
  load8(t, p, le);
  return f64[0]!;
}
export function writeF32(t: Uint8Array, p: number, v: number, le: boolean): void {
  f32[0] = v;
  store4(t, p, le);
}
export function writeF64(t: Uint8Array, p: number, v: number, le: boolean): void {
  f64[0] = v;
  store8(t, p, le);
}
export function readU64(t: Uint8Array, p: number, le: boolean): bigint {
  load8(t, p, le);
  return u64[0]!;
}
export function readI64(t: Uint8Array, p: number, le: boolean): bigint {
  load8(t, p, le);
  return i64[0]!;
}
export function writeU64(t: Uint8Array, p: number, v: bigint, le: boolean): void {
  u64[0] = v;
  store8(t, p, le);
}
export function writeI64(t: Uint8Array, p: number, v: bigint, le: boolean): void {
  i64[0] = v;
  store8(t, p, le);
}
export function readU64Number(t: Uint8Array, p: number, le: boolean): number {
  return le ? readU64LENumber(t, p) : readU64BENumber(t, p);
}
export function readI64Number(t: Uint8Array, p: number, le: boolean): number {
  return le ? readI64LENumber(t, p) : readI64BENumber(t, p);
}
export function writeInt64Number(t: Uint8Array, p: number, v: number, le: boolean): void {
  if (le) writeInt64LENumber(t, p, v);
  else writeInt64BENumber(t, p, v);
}
