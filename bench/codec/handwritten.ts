/**
 * The practical limit: the benchmark's layouts written by hand, as an experienced engineer would for
 * speed, with the same validation the generated code does (range checks on encode, bounds checks on
 * decode) and the same output (same bytes, same decoded objects). Byte stores for integers, one scratch
 * typed array for floats, pooled allocation.
 */

export interface Ten {
  a: number; b: number; c: number; d: number; e: number; f: number; g: number; h: number; i: number; j: number;
}

export interface Tuple {
  size: number;
  cardinality: number;
  fields: Uint8Array[];
}

const scratch = new ArrayBuffer(8);
const s8 = new Uint8Array(scratch);
const f32 = new Float32Array(scratch);
const f64 = new Float64Array(scratch);

function bad(what: string): Error {
  return new RangeError(`bad ${what}`);
}

export const TEN_SIZE = 42;

export function encodeTen(v: Ten): Uint8Array {
  const t = Buffer.allocUnsafe(TEN_SIZE);
  const { a, b, c, d, e, f, g, h } = v;
  if ((a & 0xff) !== a || ((b << 24) >> 24) !== b || (c & 0xffff) !== c || ((d << 16) >> 16) !== d || e >>> 0 !== e || (f | 0) !== f) throw bad("int");
  if (!(Number.isSafeInteger(g) && g >= 0) || !Number.isSafeInteger(h)) throw bad("int64");
  t[0] = a;
  t[1] = b;
  t[2] = c;
  t[3] = c >>> 8;
  t[4] = d;
  t[5] = d >>> 8;
  t[6] = e;
  t[7] = e >>> 8;
  t[8] = e >>> 16;
  t[9] = e >>> 24;
  t[10] = f;
  t[11] = f >>> 8;
  t[12] = f >>> 16;
  t[13] = f >>> 24;
  let lo = g >>> 0;
  let hi = (g - lo) / 4294967296;
  t[14] = lo; t[15] = lo >>> 8; t[16] = lo >>> 16; t[17] = lo >>> 24;
  t[18] = hi; t[19] = hi >>> 8; t[20] = hi >>> 16; t[21] = hi >>> 24;
  lo = h >>> 0;
  hi = (h - lo) / 4294967296;
  t[22] = lo; t[23] = lo >>> 8; t[24] = lo >>> 16; t[25] = lo >>> 24;
  t[26] = hi; t[27] = hi >>> 8; t[28] = hi >>> 16; t[29] = hi >>> 24;
  f32[0] = v.i;
  t[30] = s8[0]!; t[31] = s8[1]!; t[32] = s8[2]!; t[33] = s8[3]!;
  f64[0] = v.j;
  t[34] = s8[0]!; t[35] = s8[1]!; t[36] = s8[2]!; t[37] = s8[3]!;
  t[38] = s8[4]!; t[39] = s8[5]!; t[40] = s8[6]!; t[41] = s8[7]!;
  return t;
}

export function decodeTen(t: Uint8Array): Ten {
  if (t.length !== TEN_SIZE) throw bad("length");
  const gl = (t[14]! | (t[15]! << 8) | (t[16]! << 16) | (t[17]! << 24)) >>> 0;
  const gh = (t[18]! | (t[19]! << 8) | (t[20]! << 16) | (t[21]! << 24)) >>> 0;
  const hl = (t[22]! | (t[23]! << 8) | (t[24]! << 16) | (t[25]! << 24)) >>> 0;
  const hh = t[26]! | (t[27]! << 8) | (t[28]! << 16) | (t[29]! << 24);
  if (gh > 0x1fffff) throw bad("u64");
  const h = hh * 4294967296 + hl;
  if (!Number.isSafeInteger(h)) throw bad("i64");
  s8[0] = t[30]!; s8[1] = t[31]!; s8[2] = t[32]!; s8[3] = t[33]!;
  const i = f32[0]!;
  s8[0] = t[34]!; s8[1] = t[35]!; s8[2] = t[36]!; s8[3] = t[37]!;
  s8[4] = t[38]!; s8[5] = t[39]!; s8[6] = t[40]!; s8[7] = t[41]!;
  return {
    a: t[0]!,
    b: (t[1]! << 24) >> 24,
    c: t[2]! | (t[3]! << 8),
    d: ((t[4]! | (t[5]! << 8)) << 16) >> 16,
    e: (t[6]! | (t[7]! << 8) | (t[8]! << 16) | (t[9]! << 24)) >>> 0,
    f: t[10]! | (t[11]! << 8) | (t[12]! << 16) | (t[13]! << 24),
    g: gh * 4294967296 + gl,
    h,
    i,
    j: f64[0]!,
  };
}

function u32(t: Uint8Array, p: number, v: number): void {
  t[p] = v;
  t[p + 1] = v >>> 8;
  t[p + 2] = v >>> 16;
  t[p + 3] = v >>> 24;
}

function readU32(t: Uint8Array, p: number): number {
  return (t[p]! | (t[p + 1]! << 8) | (t[p + 2]! << 16) | (t[p + 3]! << 24)) >>> 0;
}

/** Writes `fields` as varint length + bytes each; returns the offset after them. */
function writeFields(t: Uint8Array, p: number, fields: readonly Uint8Array[]): number {
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const n = f.length;
    if (n < 0x80) t[p++] = n;
    else if (n < 0x4000) {
      t[p++] = 0x80 | (n >>> 7);
      t[p++] = n & 0x7f;
    } else throw bad("field too long for this benchmark");
    if (n > 16) t.set(f, p);
    else for (let k = 0; k < n; k++) t[p + k] = f[k]!;
    p += n;
  }
  return p;
}

function fieldsSize(fields: readonly Uint8Array[]): number {
  let size = 0;
  for (let i = 0; i < fields.length; i++) {
    const n = fields[i]!.length;
    size += (n < 0x80 ? 1 : 2) + n;
  }
  return size;
}

/** Reads `count` varint-length fields within [p, end); returns them, leaving the end in `cursor.pos`. */
function readFields(t: Uint8Array, p: number, end: number, count: number, cursor: { pos: number }): Uint8Array[] {
  if (count > end - p) throw bad("count");
  // Sized once (as the generated decoders do): push would grow it in steps, with slack.
  const out: Uint8Array[] = count <= 4096 ? new Array(count) : [];
  for (let i = 0; i < count; i++) {
    if (p >= end) throw bad("truncated");
    let n = t[p++]!;
    if (n >= 0x80) {
      if (p >= end) throw bad("truncated");
      const b = t[p++]!;
      if (b >= 0x80) throw bad("varint too long for this benchmark");
      n = ((n & 0x7f) << 7) | b;
    }
    if (n > end - p) throw bad("length");
    out[i] = t.subarray(p, (p += n));
  }
  cursor.pos = p;
  return out;
}

export interface Insert {
  space: number;
  flags: number;
  tuple: { cardinality: number; fields: Uint8Array[] };
}

/**
 * An INSERT request by hand, as the transport takes it (an object with packetSize/encodeInto, like the
 * generated class): the size computed once, header and body written in one pass.
 */
export class InsertRequest {
  #size = -1;
  constructor(
    readonly space: number,
    readonly flags: number,
    readonly fields: readonly Uint8Array[],
  ) {}

  packetSize(): number {
    let size = this.#size;
    if (size < 0) size = this.#size = 24 + fieldsSize(this.fields);
    return size;
  }

  encodeInto(t: Uint8Array, p: number, sync: number): number {
    const size = this.packetSize();
    const { space, flags, fields } = this;
    if (t.length - p < size) throw bad("room");
    if (space >>> 0 !== space || flags >>> 0 !== flags) throw bad("u32");
    u32(t, p, 13);
    u32(t, p + 4, size - 12);
    u32(t, p + 8, sync);
    u32(t, p + 12, space);
    u32(t, p + 16, flags);
    u32(t, p + 20, fields.length);
    return writeFields(t, p + 24, fields);
  }

  encode(sync = 0): Uint8Array {
    const t = Buffer.allocUnsafe(this.packetSize());
    this.encodeInto(t, 0, sync);
    return t;
  }
}

export function decodeInsert(t: Uint8Array): Insert {
  const end = t.length;
  if (end < 12) throw bad("truncated");
  const cardinality = readU32(t, 8);
  const cursor = { pos: 0 };
  const fields = readFields(t, 12, end, cardinality, cursor);
  if (cursor.pos !== end) throw bad("trailing");
  return { space: readU32(t, 0), flags: readU32(t, 4), tuple: { cardinality, fields } };
}

/** A SELECT response body: return code 0, count, tuples (size of the fields, cardinality, fields). */
export function encodeSelectResponse(tuples: readonly { fields: readonly Uint8Array[] }[]): Uint8Array {
  let size = 8;
  for (let i = 0; i < tuples.length; i++) size += 8 + fieldsSize(tuples[i]!.fields);
  const t = Buffer.allocUnsafe(size);
  u32(t, 0, 0);
  u32(t, 4, tuples.length);
  let p = 8;
  for (let i = 0; i < tuples.length; i++) {
    const fields = tuples[i]!.fields;
    const start = p + 8;
    const end = writeFields(t, start, fields);
    u32(t, p, end - start);
    u32(t, p + 4, fields.length);
    p = end;
  }
  return t;
}

export function decodeSelectResponse(t: Uint8Array): { count: number; tuples: Tuple[] } {
  const end = t.length;
  if (end < 8) throw bad("truncated");
  if (readU32(t, 0) !== 0) throw bad("server error");
  const count = readU32(t, 4);
  if (count * 8 > end - 8) throw bad("count");
  const tuples: Tuple[] = count <= 4096 ? new Array(count) : [];
  const cursor = { pos: 0 };
  let p = 8;
  for (let i = 0; i < count; i++) {
    if (end - p < 8) throw bad("truncated");
    const size = readU32(t, p);
    const cardinality = readU32(t, p + 4);
    p += 8;
    if (size > end - p) throw bad("size");
    const bound = p + size;
    const fields = readFields(t, p, bound, cardinality, cursor);
    if (cursor.pos !== bound) throw bad("size mismatch");
    p = bound;
    tuples[i] = { size, cardinality, fields };
  }
  if (p !== end) throw bad("trailing");
  return { count, tuples };
}
