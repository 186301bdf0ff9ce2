/**
 * Perl's `unpack` for the letters in template.ts. The walk mirrors perl's unpack_rec, quirks included,
 * because MR::IProto users rely on its answers for short input: fixed-size letters return as many values
 * as whole items remain (none when the input is short), strings take what is left, and a `/` count whose
 * length item found no bytes ends that template level. Nothing is ever read outside the input.
 */
import { readF32, readF64, readI64, readU64 } from "../codec/numbers.js";
import { readUtf8 } from "../codec/utf8.js";
import { trimSpaceEnd } from "../codec/bytes.js";
import { DecodeError, TemplateError } from "../core/errors.js";
import { readBer } from "./ber.js";
import type { PackValue } from "./pack.js";
import { stringToIV, toIV } from "./perl-numbers.js";
import { getTemplate, type How, type GroupOp, type LetterOp, type Op } from "./template.js";

export interface UnpackOptions {
  /**
   * How `a`, `A` and `Z` come back. `"bytes"` (the default): a Uint8Array (a copy), because Perl returns
   * byte strings and iproto payloads are often not UTF-8. `"utf8"`: a string, decoded strictly (invalid
   * UTF-8 is a DecodeError).
   */
  readonly strings?: "bytes" | "utf8";
}

/** A count that would repeat a group's values past this many is refused rather than honoured. */
const MAX_VALUES = 1 << 24;

class UnpackState {
  s = 0;
  readonly out: PackValue[] = [];
  constructor(
    readonly template: string,
    readonly t: Uint8Array,
  ) {}

  fail(reason: string): never {
    throw new DecodeError(`unpack(${JSON.stringify(this.template)})`, "", this.s, reason);
  }
}

/**
 * Unpacks `bytes` by a Perl template, returning what Perl's `unpack` returns in list context: `C c S s
 * n v L l N V` as numbers, `Q q` as bigints (always, even when small), `w` as a number up to 2^53−1 and
 * a bigint above, `f d` as numbers, `a A Z` as Uint8Array (or strings with `{ strings: "utf8" }`).
 * Truncated input gives fewer values, as in Perl; so do Perl's `/` quirks: a length item that found no
 * bytes pops the previous value of its level as the count, and a `/` right after a group that ran is
 * ignored.
 * @throws TemplateError for a bad template; DecodeError where Perl croaks ('x' outside of the input, an
 *   unterminated `w`, a negative or missing `/` count) and for a `w` longer than 4096 bytes.
 */
export function unpack(template: string, bytes: Uint8Array, options?: UnpackOptions): PackValue[] {
  const compiled = getTemplate(template);
  if (compiled.unpackProblem !== undefined) throw new TemplateError(template, 0, compiled.unpackProblem);
  const st = new UnpackState(template, bytes);
  unpackList(compiled.ops, st);
  if (options?.strings === "utf8") return st.out.map((v) => (v instanceof Uint8Array ? text(st, v) : v));
  return st.out;
}

function text(st: UnpackState, v: Uint8Array): string {
  const s = readUtf8(v, 0, v.length);
  return s ?? st.fail("a string is not valid UTF-8");
}

/**
 * One template level, as perl's unpack_rec. Returns true when the level ended at a `/` whose length item
 * produced nothing: perl then leaves the slash flag set, and the enclosing group acts as a length item.
 */
function unpackList(ops: readonly Op[], st: UnpackState): boolean {
  const levelStart = st.out.length;
  const end = st.t.length;
  for (let i = 0; i < ops.length; i++) {
    let op = ops[i]!;
    // Perl keeps the first item's count kind through the `/` redo: it decides `Z*` exactness.
    const howlen = op.how;
    let len = op.how === "star" ? end : op.count;
    let beyond = st.s >= end;
    let slash = run(op, st, len, howlen);
    while (slash) {
      // The length item produced nothing at this level: perl stops the level here.
      if (st.out.length - levelStart <= 0) return true;
      const seq = ops[++i];
      if (seq === undefined) throw new TemplateError(st.template, 0, "code missing after '/'");
      if (seq.how === "number") throw new TemplateError(st.template, 0, "count after length/code in unpack");
      if (beyond) st.fail("length/code after end of string");
      const n = countOf(st.out.pop()!);
      if (n < 0n) st.fail("negative '/' count");
      len = n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
      op = seq;
      beyond = st.s >= end;
      slash = run(op, st, len, howlen);
    }
  }
  return false;
}

/** Perl's POPi: the `/` count is the last value on this level's stack, whatever produced it. */
function countOf(v: PackValue): bigint {
  if (v instanceof Uint8Array) return stringToIV(v);
  if (typeof v === "string") return 0n; // never: strings are decoded only after the walk
  return toIV(v);
}

/** Runs one op; returns whether perl treats it as a `/` length item afterwards. */
function run(op: Op, st: UnpackState, len: number, howlen: How): boolean {
  if (op.kind === "letter") {
    unpackLetter(op, st, len, howlen);
    return op.slash;
  }
  return unpackGroup(op, st, len);
}

/**
 * Perl quirk: a group's own `/` survives only when it ran zero times; otherwise its slash flag is whatever
 * the last pass left (set only when that pass stopped at a `/` with nothing to count).
 */
function unpackGroup(op: GroupOp, st: UnpackState, len: number): boolean {
  const end = st.t.length;
  let slash = op.slash;
  while (len-- > 0) {
    const from = st.s;
    const produced = st.out.length;
    slash = unpackList(op.ops, st);
    if (st.s === end && op.how === "star") return slash;
    if (st.s === from) {
      // No progress: every remaining pass would produce these same values again (and end the same way).
      const same = st.out.slice(produced);
      if (same.length === 0 || len === 0) return slash;
      if (same.length * len + st.out.length > MAX_VALUES) st.fail("group count exceeds the input");
      for (let r = 0; r < len; r++) {
        for (const v of same) st.out.push(v instanceof Uint8Array ? v.slice() : v);
      }
      return slash;
    }
  }
  return slash;
}

const SIZE: Partial<Record<string, number>> = {
  C: 1, c: 1, S: 2, s: 2, n: 2, v: 2, L: 4, l: 4, N: 4, V: 4, Q: 8, q: 8, f: 4, d: 8,
};

function unpackLetter(op: LetterOp, st: UnpackState, len: number, howlen: How): void {
  const t = st.t;
  const end = t.length;
  const letter = op.letter;
  const size = SIZE[letter];
  if (size !== undefined) {
    len = Math.min(len, Math.floor((end - st.s) / size));
    readFixed(op, st, len, size);
    return;
  }
  switch (letter) {
    case "x":
      if (len > end - st.s) st.fail("'x' outside of string");
      st.s += len;
      return;
    case "w":
      while (len > 0 && st.s < end) {
        const r = readBer(t, st.s, end);
        if (!r.ok) st.fail(r.reason === "unterminated" ? "unterminated compressed integer" : "compressed integer too long");
        st.out.push(r.value);
        st.s = r.end;
        len--;
      }
      return;
    default: {
      // a, A, Z
      if (len > end - st.s) len = end - st.s;
      const s = st.s;
      let stop = s + len;
      if (letter === "Z") {
        let nul = s;
        while (nul < stop && t[nul] !== 0) nul++;
        // `Z*` consumes through the NUL; the +1 when no NUL was found below the end is perl's too.
        if (howlen === "star") len = nul - s + (nul !== end ? 1 : 0);
        stop = nul;
      } else if (letter === "A") stop = trimSpaceEnd(t, s, stop);
      st.out.push(t.slice(s, stop));
      st.s = s + len;
    }
  }
}

function readFixed(op: LetterOp, st: UnpackState, len: number, size: number): void {
  const t = st.t;
  const out = st.out;
  const le = op.littleEndian;
  let p = st.s;
  for (let k = 0; k < len; k++, p += size) {
    switch (op.letter) {
      case "C": out.push(t[p]!); break;
      case "c": out.push((t[p]! << 24) >> 24); break;
      case "S": case "n": case "v": out.push(le ? t[p]! | (t[p + 1]! << 8) : (t[p]! << 8) | t[p + 1]!); break;
      case "s": out.push(((le ? t[p]! | (t[p + 1]! << 8) : (t[p]! << 8) | t[p + 1]!) << 16) >> 16); break;
      case "L": case "N": case "V": out.push(u32(t, p, le) >>> 0); break;
      case "l": out.push(u32(t, p, le) | 0); break;
      case "Q": out.push(readU64(t, p, le)); break;
      case "q": out.push(readI64(t, p, le)); break;
      case "f": out.push(readF32(t, p, le)); break;
      default: out.push(readF64(t, p, le));
    }
  }
  st.s = p;
}

function u32(t: Uint8Array, p: number, le: boolean): number {
  return le
    ? t[p]! | (t[p + 1]! << 8) | (t[p + 2]! << 16) | (t[p + 3]! << 24)
    : (t[p]! << 24) | (t[p + 1]! << 16) | (t[p + 2]! << 8) | t[p + 3]!;
}
