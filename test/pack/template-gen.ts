/**
 * fast-check generators of Perl templates together with values that fit them. A node is a template
 * fragment plus an arbitrary of the values one pass over it consumes, so a counted group draws fresh
 * values per pass. Constructs that swallow every remaining value (`L*`, `(...)*`, `n/L*`) are generated
 * only as the last item, where the values given are exactly what they take.
 */
import fc from "fast-check";
import type { PackValue } from "../../runtime/pack/index.js";

export interface Node {
  readonly text: string;
  readonly values: fc.Arbitrary<PackValue[]>;
}

export interface Case {
  readonly template: string;
  readonly values: PackValue[];
}

const edgeNumbers = [
  0, -0, 1, -1, 127, 128, 255, 256, -128, -129, 32767, 32768, 65535, 65536, -32768, -32769,
  2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53 - 1, 2 ** 53,
  2 ** 63, 2 ** 63 - 1024, 2 ** 64, 2 ** 64 - 2048, -(2 ** 63), -(2 ** 64), 1e20, -1e20, 0.5, -0.5,
  1.9999, -1.9999, 255.9, -255.9, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE,
];
const edgeBigints = [
  0n, 1n, -1n, 255n, 256n, -129n, 2n ** 32n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n, 2n ** 64n,
  -(2n ** 63n), -(2n ** 63n) - 1n, 2n ** 100n, -(2n ** 100n),
];

export const intValue: fc.Arbitrary<PackValue> = fc.oneof(
  fc.integer({ min: -70000, max: 70000 }),
  fc.integer(),
  fc.constantFrom(...edgeNumbers),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.bigInt({ min: -(2n ** 66n), max: 2n ** 66n }),
  fc.constantFrom(...edgeBigints),
);

export const berValue: fc.Arbitrary<PackValue> = fc.oneof(
  fc.nat(),
  fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  fc.constantFrom(0, 127, 128, 16383, 16384, 2 ** 53 - 1, 2 ** 53, 2 ** 64, 2 ** 64 - 2048, 1e19, 1.5, 0.999, 1e30),
  fc.double({ min: 0, max: 1e40, noNaN: true }),
  fc.bigInt({ min: 0n, max: 2n ** 200n }),
  fc.constantFrom(0n, 127n, 128n, 2n ** 64n - 1n, 2n ** 64n, 2n ** 70n),
);

export const floatValue: fc.Arbitrary<PackValue> = fc.oneof(
  fc.double(),
  fc.float(),
  fc.constantFrom(3.4028234663852886e38, 3.4028235e38, 3.4028235677973366e38, -3.5e38, 1e-45, 1e-46,
    5e-324, Infinity, -Infinity, -0, 16777217, 0.1),
  fc.integer(),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
);

export const stringValue: fc.Arbitrary<PackValue> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.uint8Array({ maxLength: 12 }),
  fc.constantFrom("", " ", "a \0 ", "ab  ", "x\0\0", "  \t\n", "\0abc"),
  fc.integer(),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
);

const INT_LETTERS = ["C", "c", "S", "s", "L", "l", "Q", "q", "n", "N", "v", "V"] as const;
const ENDIAN = new Set("sSlLqQfd");

function valuesFor(letter: string): fc.Arbitrary<PackValue> {
  if (letter === "w") return berValue;
  if (letter === "f" || letter === "d") return floatValue;
  return intValue;
}

function modifier(letter: string): fc.Arbitrary<string> {
  return ENDIAN.has(letter) ? fc.constantFrom("", "", "<", ">") : fc.constant("");
}

const blank = fc.constantFrom("", "", "", " ", "  ", "\n", " # note\n");

/** A numeric item with a fixed count: `L`, `S<3`, `w2`, `d>0`. */
export function numericItem(letters: readonly string[]): fc.Arbitrary<Node> {
  return fc.constantFrom(...letters).chain((letter) =>
    fc.tuple(modifier(letter), fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 4 }))).map(([mod, n]) => ({
      text: `${letter}${mod}${n < 0 ? "" : n}`,
      values: fc.array(valuesFor(letter), { minLength: n < 0 ? 1 : n, maxLength: n < 0 ? 1 : n }),
    })),
  );
}

/** A string or padding item: `a`, `A5`, `Z*`, `x3`. */
export const stringItem: fc.Arbitrary<Node> = fc
  .tuple(fc.constantFrom("a", "A", "Z", "x"), fc.constantFrom("", "*", "0", "1", "3", "8"))
  .map(([letter, count]) => ({
    text: letter + count,
    values: letter === "x" ? fc.constant([]) : stringValue.map((v) => [v]),
  }));

const lengthLetter = fc.constantFrom("C", "n", "N", "v", "V", "w", "L", "S>", "Q<", "s", "C2", "A3", "a2", "d");

/** A length-prefixed item whose value count is known: `n/a*`, `w/Z`, `C/L2`. */
export const slashItem: fc.Arbitrary<Node> = fc.oneof(
  fc.tuple(lengthLetter, fc.constantFrom("a*", "A*", "Z*", "a", "Z", "a3", "Z2", "A0")).map(([len, seq]) => ({
    text: `${len}/${seq}`,
    values: stringValue.map((v) => [v]),
  })),
  fc.tuple(lengthLetter, fc.constantFrom(...INT_LETTERS), fc.integer({ min: 0, max: 3 })).map(([len, seq, n]) => ({
    text: `${len}/${seq}${n}`,
    values: fc.array(intValue, { minLength: n, maxLength: n }),
  })),
);

/** A group of `inner` items with modifiers and a fixed count; each pass draws its own values. */
export function groupOf(inner: fc.Arbitrary<Node[]>): fc.Arbitrary<Node> {
  return fc
    .tuple(inner, fc.constantFrom("", "", "<", ">"), fc.constantFrom("", "0", "1", "2", "3"))
    .map(([items, mod, count]) => {
      const passes = count === "" ? 1 : Number(count);
      const body = sequence(items);
      return {
        text: `(${body.text})${mod}${count}`,
        values: fc.array(body.values, { minLength: passes, maxLength: passes }).map((vs) => vs.flat()),
      };
    });
}

/**
 * Items in order. After a group Perl's pack drops the next item's `/` (see pack.ts), which would shift
 * the values we planned; an `x0` (no bytes, no value) after each group keeps them aligned. The quirk
 * itself has its own family, with numbers only.
 */
export function sequence(items: readonly Node[]): Node {
  return {
    text: items.map((n) => (n.text.startsWith("(") ? `${n.text} x0` : n.text)).join(" "),
    values: fc.tuple(...items.map((n) => n.values)).map((vs) => vs.flat()),
  };
}

/** Last-only items: each swallows whatever values remain. */
export function greedyItem(body: fc.Arbitrary<Node>): fc.Arbitrary<Node> {
  return fc.oneof(
    fc.constantFrom(...INT_LETTERS, "w", "f", "d").chain((letter) =>
      modifier(letter).map((mod) => ({
        text: `${letter}${mod}*`,
        values: fc.array(valuesFor(letter), { maxLength: 5 }),
      })),
    ),
    fc.tuple(fc.constantFrom("n", "C", "w", "N"), fc.constantFrom(...INT_LETTERS)).map(([len, seq]) => ({
      text: `${len}/${seq}*`,
      values: fc.array(intValue, { maxLength: 5 }),
    })),
    fc.tuple(body, fc.constantFrom("*", "C/", "n/")).map(([group, how]) => {
      const inner = sequence([group]);
      return {
        text: how === "*" ? `(${inner.text})*` : `${how}(${inner.text})`,
        values: fc.array(inner.values, { maxLength: 3 }).map((vs) => vs.flat()),
      };
    }),
  );
}

/** A whole case: some items, maybe a greedy last one, blanks between, and values drawn for them. */
export function caseOf(item: fc.Arbitrary<Node>, greedy?: fc.Arbitrary<Node>): fc.Arbitrary<Case> {
  const tail = greedy ? fc.option(greedy, { nil: undefined }) : fc.constant(undefined);
  return fc
    .tuple(fc.array(item, { maxLength: 5 }), tail, fc.array(blank, { minLength: 6, maxLength: 6 }))
    .chain(([items, last, gaps]) => {
      const all = last ? [...items, last] : items;
      const text = all.map((n, i) => (n.text.startsWith("(") ? `${n.text} x0` : n.text) + gaps[i % gaps.length]!).join("");
      return sequence(all).values.map((values) => ({ template: text, values }));
    });
}

export const anyItem: fc.Arbitrary<Node> = fc.letrec<{ item: Node; list: Node[] }>((tie) => ({
  item: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    numericItem([...INT_LETTERS, "w", "f", "d"]),
    stringItem,
    slashItem,
    groupOf(tie("list")),
  ),
  list: fc.array(tie("item"), { maxLength: 3 }),
})).item;

/** Numeric items, numeric `/` items and groups of them in any order: values may shift, types cannot. */
export const numbersOnlyItem: fc.Arbitrary<Node> = fc.letrec<{ item: Node; list: Node[] }>((tie) => ({
  item: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    numericItem(INT_LETTERS),
    fc.tuple(fc.constantFrom("C", "n", "w", "V", "C2"), fc.constantFrom(...INT_LETTERS), fc.constantFrom("", "1", "3", "*")).map(
      ([len, seq, n]) => ({ text: `${len}/${seq}${n}`, values: fc.array(intValue.filter(nonNegative), { maxLength: 3 }) }),
    ),
    fc.tuple(tie("list"), fc.constantFrom("", "0", "1", "2")).map(([items, count]) => ({
      text: `(${items.map((n) => n.text).join(" ")})${count}`,
      values: fc.array(intValue.filter(nonNegative), { maxLength: 4 }),
    })),
  ),
  list: fc.array(tie("item"), { maxLength: 3 }),
})).item;

/** `w` refuses negative numbers in Perl and here alike; keeping values non-negative keeps cases useful. */
function nonNegative(v: PackValue): boolean {
  return typeof v === "number" ? v >= 0 && Number.isFinite(v) : typeof v === "bigint" ? v >= 0n : true;
}

/** Plain concatenation: no `x0` guards, for the family that exercises the quirk. */
export function rawCaseOf(item: fc.Arbitrary<Node>): fc.Arbitrary<Case> {
  return fc.array(item, { maxLength: 5 }).chain((items) =>
    fc.tuple(...items.map((n) => n.values)).map((vs) => ({ template: items.map((n) => n.text).join(" "), values: vs.flat() })),
  );
}
