/**
 * UTF-8 for `string` fields. Short strings go through plain loops (the TextEncoder/TextDecoder call
 * overhead dominates below a few dozen bytes); longer ones through the platform codecs. Decoding is strict:
 * invalid UTF-8 is reported (so a `string` field never silently turns into replacement characters).
 */
import { isAscii } from "node:buffer";

const encoder = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF: the decoded string must re-encode to the same bytes.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

const SHORT = 48;

/** Byte length of `s` as UTF-8; a lone surrogate counts 3 bytes (it is written as U+FFFD). */
export function utf8Length(s: string): number {
  const n = s.length;
  // Long strings: V8's own count (it too counts a lone surrogate as the 3 bytes of U+FFFD).
  if (n > SHORT) return Buffer.byteLength(s, "utf8");
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      bytes += 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: 2 units, 4 bytes
      i++;
    } else {
      bytes += 2;
    }
  }
  return bytes;
}

/** Writes `s` at `p` (the caller sized the buffer with utf8Length); returns the number of bytes written. */
export function writeUtf8(t: Uint8Array, p: number, s: string): number {
  const n = s.length;
  if (n > SHORT) return encoder.encodeInto(s, t.subarray(p)).written;
  const start = p;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      t[p++] = c;
    } else if (c < 0x800) {
      t[p++] = 0xc0 | (c >> 6);
      t[p++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && (d & 0xfc00) === 0xdc00) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          t[p++] = 0xf0 | (c >> 18);
          t[p++] = 0x80 | ((c >> 12) & 0x3f);
          t[p++] = 0x80 | ((c >> 6) & 0x3f);
          t[p++] = 0x80 | (c & 0x3f);
          continue;
        }
        c = 0xfffd;
      }
      t[p++] = 0xe0 | (c >> 12);
      t[p++] = 0x80 | ((c >> 6) & 0x3f);
      t[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p - start;
}

/** Writes `s` at `p` only if it fits in `limit` bytes; returns the bytes written, or −1 when it does not fit. */
export function writeUtf8Bounded(t: Uint8Array, p: number, s: string, limit: number): number {
  // Every UTF-16 unit takes at least one byte.
  if (s.length > limit) return -1;
  if (s.length * 3 <= limit) return writeUtf8(t, p, s);
  const r = encoder.encodeInto(s, t.subarray(p, p + limit));
  return r.read < s.length ? -1 : r.written;
}

/**
 * Below this many bytes (and above TINY) an ASCII string is checked in a loop and copied by Buffer's latin1
 * slice (one native call); above it the platform decoder, which validates and copies in one native pass,
 * wins even for ASCII. Measured on an idle core, ns per string: 10 bytes 51 (fromCharCode of eight) / 67
 * (of four) / 94 (scan + slice) / 90 (char by char); 32 bytes 96 / 152 / 107; 40 bytes 117 / 187 / 116;
 * 64 bytes 184 / 304 / 148.
 */
const SCAN = 64;
// Buffer's own method, called on any Uint8Array: ASCII bytes are the same characters in Latin-1.
const latin1Slice = Buffer.prototype.latin1Slice as (this: Uint8Array, start: number, end: number) => string;

/** Up to this many bytes, ASCII is built by String.fromCharCode eight bytes a call (no native call). */
const TINY = 32;

/** Decodes t[start, end) as UTF-8, or returns undefined when it is not valid UTF-8. */
export function readUtf8(t: Uint8Array, start: number, end: number): string | undefined {
  if (end - start <= TINY) {
    const s = tinyAscii(t, start, end);
    if (s !== undefined) return s;
  } else if (end - start <= SCAN) {
    let i = start;
    while (i < end && t[i]! < 0x80) i++;
    if (i === end) return latin1Slice.call(t, start, end);
  }
  try {
    return decoder.decode(t.subarray(start, end));
  } catch {
    return undefined;
  }
}

/** ASCII t[start, end) as a string, or undefined at the first byte that is not ASCII. */
function tinyAscii(t: Uint8Array, start: number, end: number): string | undefined {
  let s = "";
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const a = t[i]!;
    const b = t[i + 1]!;
    const c = t[i + 2]!;
    const d = t[i + 3]!;
    const e = t[i + 4]!;
    const f = t[i + 5]!;
    const g = t[i + 6]!;
    const h = t[i + 7]!;
    if ((a | b | c | d | e | f | g | h) >= 0x80) return undefined;
    s += String.fromCharCode(a, b, c, d, e, f, g, h);
  }
  for (; i < end; i++) {
    const a = t[i]!;
    if (a >= 0x80) return undefined;
    s += String.fromCharCode(a);
  }
  return s;
}

/** Where readUtf8Cached keeps a window of a body's Latin-1 text between the string fields of one decode. */
export interface TextCache {
  /** `textOf[textStart, textEnd)` as Latin-1 text ("" when none). */
  text: string;
  /** The buffer `text` was cut from; undefined at the start of each decode. */
  textOf: Uint8Array | undefined;
  textStart: number;
  textEnd: number;
  /** The window's bytes, read four at a time by the ASCII check (undefined for small windows). */
  view: DataView | undefined;
}

/**
 * In bodies of this size or more, a string field turns the next WINDOW bytes of the body into one
 * Latin-1 string, and each ASCII field inside them is cut from it (`substring`: no copy from 13
 * characters on) — one native call per window instead of one per string, which is what makes a
 * 100-tuple SELECT reply decode faster than msgpackr's native extractor (docs/benchmarks.md, Codec).
 * Below it the per-string paths above are as fast.
 */
const WHOLE_MIN = 256;
/**
 * A field cut from the window keeps all of it alive (as a `bytes` field's view keeps the body), and the
 * shared cursor holds it until the next decode: a window, not the body, bounds what that costs.
 */
const WINDOW = 16_384;

/**
 * readUtf8 for the string fields of one decode: ASCII fields of a body of WHOLE_MIN bytes or more are cut
 * from a Latin-1 window of it (ASCII bytes are the same characters in Latin-1, so validation is the ASCII
 * check itself); anything else goes through readUtf8, strict as ever.
 */
export function readUtf8Cached(t: Uint8Array, start: number, end: number, cache: TextCache): string | undefined {
  if (cache.textOf !== t || start < cache.textStart || end > cache.textEnd) {
    if (t.length < WHOLE_MIN || end - start > WINDOW) return readUtf8(t, start, end);
    const stop = Math.min(t.length, start + WINDOW);
    cache.text = latin1Slice.call(t, start, stop);
    cache.textOf = t;
    cache.textStart = start;
    cache.textEnd = stop;
    // Building a DataView costs about as much as checking 1 KB a byte at a time: only for big windows.
    cache.view = stop - start >= 4096 ? new DataView(t.buffer, t.byteOffset + start, stop - start) : undefined;
  }
  const from = start - cache.textStart;
  const to = from + end - start;
  if (end - start > SCAN) return isAscii(t.subarray(start, end)) ? cache.text.substring(from, to) : readUtf8(t, start, end);
  const view = cache.view;
  if (view !== undefined) {
    let i = from;
    for (; i + 4 <= to; i += 4) if ((view.getUint32(i) & 0x80808080) !== 0) return readUtf8(t, start, end);
    for (; i < to; i++) if (view.getUint8(i) >= 0x80) return readUtf8(t, start, end);
  } else {
    for (let i = start; i < end; i++) if (t[i]! >= 0x80) return readUtf8(t, start, end);
  }
  return cache.text.substring(from, to);
}

/** UTF-8 bytes of a constant (used for `bytes` defaults given as string literals). */
export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}
