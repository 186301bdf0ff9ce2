/**
 * The value types of a Box tuple format, read from the format string at compile time: `"L$L"` is
 * `[number, string, number]`, `"L&C(L$)*"` is `[number, Uint8Array, number, ...(number | string)[]]`.
 * A format only known at run time (`string`) falls back to arrays of the union of every value type.
 */

/** The field letters of MR::Tarantool::Box formats: Perl's integer letters, `&` bytes and `$` UTF-8 text. */
export type BoxFieldLetter = "Q" | "q" | "L" | "l" | "S" | "s" | "C" | "c" | "&" | "$";

/** Any field's value as `unpack` gives it: numbers for `C c S s L l`, bigints for `Q q`, bytes for `&`, text for `$`. */
export type BoxFieldValue = number | bigint | Uint8Array | string;

/** Any field's value as `pack` takes it: `Q q` take numbers as well as bigints. */
export type BoxFieldInput = BoxFieldValue;

/** What `unpack` gives for one letter. */
export type BoxLetterValue<C extends string> = C extends "Q" | "q"
  ? bigint
  : C extends "&"
    ? Uint8Array
    : C extends "$"
      ? string
      : C extends "L" | "l" | "S" | "s" | "C" | "c"
        ? number
        : never;

/** What `pack` takes for one letter. */
export type BoxLetterInput<C extends string> = C extends "Q" | "q" ? bigint | number : BoxLetterValue<C>;

type Direction = "in" | "out";
type LetterType<C extends string, D extends Direction> = D extends "in" ? BoxLetterInput<C> : BoxLetterValue<C>;

/**
 * Perl strips `\s` from a format before reading it. One character at a time: a union in the pattern
 * makes TypeScript infer unions of prefixes, which multiply with every space.
 */
type Drop<S extends string, C extends string> = S extends `${infer A}${C}${infer B}` ? Drop<`${A}${B}`, C> : S;
type Strip<S extends string> = Drop<Drop<Drop<Drop<Drop<Drop<S, " ">, "\t">, "\n">, "\r">, "\v">, "\f">;

/** The types of a run of letters; never when a character is not a letter. */
type Letters<S extends string, D extends Direction, Acc extends unknown[] = []> = S extends ""
  ? Acc
  : S extends `${infer C}${infer Rest}`
    ? [LetterType<C, D>] extends [never]
      ? never
      : Letters<Rest, D, [...Acc, LetterType<C, D>]>
    : never;

/** A fixed part, then the repeating tail: `(…)*` repeats a group, a bare `*` the last letter. */
type Parse<S extends string, D extends Direction> = S extends `${infer Fixed}(${infer Group})*`
  ? Group extends ""
    ? never
    : Letters<Fixed, D> extends infer F extends unknown[]
      ? Letters<Group, D> extends infer G extends unknown[]
        ? [...F, ...G[number][]]
        : never
      : never
  : S extends `${infer Init}*`
    ? Letters<Init, D> extends [...infer Head, infer Last]
      ? [...Head, ...Last[]]
      : never
    : S extends ""
      ? never
      : Letters<S, D>;

type TupleOf<S extends string, D extends Direction> = string extends S
  ? (D extends "in" ? BoxFieldInput : BoxFieldValue)[]
  : Parse<Strip<S>, D>;

/** The values `unpack` gives for format `S`. */
export type BoxTupleValues<S extends string> = TupleOf<S, "out">;

/** The values `pack` takes for format `S`. */
export type BoxTupleInput<S extends string> = TupleOf<S, "in">;

/**
 * `unknown` for a format the types can read (or any non-literal string); for a literal they cannot, an
 * object type no string is assignable to, so the call does not compile and the error names the format.
 */
export type BoxFormatCheck<S extends string> = string extends S
  ? unknown
  : [BoxTupleValues<S>] extends [never]
    ? { readonly "not a Box tuple format (QqLlSsCc&$, then (...)* or * for a repeating tail)": S }
    : unknown;
