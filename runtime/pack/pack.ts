/**
 * Perl's `pack`, byte for byte, for the letters in template.ts. The walk mirrors perl's pack_rec: a `*`
 * count takes every remaining value, a `/` length item writes the count its next item will use, and a
 * group repeats while its count (or, with `*`, the values) last.
 */
import { writeF32, writeF64, writeU64 } from "../codec/numbers.js";
import { utf8Length, writeUtf8 } from "../codec/utf8.js";
import { varintSize, varintSizeBig, writeVarint, writeVarintBig } from "../codec/varint.js";
import { EncodeError, TemplateError } from "../core/errors.js";
import { bits64, integerText, low32 } from "./perl-numbers.js";
import { getTemplate, type GroupOp, type LetterOp, type Op } from "./template.js";
import { ByteWriter } from "./writer.js";

/** What `pack` accepts and `unpack` returns. */
export type PackValue = number | bigint | string | Uint8Array;

export interface PackOptions {
  /**
   * What an item does when the values have run out. `"throw"` (the default) raises an EncodeError: a
   * template asking for more values than given is almost always a bug. `"empty"` does what Perl does
   * silently: 0 for numeric letters, an empty string for a/A/Z.
   */
  readonly missing?: "throw" | "empty";
}

const FLT_MAX = 3.4028234663852886e38;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Perl's PL_sv_no, handed out for missing values in "empty" mode: "" as a string, 0 as a number. */
const EMPTY: unique symbol = Symbol("empty");
type Taken = PackValue | typeof EMPTY;

class PackState {
  next = 0;
  readonly out = new ByteWriter();
  constructor(
    readonly template: string,
    readonly values: readonly PackValue[],
    readonly emptyWhenMissing: boolean,
  ) {}

  fail(reason: string, index = this.next): never {
    throw new EncodeError(`pack(${JSON.stringify(this.template)})`, `values[${index}]`, reason);
  }

  room(n: number): void {
    if (!this.out.reserve(n)) this.fail("the packed result would exceed 1 GiB");
  }

  /** Perl's NEXTFROM: the length code while packing a `/` prefix, else the next value. */
  take(lengthCode: number | undefined): Taken {
    if (lengthCode !== undefined) return lengthCode;
    if (this.next < this.values.length) return this.values[this.next++]!;
    if (this.emptyWhenMissing) return EMPTY;
    return this.fail(`no value left (${this.values.length} given)`);
  }
}

/**
 * Packs `values` by a Perl template; the result is byte-identical to Perl's `pack` on a little-endian
 * host. Numeric letters take numbers or bigints and wrap out-of-range values exactly as Perl does
 * (`-1` as `C` is 0xFF; a fraction is truncated toward zero; beyond 64 bits it clamps). `a`/`A`/`Z` take
 * bytes, strings (written as UTF-8, as Perl writes an encoded byte string) or integers (their decimal
 * text). `Q`/`q` take bigints or numbers. Extra values are ignored, as in Perl.
 *
 * Perl's oddities are kept, since parity is the point: `*` on a group repeats it once per value left
 * even when it takes none; `C/(…)` writes the number of values left, not of groups; and an item right
 * after a group loses its `/` (`(C) n/a*` packs `n` and `a*` as two plain items) while a group that ran
 * zero times hands its own `/` to the next item. Write `(C) x0 n/a*` to get the prefix after a group.
 * @throws TemplateError for a template this runtime cannot parse; EncodeError for a value of the wrong
 *   type, NaN or infinity in an integer letter, a negative `w`, or (by default) a missing value.
 */
export function pack(template: string, values: readonly PackValue[], options?: PackOptions): Uint8Array {
  const compiled = getTemplate(template);
  const st = new PackState(template, values, options?.missing === "empty");
  packList(compiled.ops, st);
  return st.out.result();
}

function packList(ops: readonly Op[], st: PackState): void {
  let override = -1; // count forced on this op by the `/` item before it
  // Perl quirk: after a group, the next item's `/` flag is replaced by the group's own (cleared once the
  // group ran at least once), so `(C) n/a*` packs n and a* as two plain items.
  let slashAfterGroup: boolean | undefined;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    const star = override < 0 && op.how === "star";
    const items = st.values.length - st.next;
    let len: number;
    if (override >= 0) len = override;
    else if (star) len = op.kind === "letter" && op.letter === "x" ? 0 : items;
    else len = op.count;
    override = -1;
    const slash = slashAfterGroup ?? op.slash;
    slashAfterGroup = undefined;
    let lengthCode: number | undefined;
    if (slash) {
      const seq = ops[i + 1];
      if (seq === undefined) throw new TemplateError(st.template, 0, "code missing after '/'");
      lengthCode = slashCount(seq, st, items);
      override = lengthCode;
    }
    if (op.kind === "group") {
      const passes = packGroup(op, st, len, star);
      slashAfterGroup = passes > 0 ? false : slash;
    } else packLetter(op, st, len, star, lengthCode);
  }
}

/** The count a `/` item writes, computed from the item after it, as perl's pack lookahead does. */
function slashCount(seq: Op, st: PackState, items: number): number {
  if (seq.kind === "letter" && (seq.letter === "a" || seq.letter === "A" || seq.letter === "Z")) {
    if (seq.how === "number") return seq.count;
    const n = items > 0 ? byteLength(st.values[st.next]!) : 0;
    return seq.letter === "Z" ? n + 1 : n;
  }
  return seq.how === "number" && seq.count < items ? seq.count : items;
}

function byteLength(v: PackValue): number {
  if (typeof v === "string") return utf8Length(v);
  if (v instanceof Uint8Array) return v.length;
  return integerText(v)?.length ?? 0;
}

/** Runs the group `len` times (fewer with `*` once values run out); returns the passes made. */
function packGroup(op: GroupOp, st: PackState, len: number, star: boolean): number {
  for (let k = 0; k < len; k++) {
    const taken = st.next;
    const from = st.out.pos;
    packList(op.ops, st);
    if (star && st.next >= st.values.length) return k + 1;
    if (st.next === taken) {
      // Nothing consumed, so every remaining pass writes these same bytes again (`(x)5`).
      const bytes = st.out.buf.slice(from, st.out.pos);
      const times = len - k - 1;
      if (bytes.length > 0 && times > 0) {
        st.room(bytes.length * times);
        for (let r = 0; r < times; r++) {
          st.out.buf.set(bytes, st.out.pos);
          st.out.pos += bytes.length;
        }
      }
      return len;
    }
  }
  return len;
}

function packLetter(op: LetterOp, st: PackState, len: number, star: boolean, code: number | undefined): void {
  const w = st.out;
  switch (op.letter) {
    case "x":
      st.room(len);
      w.buf.fill(0, w.pos, w.pos + len);
      w.pos += len;
      return;
    case "a":
    case "A":
    case "Z":
      packString(op.letter, st, len, star, code);
      return;
    case "w":
      for (let k = 0; k < len; k++) packBer(st, st.take(code));
      return;
    case "f":
    case "d": {
      const size = op.letter === "f" ? 4 : 8;
      st.room(size * len);
      for (let k = 0; k < len; k++) {
        let v = floatOf(st, st.take(code));
        if (size === 4) {
          // A plain cast is undefined beyond FLT_MAX; perl maps it to infinity explicitly.
          if (v > FLT_MAX) v = Infinity;
          else if (v < -FLT_MAX) v = -Infinity;
          writeF32(w.buf, w.pos, v, op.littleEndian);
        } else writeF64(w.buf, w.pos, v, op.littleEndian);
        w.pos += size;
      }
      return;
    }
    case "Q":
    case "q":
      st.room(8 * len);
      for (let k = 0; k < len; k++) {
        const v = intOf(st, st.take(code), op.letter);
        writeU64(w.buf, w.pos, bits64(v), op.littleEndian);
        w.pos += 8;
      }
      return;
    default:
      packSmallInts(op, st, len, code);
  }
}

function packSmallInts(op: LetterOp, st: PackState, len: number, code: number | undefined): void {
  const size = op.letter === "C" || op.letter === "c" ? 1 : op.letter === "L" || op.letter === "l" ||
    op.letter === "N" || op.letter === "V" ? 4 : 2;
  st.room(size * len);
  const buf = st.out.buf;
  const le = op.littleEndian;
  for (let k = 0; k < len; k++) {
    const raw = intOf(st, st.take(code), op.letter);
    const v = typeof raw === "number" ? low32(raw) : Number(BigInt.asIntN(32, bits64(raw)));
    let p = st.out.pos;
    if (size === 1) buf[p] = v;
    else if (size === 2) {
      buf[p++] = le ? v : v >>> 8;
      buf[p] = le ? v >>> 8 : v;
    } else if (le) {
      buf[p++] = v; buf[p++] = v >>> 8; buf[p++] = v >>> 16; buf[p] = v >>> 24;
    } else {
      buf[p++] = v >>> 24; buf[p++] = v >>> 16; buf[p++] = v >>> 8; buf[p] = v;
    }
    st.out.pos += size;
  }
}

/** A value for an integer letter: a finite number or a bigint; Perl refuses NaN and infinities. */
function intOf(st: PackState, v: Taken, letter: string): number | bigint {
  if (typeof v === "number") {
    if (Number.isFinite(v)) return v;
    return st.fail(`cannot pack ${Number.isNaN(v) ? "NaN" : "Inf"} with '${letter}'`, st.next - 1);
  }
  if (typeof v === "bigint") return v;
  if (v === EMPTY) return 0;
  return st.fail(`'${letter}' needs a number or bigint, got ${describe(v)}`, st.next - 1);
}

function floatOf(st: PackState, v: Taken): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (v === EMPTY) return 0;
  return st.fail(`'f'/'d' need a number, got ${describe(v)}`, st.next - 1);
}

function packBer(st: PackState, v: Taken): void {
  let n: number | bigint;
  if (typeof v === "number") {
    if (Number.isNaN(v) || !Number.isFinite(v)) st.fail(`cannot compress ${v} in pack`, st.next - 1);
    if (v < 0) st.fail("cannot compress negative numbers", st.next - 1);
    // Perl truncates a fraction below 2^64 and floors above it; both are Math.trunc for v ≥ 0.
    const whole = Math.trunc(v);
    n = whole <= MAX_SAFE ? whole : BigInt(whole);
  } else if (typeof v === "bigint") {
    if (v < 0n) st.fail("cannot compress negative numbers", st.next - 1);
    n = v;
  } else if (v === EMPTY) n = 0;
  else return st.fail(`'w' needs a number or bigint, got ${describe(v)}`, st.next - 1);
  const w = st.out;
  if (typeof n === "number") {
    st.room(varintSize(n));
    w.pos = writeVarint(w.buf, w.pos, n);
  } else {
    st.room(varintSizeBig(n));
    w.pos = writeVarintBig(w.buf, w.pos, n);
  }
}

function packString(letter: "a" | "A" | "Z", st: PackState, len: number, star: boolean, code: number | undefined): void {
  const v = st.take(code);
  let bytes: Uint8Array | string;
  if (typeof v === "string" || v instanceof Uint8Array) bytes = v;
  else if (v === EMPTY) bytes = "";
  else {
    const text = integerText(v);
    if (text === undefined) return st.fail(`'${letter}' cannot take the non-integer ${v}`, st.next - 1);
    bytes = text;
  }
  const full = typeof bytes === "string" ? utf8Length(bytes) : bytes.length;
  if (star) len = letter === "Z" ? full + 1 : full;
  let copy = full;
  if (len <= full) copy = letter === "Z" && len > 0 ? len - 1 : len;
  st.room(len);
  const w = st.out;
  if (typeof bytes === "string") {
    if (copy === full) writeUtf8(w.buf, w.pos, bytes);
    else w.buf.set(new TextEncoder().encode(bytes).subarray(0, copy), w.pos);
  } else w.buf.set(bytes.subarray(0, copy), w.pos);
  w.buf.fill(letter === "A" ? 0x20 : 0, w.pos + copy, w.pos + len);
  w.pos += len;
}

function describe(v: Taken): string {
  return v instanceof Uint8Array ? "bytes" : typeof v;
}
