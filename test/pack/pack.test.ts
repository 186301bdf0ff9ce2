/** The typed surface of pack/unpack: value types, options, errors, caching, and safety on hostile input. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecodeError, EncodeError, IProtoError, TemplateError, pack, unpack } from "../../runtime/index.js";
import { getTemplate } from "../../runtime/pack/template.js";
import { anyItem, caseOf } from "./template-gen.js";

const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);

describe("value types", () => {
  it("Q and q come back as bigints, other integers as numbers", () => {
    const packed = pack("Q q L s C", [5n, -5, 7, -2, 255]);
    expect(unpack("Q q L s C", packed)).toEqual([5n, -5n, 7, -2, 255]);
  });

  it("w is a number up to 2^53-1 and a bigint above", () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(unpack("w3", pack("w3", [1, max, BigInt(max) + 1n]))).toEqual([1, max, BigInt(max) + 1n]);
  });

  it("a/A/Z are Uint8Array copies by default and strings with { strings: 'utf8' }", () => {
    const input = pack("a* x A3 Z*", ["héllo", "ab", "z"]);
    const [a, , , ] = unpack("a6 x A3 Z*", input);
    expect(a).toBeInstanceOf(Uint8Array);
    (a as Uint8Array)[0] = 0; // a copy: the input is untouched
    expect(input[0]).toBe(0x68);
    expect(unpack("a6 x A3 Z*", input, { strings: "utf8" })).toEqual(["héllo", "ab", "z"]);
  });

  it("invalid UTF-8 with { strings: 'utf8' } is a DecodeError", () => {
    expect(() => unpack("a*", bytes(0xff), { strings: "utf8" })).toThrow(DecodeError);
  });
});

describe("errors", () => {
  const encodeErrors: [string, unknown[]][] = [
    ["L L", [1]], // missing value
    ["a*", []],
    ["L", [NaN]],
    ["C", [Infinity]],
    ["L", ["12"]], // no silent numification of strings
    ["w", [-1]],
    ["w", [-1n]],
    ["a", [1.5]],
  ];
  for (const [template, values] of encodeErrors) {
    it(`pack(${JSON.stringify(template)}, [${values.map(String).join(", ")}]) throws EncodeError (EENCODE)`, () => {
      expect(() => pack(template, values as never)).toThrow(expect.objectContaining({ name: "EncodeError", code: "EENCODE" }));
    });
  }

  it("{ missing: 'empty' } packs missing values as Perl does: 0 or an empty string", () => {
    expect(Buffer.from(pack("L a3 L", [7], { missing: "empty" })).toString("hex")).toBe("07000000000000" + "00000000");
  });

  it("unpack of `L/a3` is refused up front (Perl croaks when it gets there)", () => {
    expect(() => unpack("n/a3", bytes(0, 1, 65))).toThrow(TemplateError);
    expect(Buffer.from(pack("n/a3", ["abcd"])).toString("hex")).toBe("0003616263");
  });

  it("a w longer than 4096 bytes is refused rather than computed", () => {
    const long = new Uint8Array(5000).fill(0xff);
    long[4999] = 1;
    expect(() => unpack("w", long)).toThrow(DecodeError);
  });

  it("a huge / count on a group that reads nothing is refused, not looped", () => {
    expect(() => unpack("N/(a0)", bytes(0xff, 0xff, 0xff, 0xff))).toThrow(DecodeError);
    expect(unpack("N/(C)", bytes(0xff, 0xff, 0xff, 0xff))).toEqual([]);
  });
});

describe("templates", () => {
  it("are compiled once and cached", () => {
    expect(getTemplate("L n/a* (w)*")).toBe(getTemplate("L n/a* (w)*"));
  });

  it("round-trip: unpack(pack(values)) gives the values back", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array(), { maxLength: 4 }), fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 })), (strs, ints) => {
        const template = `${strs.map(() => "w/a*").join(" ")} n/L*`;
        expect(unpack(template, pack(template, [...strs, ...ints]))).toEqual([...strs, ...ints]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("hostile input", () => {
  it("never reads outside the input and fails only with typed errors", () => {
    const arb = fc.record({
      template: caseOf(anyItem).map((c) => c.template),
      data: fc.uint8Array({ maxLength: 64 }),
    });
    fc.assert(
      fc.property(arb, ({ template, data }) => {
        try {
          const values = unpack(template, data);
          for (const v of values) expect(v).not.toBeUndefined();
        } catch (e) {
          expect(e).toBeInstanceOf(IProtoError);
        }
      }),
      { numRuns: 5000 },
    );
  });
});
