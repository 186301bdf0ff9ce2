/**
 * Perl's pack/unpack behaviour case by case: each example states the bytes or values we produce, and
 * the same request is put to Perl, so every line below is a fact about Perl too.
 */
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { type PackValue, pack, unpack } from "../../runtime/index.js";
import { PerlPeer } from "./perl-peer.js";
import { ourPack, packRequest, unpackDifference, unpackRequest } from "./wire.js";

const peer = new PerlPeer(fileURLToPath(new URL("./pack-peer.pl", import.meta.url)));
afterAll(() => peer.close());

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const bin = (s: string): Uint8Array => Buffer.from(s, "latin1");

/** [template, values, expected hex] */
const packCases: [string, PackValue[], string][] = [
  ["C", [-1], "ff"], // negative in an unsigned letter: wrapped, as Perl
  ["C", [256], "00"],
  ["c", [200], "c8"],
  ["S", [-1], "ffff"],
  ["L", [1.9], "01000000"], // fractions truncate toward zero
  ["L", [-1.9], "ffffffff"],
  ["L", [1e20], "ffffffff"], // beyond 2^64 clamps to UV_MAX
  ["l", [-1e20], "00000000"], // below -2^63 clamps to IV_MIN
  ["Q", [-1], "ffffffffffffffff"],
  ["q", [1e19], "0000e8890423c78a"],
  ["Q>", [2n ** 64n + 5n], "ffffffffffffffff"],
  ["w", [1e20], "8aebe3d7c5d698c08000"], // a double beyond 2^64 is encoded exactly
  ["w", [123456789012345678901234567890n], "b1eec8bfedc3b9f89de4f1fc9552"],
  ["w", [1.5], "01"],
  ["w", [-0], "00"],
  ["f", [3.5e38], "0000807f"], // beyond FLT_MAX is infinity, not FLT_MAX
  ["n/a*", ["abc"], "0003616263"],
  ["n/Z*", ["abc"], "000461626300"], // Z's count includes the NUL
  ["n/a5", ["abc"], "00056162630000"],
  ["n/a", ["abc"], "0003616263"], // no count after '/' means the whole string
  ["n/L*", [1, 2], "00020100000002000000"],
  ["n/L1", [1, 2], "000101000000"],
  ["C/(L)", [1, 2, 3], "03010000000200000003000000"], // a group's count is the number of values left
  ["C/C/a*", [1, 2, "abc"], "0301010131"], // the middle C packs its count three times
  ["A3/a*", ["hello"], "35202068656c6c6f"], // a string length item holds the decimal count
  ["Z2", ["abc"], "6100"],
  ["Z", ["abc"], "00"],
  ["A5", ["abc"], "6162632020"],
  ["a*", [""], ""],
  ["x*", [], ""],
  ["(x)* L", [1], "0001000000"], // (...)* repeats once per value left, even when it takes none
  ["(L>S)>", [1, 2], "000000010002"],
  ["(L)>2", [1, 2], "0000000100000002"],
  ["(n)<", [1], "0001"], // '<' on a group leaves n alone
  ["L # comment\n L", [1, 2], "0100000002000000"],
  ["x[3]", [], "000000"],
  ["(C) w/L*", [5, 1, 2], "050102000000"], // Perl drops a '/' right after a group ...
  ["(C)0 n/a*", [7, "abc"], "0007616263"],
  ["(C)0/a* C", [123, 5], "3200007b05"], // ... and hands an unrun group's '/' to the next item
  ["(C) x0 n/a*", [5, "abc"], "050003616263"], // the workaround: an empty item takes the loss
  ["a*", ["é"], "c3a9"], // strings are written as UTF-8
  ["a*", [12345n], "3132333435"], // integers as their decimal text
];

/** [template, input (latin1), expected values] */
const unpackCases: [string, string, PackValue[]][] = [
  ["L", "\x01\x02", []], // short input: fewer values
  ["L3", "abcdefgh", [0x64636261, 0x68676665]],
  ["a5", "ab", [bin("ab")]],
  ["A*", "ab \0\t\n\x0b\x0c\r", [bin("ab")]],
  ["Z*C", "ab\0\x05", [bin("ab"), 5]],
  ["Z5C", "ab\0\x05\x06\x07", [bin("ab"), 7]],
  ["q", "\xff\xff\xff\xff\xff\xff\xff\xff", [-1n]],
  ["Q", "\x01\0\0\0\0\0\0\0", [1n]], // Q/q are bigints even when small
  ["w", "\x82\x80\x80\x80\x80\x80\x80\x80\x80\x00", [2n ** 64n]],
  ["w2", "\x81\x00\x05", [128, 5]],
  ["(CC)*", "abc", [97, 98, 99]],
  ["(L)*", "abcde", [0x64636261]],
  ["(a)3", "", [bin(""), bin(""), bin("")]],
  ["C/(C)", "\x05\x01\x02", [1, 2]],
  ["C/L*", "\x05\x01\x02", []],
  ["L/a*", "\x05\0\0\0ab", [bin("ab")]],
  ["L/a*", "\x05\0\0", []], // the length item found nothing: unpack stops
  ["C L/a*", "\x01\x05\0", [bin("\x05")]], // ... unless a value precedes it: Perl pops that as the count
  ["A3/a*", "5  hello", [bin("hello")]],
  ["C*/Z", "\x03abc", [3, 97, 98, bin("")]],
  ["C/Z*", "\x03ab\0def", [bin("ab")]],
  ["(C)/a", "\x02ab", [2, bin("a")]], // a '/' after a group that ran is ignored
  ["C (C/a*)2 a", "\x03\x01\x4c", [3, bin("")]], // a group stopping at its '/' becomes a length item
];

describe("Perl's pack, example by example", () => {
  for (const [template, values, expected] of packCases) {
    it(`pack(${JSON.stringify(template)}, [${values.map(String).join(", ")}]) is ${expected}`, () => {
      expect(hex(pack(template, values))).toBe(expected);
    });
  }

  it("Perl packs every example the same", async () => {
    const answers = await peer.ask(packCases.map(([t, v]) => packRequest(t, v)));
    expect(answers).toEqual(packCases.map(([t, v]) => ourPack(t, v)));
  });
});

describe("Perl's unpack, example by example", () => {
  for (const [template, input, expected] of unpackCases) {
    it(`unpack(${JSON.stringify(template)}, ${JSON.stringify(input)})`, () => {
      expect(unpack(template, bin(input))).toEqual(expected);
    });
  }

  it("Perl unpacks every example the same", async () => {
    const answers = await peer.ask(unpackCases.map(([t, input]) => unpackRequest(t, bin(input))));
    const differences = unpackCases.map(([t, input], i) => unpackDifference(unpack(t, bin(input)), answers[i]!));
    expect(differences).toEqual(unpackCases.map(() => undefined));
  });
});

describe("where Perl croaks, we throw", () => {
  const croaks: [string, string][] = [
    ["x5", "ab"],
    ["C x*", "ab"], // x* means 'the input's length', wherever it is used
    ["w", "\x81"],
    ["C L/a*", "\x01"],
    ["d/a*", Buffer.from(new Float64Array([Infinity]).buffer).toString("latin1")],
    ["(C/a*)2", "\x01\x4c"],
  ];
  it.each(croaks)("unpack(%j, %j) throws a DecodeError or TemplateError", async (template, input) => {
    expect(() => unpack(template, bin(input))).toThrow(/cannot decode|bad pack template/);
    const [answer] = await peer.ask([unpackRequest(template, bin(input))]);
    expect(answer).toMatch(/^ERR /);
  });

  const templates = ["L<>", "(L<)>", "C<", "n>", "(3L)", "(L", "L)", "L/", "n/3a", "i", "H*", "L!"];
  it.each(templates)("pack(%j) throws a TemplateError, and Perl croaks", async (template) => {
    expect(() => pack(template, [1, 2])).toThrow(expect.objectContaining({ name: "TemplateError", code: "EINVAL" }));
    const [answer] = await peer.ask([packRequest(template, [1, 2])]);
    // Perl supports H, i and '!'; we refuse them on purpose (see template.ts).
    if (!["i", "H*", "L!"].includes(template)) expect(answer).toMatch(/^ERR /);
  });
});
