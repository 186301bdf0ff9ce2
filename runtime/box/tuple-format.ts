/**
 * MR::Tarantool::Box's tuple `format` (`format => "L$L"`): Tarantool 1.5 stores every field as opaque
 * bytes, and the format says how each field packs. A field is `pack(letter, value)` for Perl's integer
 * letters, the bytes themselves for `&` and UTF-8 text for `$`; a trailing `*` (or `(…)*` group) makes a
 * "long tuple" whose last letter (or group) repeats. Validation is `_make_unpack_format`'s, and the
 * bytes are runtime/pack's, which are Perl's.
 */
import { readUtf8 } from "../codec/utf8.js";
import { ArgumentError, DecodeError, EncodeError } from "../core/errors.js";
import { pack } from "../pack/pack.js";
import { unpack } from "../pack/unpack.js";
import type {
  BoxFieldInput,
  BoxFieldLetter,
  BoxFieldValue,
  BoxFormatCheck,
  BoxTupleInput,
  BoxTupleValues,
} from "./format-types.js";

/** A space's tuple format, parsed: packs values into wire fields and unpacks fields into values. */
export interface BoxTupleFormat<S extends string = string> {
  /** The format as given. */
  readonly format: S;
  /** Letters of the fields before the repeating tail. */
  readonly fixed: readonly BoxFieldLetter[];
  /** Letters of the repeating tail (a long tuple's last letter or group); empty when there is none. */
  readonly repeated: readonly BoxFieldLetter[];
  /** The letter of field `index` (the repeating tail continues past the fixed fields). */
  letterAt(index: number): BoxFieldLetter;
  /**
   * One wire field per value, as MR::Tarantool::Box packs a tuple for INSERT.
   * @throws EncodeError for a count the format cannot have or a value of the wrong type.
   */
  pack(values: BoxTupleInput<S>): Uint8Array[];
  /**
   * The values of a tuple's fields, as MR::Tarantool::Box unpacks a SELECT result (`$` decoded as UTF-8).
   * @throws DecodeError for a field count the format cannot have, a numeric field whose length is not its
   *   letter's size, or a `$` field that is not UTF-8.
   */
  unpack(fields: readonly Uint8Array[]): BoxTupleValues<S>;
  /** Packs one value as field `index`: a key part, or an UPDATE operation's argument. */
  packField<I extends number>(index: I, value: BoxTupleInput<S>[I]): Uint8Array;
  /** Unpacks the bytes of field `index`. */
  unpackField<I extends number>(index: I, field: Uint8Array): BoxTupleValues<S>[I];
}

const SIZE: Readonly<Record<string, number>> = { Q: 8, q: 8, L: 4, l: 4, S: 2, s: 2, C: 1, c: 1 };
const LETTERS = "QqLlSsCc&$";
/** Perl's `\s` on a byte string. */
const SPACE = /[ \t\n\v\f\r]/;

interface Parsed {
  readonly fixed: BoxFieldLetter[];
  readonly repeated: BoxFieldLetter[];
}

/**
 * Reads `format` as `_make_unpack_format` does: whitespace dropped, then `[QqLlSsCc&$]*` optionally
 * followed by `(…)*` (one or more letters) or `*`. Unlike Perl, a format with no field (`""`, `"*"`) is
 * refused here: Perl accepts it and then dies on the first INSERT ("Illegal modulus zero").
 */
function parseFormat(format: string): Parsed {
  const bad = (at: number, reason: string): never => {
    throw new ArgumentError(`bad Box tuple format ${JSON.stringify(format)} at ${at}: ${reason}`);
  };
  const fixed: BoxFieldLetter[] = [];
  let repeated: BoxFieldLetter[] = [];
  let group: BoxFieldLetter[] | undefined; // inside `(…)`
  let closedAt = -1; // the `)` of a group, which `*` must follow
  let starAt = -1;
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (SPACE.test(c)) continue;
    if (starAt >= 0) bad(i, "nothing may follow the `*` that ends a format");
    if (closedAt >= 0 && c !== "*") bad(i, "a `(…)` group must be followed by `*`");
    if (LETTERS.includes(c)) (group ?? fixed).push(c as BoxFieldLetter);
    else if (c === "(") {
      if (group !== undefined) bad(i, "groups do not nest");
      group = [];
    } else if (c === ")") {
      if (group === undefined) bad(i, "`)` without `(`");
      else if (group.length === 0) bad(i, "a group needs at least one letter");
      else [repeated, group, closedAt] = [group, undefined, i];
    } else if (c === "*") {
      if (group !== undefined) bad(i, "`*` inside a group");
      if (closedAt < 0) {
        const last = fixed.pop();
        if (last === undefined) bad(i, "`*` repeats the last field, and there is none");
        else repeated = [last];
      }
      starAt = i;
      closedAt = -1;
    } else bad(i, `\`${c}\` is not a field letter (Q q L l S s C c & $)`);
  }
  if (group !== undefined) bad(format.length, "unclosed `(`");
  if (closedAt >= 0) bad(format.length, "a `(…)` group must be followed by `*`");
  if (fixed.length === 0 && repeated.length === 0) bad(format.length, "a format needs at least one field");
  return { fixed, repeated };
}

class TupleFormat<S extends string> implements BoxTupleFormat<S> {
  readonly fixed: readonly BoxFieldLetter[];
  readonly repeated: readonly BoxFieldLetter[];
  private readonly name: string;

  constructor(readonly format: S) {
    ({ fixed: this.fixed, repeated: this.repeated } = parseFormat(format));
    this.name = `boxTupleFormat(${JSON.stringify(format)})`;
  }

  letterAt(index: number): BoxFieldLetter {
    const { fixed, repeated } = this;
    if (!Number.isSafeInteger(index) || index < 0) throw new ArgumentError(`${this.name}: field index ${index} is not a non-negative integer`);
    if (index < fixed.length) return fixed[index]!;
    if (repeated.length === 0) throw new ArgumentError(`${this.name}: no field ${index}, the format has ${fixed.length}`);
    // Tail fields count from the end of the fixed part (as Box's unpack and UpdateMulti do; its Insert
    // counts from 0, which mispacks groups when the fixed part is not a whole number of groups).
    return repeated[(index - fixed.length) % repeated.length]!;
  }

  /** Why a tuple of `count` fields cannot have this format, or undefined when it can. */
  private countProblem(count: number): string | undefined {
    const { fixed, repeated } = this;
    if (repeated.length === 0) return count === fixed.length ? undefined : `${count} fields, the format has ${fixed.length}`;
    if (count >= fixed.length && (count - fixed.length) % repeated.length === 0) return undefined;
    const shape = repeated.length === 1 ? `${fixed.length} or more` : `${fixed.length}, then groups of ${repeated.length}`;
    return `${count} fields, the format has ${shape}`;
  }

  pack(values: BoxTupleInput<S>): Uint8Array[] {
    const list = values as readonly BoxFieldInput[];
    const problem = this.countProblem(list.length);
    if (problem !== undefined) throw new EncodeError(this.name, "", problem);
    return list.map((value, i) => this.encode(i, value));
  }

  unpack(fields: readonly Uint8Array[]): BoxTupleValues<S> {
    const problem = this.countProblem(fields.length);
    if (problem !== undefined) throw new DecodeError(this.name, "", 0, problem);
    return fields.map((field, i) => this.decode(i, field)) as BoxTupleValues<S>;
  }

  packField<I extends number>(index: I, value: BoxTupleInput<S>[I]): Uint8Array {
    return this.encode(index, value as BoxFieldInput);
  }

  unpackField<I extends number>(index: I, field: Uint8Array): BoxTupleValues<S>[I] {
    return this.decode(index, field) as BoxTupleValues<S>[I];
  }

  private encode(index: number, value: BoxFieldInput): Uint8Array {
    const letter = this.letterAt(index);
    const wrong = (expected: string): never => {
      throw new EncodeError(this.name, `fields[${index}]`, `\`${letter}\` takes ${expected}, not ${describe(value)}`);
    };
    if (letter === "&") return value instanceof Uint8Array ? value.slice() : wrong("a Uint8Array");
    if (letter === "$") return typeof value === "string" ? pack("a*", [value]) : wrong("a string");
    if (typeof value !== "number" && typeof value !== "bigint") wrong(letter === "Q" || letter === "q" ? "a bigint or a number" : "a number");
    return pack(letter, [value]);
  }

  private decode(index: number, field: Uint8Array): BoxFieldValue {
    const letter = this.letterAt(index);
    if (letter === "&") return field.slice();
    if (letter === "$") {
      const text = readUtf8(field, 0, field.length);
      if (text === undefined) throw new DecodeError(this.name, `fields[${index}]`, 0, "a `$` field is not valid UTF-8 (use `&` for bytes)");
      return text;
    }
    const size = SIZE[letter]!;
    if (field.length !== size) {
      throw new DecodeError(this.name, `fields[${index}]`, 0, `\`${letter}\` takes ${size} bytes, the field has ${field.length}`);
    }
    return unpack(letter, field)[0]!;
  }
}

function describe(value: unknown): string {
  if (value instanceof Uint8Array) return "a Uint8Array";
  if (value === null || value === undefined) return String(value);
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * Parses an MR::Tarantool::Box tuple format (`"QqLlSsCc&$"`, with a repeating tail `…*` or `…(…)*`).
 * With a literal format the values are typed by position: `boxTupleFormat("L$L").pack([1, "alice", 10])`.
 * @throws ArgumentError (code EINVAL) for a format Box.pm refuses, or one without a field.
 */
export function boxTupleFormat<const S extends string>(format: S & BoxFormatCheck<S>): BoxTupleFormat<S> {
  return new TupleFormat<S>(format);
}
