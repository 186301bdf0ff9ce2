/** The runtime primitives generated code calls (runtime/codec), against DataView, TextEncoder and Perl's rules. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as c from "../../runtime/codec/index.js";

describe("varint (Perl w)", () => {
  it("round-trips numbers and bigints with the sizes Perl uses", () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (v) => {
        const t = new Uint8Array(10);
        const end = c.writeVarint(t, 0, v);
        expect(end).toBe(c.varintSize(v));
        const cur = c.newCursor();
        expect(c.readVarint(t, 0, end, cur)).toBe(v);
        expect(cur.pos).toBe(end);
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (v) => {
        const t = new Uint8Array(10);
        const end = c.writeVarintBig(t, 0, v);
        expect(end).toBe(c.varintSizeBig(v));
        expect(c.readVarintBig(t, 0, end, c.newCursor())).toBe(v);
      }),
    );
    const max = new Uint8Array(10);
    expect([...max.subarray(0, c.writeVarintBig(max, 0, (1n << 64n) - 1n))]).toEqual([0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]);
  });

  it("reports truncation, overflow and non-canonical encodings", () => {
    const cur = c.newCursor();
    expect(c.readVarint(Uint8Array.of(0x81), 0, 1, cur)).toBe(c.VARINT_TRUNCATED);
    expect(c.readVarint(Uint8Array.of(0x80, 0x01), 0, 2, cur)).toBe(c.VARINT_NONCANONICAL);
    const big = Uint8Array.of(0x90, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00); // 2^53
    expect(c.readVarint(big, 0, big.length, cur)).toBe(c.VARINT_OVERFLOW);
    expect(c.readVarintBig(big, 0, big.length, cur)).toBe(1n << 53n);
    const huge = Uint8Array.of(0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00); // 2^64
    expect(c.readVarintBig(huge, 0, huge.length, cur)).toBe(BigInt(c.VARINT_OVERFLOW));
  });
});

describe("UTF-8", () => {
  it("matches TextEncoder, lone surrogates included, and sizes exactly", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: "binary", minLength: 50, maxLength: 80 }), fc.constantFrom("\ud800", "a\udc00b", "\ufeffx")), (s) => {
        const want = new TextEncoder().encode(s);
        expect(c.utf8Length(s)).toBe(want.length);
        const t = new Uint8Array(want.length + 4);
        expect(c.writeUtf8(t, 2, s)).toBe(want.length);
        expect([...t.subarray(2, 2 + want.length)]).toEqual([...want]);
        expect(c.writeUtf8Bounded(t, 0, s, want.length)).toBe(want.length);
        if (want.length > 0) expect(c.writeUtf8Bounded(t, 0, s, want.length - 1)).toBe(-1);
      }),
    );
  });

  it("decodes strictly and keeps a byte order mark", () => {
    expect(c.readUtf8(Uint8Array.of(0xef, 0xbb, 0xbf, 0x61), 0, 4)).toBe("\ufeffa");
    expect(c.readUtf8(Uint8Array.of(0x61, 0xff), 0, 2)).toBeUndefined();
    expect(c.readUtf8(Uint8Array.of(0xc0, 0x80), 0, 2)).toBeUndefined(); // overlong NUL
    expect(c.readUtf8(Uint8Array.of(0xed, 0xa0, 0x80), 0, 3)).toBeUndefined(); // a surrogate
    const long = new TextEncoder().encode("é".repeat(100));
    expect(c.readUtf8(long, 0, long.length)).toBe("é".repeat(100));
  });
});

describe("numbers", () => {
  it("floats and 64-bit integers in both byte orders agree with DataView", () => {
    fc.assert(
      fc.property(fc.double(), fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), fc.maxSafeInteger(), (d, q, n) => {
        const t = new Uint8Array(8);
        const dv = new DataView(t.buffer);
        for (const le of [true, false]) {
          c.writeF64(t, 0, d, le);
          expect(Object.is(dv.getFloat64(0, le), d)).toBe(true);
          expect(Object.is(c.readF64(t, 0, le), d)).toBe(true);
          c.writeF32(t, 0, d, le);
          expect(Object.is(dv.getFloat32(0, le), Math.fround(d))).toBe(true);
          c.writeI64(t, 0, q, le);
          expect(dv.getBigInt64(0, le)).toBe(q);
          expect(c.readI64(t, 0, le)).toBe(q);
          c.writeInt64Number(t, 0, n, le);
          expect(dv.getBigInt64(0, le)).toBe(BigInt(n));
          expect(c.readI64Number(t, 0, le)).toBe(n);
          expect(c.readU64Number(t, 0, le)).toBe(n >= 0 ? n : -1);
        }
        dv.setFloat32(0, d, false);
        expect(Object.is(c.readF32BE(t, 0), Math.fround(d))).toBe(true);
        c.writeF64BE(t, 0, d);
        expect(Object.is(c.readF64BE(t, 0), d)).toBe(true);
      }),
    );
  });

  it("reports 64-bit values outside the safe range", () => {
    const t = new Uint8Array(8);
    new DataView(t.buffer).setBigUint64(0, 1n << 53n, true);
    expect(c.readU64LENumber(t, 0)).toBe(-1);
    expect(Number.isNaN(c.readI64LENumber(t, 0))).toBe(true);
  });
});

describe("bytes", () => {
  it("strips trailing whitespace and NULs like Perl's unpack 'A'", () => {
    const t = Uint8Array.of(0x61, 0x20, 0x62, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x00, 0x20);
    expect(c.trimSpaceEnd(t, 0, t.length)).toBe(3);
    expect(c.trimSpaceEnd(Uint8Array.of(0x20, 0x20), 0, 2)).toBe(0);
    expect(c.nulIndex(Uint8Array.of(1, 2, 0, 3), 0, 4)).toBe(2);
    expect(c.nulIndex(Uint8Array.of(1, 2, 0, 3), 0, 2)).toBe(-1);
  });

  it("evaluates division by zero and huge shifts without throwing", () => {
    expect([c.divNum(7, 0), c.modNum(7, 0), c.divBig(7n, 0n), c.modBig(7n, 0n)]).toEqual([0, 0, 0n, 0n]);
    expect(c.shlBig(1n, 1n << 40n)).toBe(1n << 1024n);
    expect(c.shrBig(-8n, 1n << 40n)).toBe(-1n);
  });
});
