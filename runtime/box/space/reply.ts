/**
 * Reading Box replies, the part every operation shares: the return code (an error reply becomes a
 * `ServerError`, exactly as the generated `BoxEnvelope$check` of schemas/box.iproto builds it), the tuple
 * count, and the tuples, each `size: u32` (bytes of field data), `cardinality: u32`, then the fields,
 * decoded by the space's generated codec within exactly `size` bytes.
 */
import { ServerError } from "../../core/errors.js";
import { newCursor } from "../../codec/cursor.js";
import { nulIndex } from "../../codec/bytes.js";
import { badUtf8, badValue, boundMismatch, tooLarge, trailingBytes, truncated, unterminated } from "../../codec/fail.js";
import { readUtf8 } from "../../codec/utf8.js";
import { readU32 } from "../../framing/header.js";
import type { TupleCodec } from "./types.js";

/** What a data-changing or selecting operation answers: how many tuples it touched, and those sent back. */
export interface BoxReply<T> {
  readonly count: number;
  readonly tuples: T[];
}

/** Severity 1 in the low byte of the return code: a temporary error (MR::Tarantool::Box retries it). */
const TEMPORARY = 1;

/** Reads the return code at the body's start; throws the server's error; returns the offset after it. */
export function checkReturnCode(body: Uint8Array, name: string): number {
  if (body.length < 4) throw truncated(name, "code", 0, 4, body.length);
  const code = readU32(body, 0);
  if (code === 0) return 4;
  const end = nulIndex(body, 4, body.length);
  if (end < 0) throw unterminated(name, "message", 4);
  const message = readUtf8(body, 4, end);
  if (message === undefined) throw badUtf8(name, "message", 4);
  throw new ServerError(code, message, (code & 0xff) === TEMPORARY);
}

/**
 * Decodes a whole reply body: return code, count, and — when `withTuples` — `count` tuples through
 * `codec` (a reply without them is the count alone). Nothing may follow. Throws DecodeError or ServerError.
 */
export function readReply<T>(body: Uint8Array, name: string, codec: TupleCodec<T, unknown>, withTuples: boolean): BoxReply<T> {
  let p = checkReturnCode(body, name);
  const end = body.length;
  if (end - p < 4) throw truncated(name, "count", p, 4, end);
  const count = readU32(body, p);
  p += 4;
  const tuples: T[] = [];
  if (withTuples) {
    // Every tuple takes at least its 8-byte size and cardinality: a count the body cannot hold is refused
    // before anything is allocated.
    if (count > (end - p) / 8) throw tooLarge(name, "tuples", p, "count", count, end - p);
    const cursor = newCursor();
    for (let i = 0; i < count; i++) {
      const path = `tuples[${i}]`;
      if (end - p < 8) throw truncated(name, path, p, 8, end);
      const size = readU32(body, p);
      const cardinality = readU32(body, p + 4);
      p += 8;
      if (size > end - p) throw tooLarge(name, path, p, "size", size, end - p);
      const stop = p + size;
      tuples.push(codec.read(body, p, stop, cardinality, cursor));
      if (cursor.pos !== stop) throw boundMismatch(name, path, cursor.pos, stop);
      p = stop;
    }
  }
  if (p !== end) throw trailingBytes(name, p, end);
  return { count, tuples };
}

/** The cardinality a codec's `read` was given must be one its tuples can have. */
export function checkCardinality(codec: TupleCodec<unknown, unknown>, cardinality: number, at: number): number {
  const rest = cardinality - codec.fieldCount;
  const tails = codec.tailWidth === 0 ? (rest === 0 ? 0 : -1) : rest >= 0 && rest % codec.tailWidth === 0 ? rest / codec.tailWidth : -1;
  if (tails < 0) {
    const expected = codec.tailWidth === 0 ? `${codec.fieldCount}` : `${codec.fieldCount} + ${codec.tailWidth}·n`;
    throw badValue(codec.name, "", at, `a tuple of ${cardinality} fields; ${codec.name} has ${expected}`);
  }
  return tails;
}
