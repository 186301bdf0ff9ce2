/**
 * The limit for typed tuples: the benchmark's typed Box INSERT and SELECT written by hand, as an
 * experienced engineer would for speed, with the validation the generated code does (ranges on encode;
 * bounds, prefixes and strict UTF-8 on decode) and the same bytes and objects. Strings: written by a loop
 * when short and ASCII, by TextEncoder.encodeInto otherwise; read as below.
 */
import { readUtf8Cached, type TextCache, writeUtf8 } from "../../runtime/codec/utf8.js";
import { writeBytes } from "../../runtime/codec/bytes.js";
import { readU64LE } from "../../runtime/codec/numbers.js";


export interface Person {
  id: number;
  visits: number;
  login: string;
  email: string;
  about: string;
  token: Uint8Array;
  level: number;
  flag: number;
}

export type PersonBig = Omit<Person, "id"> & { id: bigint };

export interface StoredPerson {
  size: number;
  cardinality: number;
  person: Person;
}

function bad(what: string): Error {
  return new RangeError(`bad ${what}`);
}

/** UTF-8 byte length (a lone surrogate is 3 bytes, as TextEncoder writes U+FFFD). */
function utf8Length(s: string): number {
  const n = s.length;
  if (n > 48) return Buffer.byteLength(s, "utf8");
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if ((c & 0xfc00) === 0xd800 && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

const varintSize = (n: number): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);

function writeVarint(t: Uint8Array, p: number, n: number): number {
  if (n >= 0x10000000) t[p++] = 0x80 | (n >>> 28);
  if (n >= 0x200000) t[p++] = 0x80 | ((n >>> 21) & 0x7f);
  if (n >= 0x4000) t[p++] = 0x80 | ((n >>> 14) & 0x7f);
  if (n >= 0x80) t[p++] = 0x80 | ((n >>> 7) & 0x7f);
  t[p++] = n & 0x7f;
  return p;
}

/** Writes a string behind its BER length; `n` is its UTF-8 length, measured when sizing. */
/** Text goes through the runtime's writeUtf8, as in the generated code: the ratio measures the rest. */
function writeString(t: Uint8Array, p: number, s: string, n: number): number {
  p = writeVarint(t, p, n);
  if (writeUtf8(t, p, s) !== n) throw bad("utf-8 length");
  return p + n;
}

function readVarint(t: Uint8Array, p: number, end: number, cursor: { p: number }): number {
  // Lengths below 128, the common case, take one byte: no loop.
  if (p < end && t[p]! < 0x80) {
    cursor.p = p + 1;
    return t[p]!;
  }
  let n = 0;
  for (let i = 0; i < 5; i++) {
    if (p >= end) throw bad("truncated");
    const b = t[p++]!;
    n = n * 128 + (b & 0x7f);
    if (b < 0x80) {
      cursor.p = p;
      return n;
    }
  }
  throw bad("varint");
}

/**
 * Strings are read by the runtime's readUtf8Cached: the fastest strictly validating decoder measured (a
 * body's ASCII fields cut from its Latin-1 text, one native call per body; readUtf8's comment has the
 * figures of the per-string paths), so the reference and the generated code pay the same for text and
 * the ratio measures everything else. TEXT is reset at the start of each decode, as newCursor() does.
 */
const TEXT: TextCache = { text: "", textOf: undefined, textStart: 0, textEnd: 0, view: undefined };

function readString(t: Uint8Array, p: number, q: number): string {
  const s = readUtf8Cached(t, p, q, TEXT);
  if (s === undefined) throw bad("utf-8");
  return s;
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

/** Sizes of a person's three strings, measured once (the encoder writes the same lengths). */
interface Sized {
  login: number;
  email: number;
  about: number;
  bytes: number;
}

function size(v: Person | PersonBig): Sized {
  const login = utf8Length(v.login);
  const email = utf8Length(v.email);
  const about = utf8Length(v.about);
  const token = v.token.length;
  return { login, email, about, bytes: 19 + varintSize(login) + login + varintSize(email) + email + varintSize(about) + about + varintSize(token) + token };
}

function writeId(t: Uint8Array, p: number, id: number | bigint): void {
  t[p] = 8;
  if (typeof id === "bigint") {
    if (id < 0n || id > 0xffffffffffffffffn) throw bad("u64");
    const lo = Number(id & 0xffffffffn);
    u32(t, p + 1, lo);
    u32(t, p + 5, Number(id >> 32n));
    return;
  }
  if (!(Number.isSafeInteger(id) && id >= 0)) throw bad("u64");
  const lo = id >>> 0;
  u32(t, p + 1, lo);
  u32(t, p + 5, (id - lo) / 4294967296);
}

function writePerson(t: Uint8Array, p: number, v: Person | PersonBig, n: Sized): number {
  const { visits, level, flag, token } = v;
  if (visits >>> 0 !== visits || (level & 0xffff) !== level || (flag & 0xff) !== flag) throw bad("int");
  writeId(t, p, v.id);
  t[p + 9] = 4;
  u32(t, p + 10, visits);
  p = writeString(t, p + 14, v.login, n.login);
  p = writeString(t, p, v.email, n.email);
  p = writeString(t, p, v.about, n.about);
  p = writeBytes(t, writeVarint(t, p, token.length), token);
  t[p] = 2;
  t[p + 1] = level;
  t[p + 2] = level >>> 8;
  t[p + 3] = 1;
  t[p + 4] = flag;
  return p + 5;
}

/** Decoding is synchronous: one cursor serves every decode (as the runtime's newCursor). */
const CURSOR = { p: 0 };

/** One function for both id representations, each read at its own call site (both stay monomorphic). */
function readPersonAt(t: Uint8Array, p: number, end: number, cursor: { p: number }, big: boolean): Person | PersonBig {
  if (end - p < 14) throw bad("truncated");
  if (t[p] !== 8 || t[p + 9] !== 4) throw bad("prefix");
  const id = big ? idBig(t, p + 1) : idNumber(t, p + 1);
  const visits = readU32(t, p + 10);
  let n = readVarint(t, p + 14, end, cursor);
  p = cursor.p;
  if (n > end - p) throw bad("length");
  const login = readString(t, p, (p += n));
  n = readVarint(t, p, end, cursor);
  p = cursor.p;
  if (n > end - p) throw bad("length");
  const email = readString(t, p, (p += n));
  n = readVarint(t, p, end, cursor);
  p = cursor.p;
  if (n > end - p) throw bad("length");
  const about = readString(t, p, (p += n));
  n = readVarint(t, p, end, cursor);
  p = cursor.p;
  if (n > end - p) throw bad("length");
  const token = t.subarray(p, (p += n));
  if (end - p < 5) throw bad("truncated");
  if (t[p] !== 2 || t[p + 3] !== 1) throw bad("prefix");
  cursor.p = p + 5;
  return { id, visits, login, email, about, token, level: t[p + 1]! | (t[p + 2]! << 8), flag: t[p + 4]! } as Person | PersonBig;
}

const idNumber = (t: Uint8Array, p: number): number => {
  const hi = readU32(t, p + 4);
  if (hi > 0x1fffff) throw bad("u64");
  return hi * 4294967296 + readU32(t, p);
};
const idBig = (t: Uint8Array, p: number): bigint => readU64LE(t, p);

/** INSERT with a typed tuple, as the transport takes it (packetSize / encodeInto, like the generated class). */
export class TypedInsertRequest {
  #sized: Sized | undefined;
  constructor(
    readonly msg: number,
    readonly space: number,
    readonly flags: number,
    readonly person: Person | PersonBig,
  ) {}

  packetSize(): number {
    return 24 + (this.#sized ??= size(this.person)).bytes;
  }

  encodeInto(t: Uint8Array, p: number, sync: number): number {
    const total = this.packetSize();
    const { space, flags } = this;
    if (t.length - p < total) throw bad("room");
    if (space >>> 0 !== space || flags >>> 0 !== flags) throw bad("u32");
    u32(t, p, this.msg);
    u32(t, p + 4, total - 12);
    u32(t, p + 8, sync);
    u32(t, p + 12, space);
    u32(t, p + 16, flags);
    u32(t, p + 20, 8);
    return writePerson(t, p + 24, this.person, this.#sized!);
  }

  encode(sync = 0): Uint8Array {
    const t = Buffer.allocUnsafe(this.packetSize());
    this.encodeInto(t, 0, sync);
    return t;
  }
}

/** The server's side: an INSERT body back to its values. */
export function decodeTypedInsert(t: Uint8Array, big: boolean): { space: number; flags: number; cardinality: number; person: Person | PersonBig } {
  TEXT.textOf = undefined;
  const end = t.length;
  if (end < 12) throw bad("truncated");
  const cursor = CURSOR;
  const person = readPersonAt(t, 12, end, cursor, big);
  if (cursor.p !== end) throw bad("trailing");
  return { space: readU32(t, 0), flags: readU32(t, 4), cardinality: readU32(t, 8), person };
}

export function encodeTypedSelect(tuples: readonly { person: Person }[]): Uint8Array {
  const sizes = tuples.map((x) => size(x.person));
  let total = 8;
  for (const s of sizes) total += 8 + s.bytes;
  const t = Buffer.allocUnsafe(total);
  u32(t, 0, 0);
  u32(t, 4, tuples.length);
  let p = 8;
  for (let i = 0; i < tuples.length; i++) {
    const s = sizes[i]!;
    u32(t, p, s.bytes);
    u32(t, p + 4, 8);
    p = writePerson(t, p + 8, tuples[i]!.person, s);
  }
  return t;
}

export function decodeTypedSelect(t: Uint8Array): { code: number; count: number; tuples: StoredPerson[] } {
  TEXT.textOf = undefined;
  const end = t.length;
  if (end < 8) throw bad("truncated");
  const code = readU32(t, 0);
  const count = readU32(t, 4);
  if (count * 27 > end - 8) throw bad("count");
  // Sized once, as the generated decoders do.
  const tuples: StoredPerson[] = count <= 4096 ? new Array(count) : [];
  const cursor = CURSOR;
  let p = 8;
  for (let i = 0; i < count; i++) {
    if (end - p < 8) throw bad("truncated");
    const size = readU32(t, p);
    const cardinality = readU32(t, p + 4);
    p += 8;
    if (size > end - p) throw bad("size");
    const person = readPersonAt(t, p, p + size, cursor, false) as Person;
    if (cursor.p !== p + size) throw bad("size mismatch");
    p = cursor.p;
    tuples[i] = { size, cardinality, person };
  }
  if (p !== end) throw bad("trailing");
  return { code, count, tuples };
}
