/** fast-check arbitraries for Box tuple formats: formats, values by letter, and wire fields by letter. */
import fc from "fast-check";
import type { BoxFieldInput, BoxFieldLetter } from "../../runtime/index.js";

export const LETTERS: readonly BoxFieldLetter[] = ["Q", "q", "L", "l", "S", "s", "C", "c", "&", "$"];
export const SIZE: Readonly<Record<string, number>> = { Q: 8, q: 8, L: 4, l: 4, S: 2, s: 2, C: 1, c: 1 };

/** A valid format, as parts: the fixed letters and the repeating tail (`*` on one letter, or a group). */
export interface FormatCase {
  readonly format: string;
  readonly fixed: readonly BoxFieldLetter[];
  readonly repeated: readonly BoxFieldLetter[];
}

const letter = fc.constantFrom(...LETTERS);
const space = fc.constantFrom("", "", "", " ", "\t", "\n ");

export const formatCase: fc.Arbitrary<FormatCase> = fc
  .record({
    fixed: fc.array(letter, { maxLength: 6 }),
    tail: fc.oneof(
      fc.constant({ kind: "none" as const, letters: [] as BoxFieldLetter[] }),
      fc.constant({ kind: "star" as const, letters: [] as BoxFieldLetter[] }),
      fc.array(letter, { minLength: 1, maxLength: 3 }).map((letters) => ({ kind: "group" as const, letters })),
    ),
    spaces: fc.array(space, { minLength: 16, maxLength: 16 }),
  })
  .filter(({ fixed, tail }) => fixed.length > 0 || tail.kind === "group")
  .map(({ fixed, tail, spaces }) => {
    const parts = tail.kind === "group" ? [...fixed, "(", ...tail.letters, ")*"] : tail.kind === "star" ? [...fixed, "*"] : fixed;
    const format = parts.map((p, i) => `${spaces[i % spaces.length] ?? ""}${p}`).join("");
    if (tail.kind === "star") return { format, fixed: fixed.slice(0, -1), repeated: fixed.slice(-1) };
    return { format, fixed, repeated: tail.letters };
  });

const RANGES: Readonly<Record<string, readonly [number, number]>> = {
  C: [0, 0xff], c: [-0x80, 0x7f], S: [0, 0xffff], s: [-0x8000, 0x7fff], L: [0, 0xffffffff], l: [-0x80000000, 0x7fffffff],
};

/**
 * A value `pack` takes for the letter: in range mostly, and out of range or fractional (which wrap as in
 * Perl) unless `exact`, when every value is one `unpack` gives back unchanged.
 */
export function valueOf(l: BoxFieldLetter, exact = false): fc.Arbitrary<BoxFieldInput> {
  if (l === "&") return fc.uint8Array({ maxLength: 24 });
  if (l === "$") return fc.string({ unit: "binary", maxLength: 12 });
  if (exact) {
    if (l === "Q") return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    if (l === "q") return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    const [min, max] = RANGES[l]!;
    return fc.integer({ min, max });
  }
  const wild = fc.oneof(
    fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  );
  if (l === "Q" || l === "q") {
    const range = l === "Q" ? fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) : fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    return fc.oneof({ arbitrary: range, weight: 3 }, { arbitrary: fc.maxSafeInteger(), weight: 1 }, { arbitrary: wild, weight: 1 });
  }
  const [min, max] = RANGES[l]!;
  return fc.oneof({ arbitrary: fc.integer({ min, max }), weight: 3 }, { arbitrary: wild, weight: 1 });
}

/** Bytes a server may store in a field of the letter: any bit pattern of the letter's size, any UTF-8 for `$`. */
export function fieldOf(l: BoxFieldLetter): fc.Arbitrary<Uint8Array> {
  if (l === "&") return fc.uint8Array({ maxLength: 24 });
  if (l === "$") return fc.string({ unit: "binary", maxLength: 12 }).map((s) => new TextEncoder().encode(s));
  const size = SIZE[l]!;
  return fc.uint8Array({ minLength: size, maxLength: size });
}

/** The letters of a tuple of the format with `groups` repetitions of its tail. */
export function lettersOf(f: FormatCase, groups: number): BoxFieldLetter[] {
  return [...f.fixed, ...Array.from({ length: f.repeated.length > 0 ? groups : 0 }, () => f.repeated).flat()];
}

/** A format and a tuple of values for it (0 to 3 repetitions of a long tuple's tail). */
export const valuesCase = (exact = false) =>
  formatCase.chain((f) =>
    fc
      .integer({ min: 0, max: 3 })
      .chain((groups) => fc.tuple(...lettersOf(f, groups).map((l) => valueOf(l, exact))).map((values) => ({ ...f, values }))),
  );

/** A format and wire fields for it. */
export const fieldsCase = formatCase.chain((f) =>
  fc.integer({ min: 0, max: 3 }).chain((groups) => fc.tuple(...lettersOf(f, groups).map(fieldOf)).map((fields) => ({ ...f, fields }))),
);
