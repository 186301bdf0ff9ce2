/**
 * The runtime's UTF-8 decoder against the platform's strict one: every fast path (ASCII scans, native
 * slices) must accept exactly what `TextDecoder("utf-8", { fatal: true })` accepts and return the same
 * text — invalid UTF-8 is a DecodeError in generated code, never replacement characters.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newCursor } from "../../runtime/codec/cursor.js";
import { readUtf8, readUtf8Cached, utf8Length, writeUtf8 } from "../../runtime/codec/utf8.js";

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
function reference(t: Uint8Array, start: number, end: number): string | undefined {
  try {
    return strict.decode(t.subarray(start, end));
  } catch {
    return undefined;
  }
}

/** Byte soup near the edges of validity: ASCII runs, valid sequences, and the classic invalid ones. */
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => b.map((x) => x & 0x7f)) },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 8 }).map((s) => new TextEncoder().encode(s)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      [0x80], [0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80],
      [0xf5], [0xff], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xef, 0xbb, 0xbf],
    ).map((b) => Uint8Array.from(b)),
  },
);

describe("readUtf8 accepts exactly what a strict decoder accepts", () => {
  it("on random byte soup at every length the fast paths see (0–200 bytes, any offset)", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.nat(7), fc.nat(7), (pieces, before, after) => {
        const body = Buffer.concat(pieces);
        const t = new Uint8Array(before + body.length + after).fill(0x41);
        t.set(body, before);
        expect(readUtf8(t, before, before + body.length)).toBe(reference(t, before, before + body.length));
      }),
      { numRuns: 3000 },
    );
  });

  it("keeps a leading U+FEFF, short or long: text, not a byte-order mark to drop (Perl keeps it)", () => {
    for (const n of [0, 3, 40, 200]) {
      const text = `\uFEFF${"a".repeat(n)}`;
      const t = new TextEncoder().encode(text);
      expect(readUtf8(t, 0, t.length)).toBe(text);
      expect(readUtf8Cached(t, 0, t.length, newCursor())).toBe(text);
      // A field of a body: the window decoded whole starts before it, or at it.
      const body = new Uint8Array(400).fill(0x62);
      body.set(t, 100);
      expect(readUtf8Cached(body, 100, 100 + t.length, newCursor())).toBe(text);
      expect(readUtf8Cached(body.subarray(100), 0, t.length, newCursor())).toBe(text);
    }
  });

  it("one bad byte anywhere in ASCII of every length up to 130 is refused", () => {
    for (let n = 1; n <= 130; n++) {
      const t = new Uint8Array(n + 2).fill(0x61);
      expect(readUtf8(t, 1, n + 1)).toBe("a".repeat(n));
      for (const bad of [0x80, 0xc3, 0xff]) {
        for (const at of new Set([0, n >> 1, n - 1])) {
          const u = Uint8Array.from(t);
          u[1 + at] = bad;
          expect(readUtf8(u, 1, n + 1)).toBeUndefined();
        }
      }
      // The bytes around the range do not matter, valid or not.
      const edges = Uint8Array.from(t);
      edges[0] = 0xff;
      edges[n + 1] = 0xff;
      expect(readUtf8(edges, 1, n + 1)).toBe("a".repeat(n));
    }
  });
});

describe("readUtf8Cached (a body's text cut per field) accepts exactly what a strict decoder accepts", () => {
  it("on random fields of bodies below, inside and above the sizes it caches (any offset, several fields a body)", () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), fc.constantFrom(0, 300, 5000, 70_000), fc.nat(20), (pieces, pad, fields) => {
        const field = Buffer.concat(pieces);
        // Binary noise around the fields: the body as a whole is not ASCII, as real bodies are not.
        const t = new Uint8Array(pad + field.length * 3).map((_, i) => (i * 151) & 0xff);
        const starts = [0, 1, 2].map((k) => (pad >> 1) + k * field.length + (k === 0 ? 0 : fields % 3)).filter((at) => at + field.length <= t.length);
        for (const at of starts) t.set(field, at);
        // A decode reads a body that does not change under it: fields first, then one cursor for all.
        const cursor = newCursor();
        for (const at of starts) expect(readUtf8Cached(t, at, at + field.length, cursor)).toBe(reference(t, at, at + field.length));
      }),
      { numRuns: 1500 },
    );
  });

  it("long ASCII fields (the native check) and one bad byte in them", () => {
    for (const n of [63, 64, 65, 200, 1000]) {
      const t = new Uint8Array(2000).fill(0x61);
      t[0] = 0xff;
      const cursor = newCursor();
      expect(readUtf8Cached(t, 10, 10 + n, cursor)).toBe("a".repeat(n));
      t[10 + (n >> 1)] = 0xc3;
      const again = newCursor();
      expect(readUtf8Cached(t, 10, 10 + n, again)).toBeUndefined();
    }
  });

  it("fields all over a 100 KB body, across window edges, ASCII and not, each its own text", () => {
    const t = new Uint8Array(100_000).map((_, i) => (i * 151) & 0xff);
    const fields: [number, string][] = [];
    for (let at = 3, k = 0; at + 40 < t.length; at += 997 + (k % 13), k++) {
      const text = k % 5 === 0 ? `é${k}` : `field number ${k} `.repeat(1 + (k % 3));
      const bytes = new TextEncoder().encode(text);
      t.set(bytes, at);
      fields.push([at, text]);
    }
    const cursor = newCursor();
    for (const [at, text] of fields) expect(readUtf8Cached(t, at, at + new TextEncoder().encode(text).length, cursor)).toBe(text);
    // A field longer than a window decodes on its own.
    const long = new Uint8Array(40_000).fill(0x62);
    expect(readUtf8Cached(long, 1, 39_999, newCursor())).toBe("b".repeat(39_998));
  });

  it("forgets a body's text at the next decode: the same buffer, changed, decodes to its new text", () => {
    const t = new Uint8Array(400).fill(0x61);
    expect(readUtf8Cached(t, 0, 5, newCursor())).toBe("aaaaa");
    t.fill(0x62, 0, 5);
    expect(readUtf8Cached(t, 0, 5, newCursor())).toBe("bbbbb");
  });
});

describe("utf8Length and writeUtf8 agree with TextEncoder", () => {
  it("for any UTF-16 text of 0–200 units, lone surrogates included (written as U+FFFD)", () => {
    const unit = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0, max: 0xffff })).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 200 }), (units) => {
        const s = units.join("");
        const want = new TextEncoder().encode(s);
        expect(utf8Length(s)).toBe(want.length);
        const t = new Uint8Array(want.length + 4);
        expect(writeUtf8(t, 2, s)).toBe(want.length);
        expect(Buffer.from(t.subarray(2, 2 + want.length)).equals(want)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
