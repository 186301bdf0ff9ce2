/**
 * Round trips for every message and struct of schemas/ and the corpus (no Perl): decode(encode(v)) is v
 * (as the decoder must return it), encode(decode(bytes)) is bytes, and encodeInto writes the same packet
 * at any offset of a dirty buffer without touching the bytes around it.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { layoutArb } from "./support/arbitrary.js";
import { expectedLayout, plain } from "./support/expected.js";
import { hex } from "./support/hex.js";
import { randomSchemaFiles } from "./support/random-schema.js";
import { CORPUS, SCHEMAS, Suite } from "./support/suite.js";
import type { LayoutItem, TypeModel } from "../../compiler/model/model.js";

/** Space-padded fixed strings (Perl A) drop trailing whitespace and NULs: their bytes may not come back. */
function lossy(items: readonly LayoutItem[], seen = new Set<object>()): boolean {
  const type = (t: TypeModel): boolean => {
    if ((t.kind === "string" || t.kind === "bytes") && t.length.kind === "fixed") return t.length.pad === "space";
    if (t.kind === "array") return type(t.element);
    if (t.kind === "struct" && !seen.has(t.struct)) {
      seen.add(t.struct);
      return lossy(t.struct.items, seen);
    }
    return false;
  };
  return items.some((i) => i.kind === "field" && type(i.type));
}

/** encode(decode(b)) is b, except that lossy layouts only come back to a fixed point of the same length. */
function expectSameBytes(again: Uint8Array, original: Uint8Array, items: readonly LayoutItem[], reencode: (b: Uint8Array) => Uint8Array): void {
  if (!lossy(items)) {
    expect(hex(again)).toBe(hex(original));
    return;
  }
  expect(again.length).toBe(original.length);
  expect(hex(reencode(again))).toBe(hex(again));
}

const RUNS = Number(process.env.ROUNDTRIP_RUNS ?? 60);
// Seeded random schemas too (test/codegen/support/random-schema.ts): shapes no hand-written schema has.
const SUITES = [new Suite("roundtrip-schemas", SCHEMAS), new Suite("roundtrip-corpus", CORPUS), new Suite("roundtrip-random", randomSchemaFiles("roundtrip-random-src", 12))];

beforeAll(async () => {
  for (const s of SUITES) await s.load();
});

describe.each(SUITES.map((s) => [s.name, s] as const))("%s", (_name, suite) => {
  describe.each(suite.messages().map((m) => [`${m.msg.service}.${m.msg.name}`, m] as const))("%s", (_label, { file, msg }) => {
    it("request: decode(encode(v)) = v, encode(decode(b)) = b, encodeInto = encode", () => {
      const Request = suite.request(file, msg);
      const dirty = fc.uint8Array({ minLength: 0, maxLength: 16 });
      fc.assert(
        fc.property(layoutArb(msg.request.items), dirty, dirty, fc.integer({ min: 0, max: 0xffff_ffff }), (value, before, after, sync) => {
          const request = new Request(value);
          const packet = request.encode(sync);
          expect(request.packetSize()).toBe(packet.length);
          const body = packet.subarray(12);
          const decoded = Request.decodeBody(body);
          expect(plain(decoded)).toEqual(plain(expectedLayout(msg.request.items, value, undefined, [], decoded)));
          const again = (b: Uint8Array): Uint8Array => new Request(Request.decodeBody(b)).encode(sync).subarray(12);
          expectSameBytes(new Request(decoded).encode(sync).subarray(12), body, msg.request.items, again);
          // Into a dirty buffer at an offset: same bytes, neighbours untouched.
          const target = new Uint8Array(before.length + packet.length + after.length).fill(0xa5);
          target.set(before, 0);
          target.set(after, before.length + packet.length);
          expect(request.encodeInto(target, before.length, sync)).toBe(before.length + packet.length);
          expect(hex(target)).toBe(hex(before) + hex(packet) + hex(after));
        }),
        { numRuns: RUNS },
      );
    });

    // no_reply messages have no response to test
    if (msg.response !== undefined)
      it("response: decode(encode(v)) = v, encode(decode(b)) = b", () => {
      const response = suite.response(file, msg);
      const items = msg.response?.items ?? [];
      const pair = layoutArb(msg.request.items).chain((req) => layoutArb(items, 0, { value: req, items: msg.request.items }).map((res) => [req, res] as const));
      fc.assert(
        fc.property(pair, ([req, res]) => {
          const body = response.encodeBody(res, req);
          const decoded = response.decode(body, req);
          expect(plain(decoded)).toEqual(plain(expectedLayout(items, res, req, msg.request.items, decoded)));
          expectSameBytes(response.encodeBody(decoded, req), body, items, (b) => response.encodeBody(response.decode(b, req), req));
          // The Request class decodes responses the same way.
          expect(plain(new (suite.request(file, msg))(req).decodeResponse(body))).toEqual(plain(decoded));
        }),
        { numRuns: RUNS },
      );
    });
  });

  describe.each(suite.structs().map((s) => [`${s.file.replace(/^.*\//, "")}: ${s.struct.name}`, s] as const))("struct %s", (_label, { file, struct }) => {
    it("decode(encode(v)) = v, encode(decode(b)) = b", () => {
      const fns = suite.struct(file, struct);
      fc.assert(
        fc.property(layoutArb(struct.items), (value) => {
          const bytes = fns.encode(value);
          const decoded = fns.decode(bytes);
          expect(plain(decoded)).toEqual(plain(expectedLayout(struct.items, value, undefined, [], decoded)));
          expectSameBytes(fns.encode(decoded), bytes, struct.items, (b) => fns.encode(fns.decode(b)));
        }),
        { numRuns: RUNS },
      );
    });
  });
});

describe("a varint-prefixed string's length, written after its text (one-byte and two-byte prefixes)", () => {
  it("is Perl's w/a* for every length around the bounds, ASCII and three-byte text", async () => {
    const { encodeProfile, decodeProfile } = await import("../../generated-examples/users.js");
    const { writeVarint, varintSize } = await import("../../runtime/codec/varint.js");
    for (const unit of ["a", "é", "€"]) {
      for (const n of [42, 43, 127, 128, 129, 1000, 5461, 5462, 6000]) {
        const login = unit.repeat(n);
        const text = new TextEncoder().encode(login);
        const bytes = encodeProfile({ userId: 1, login, created: 2, country: "RU", groups: [] });
        const prefix = new Uint8Array(varintSize(text.length));
        writeVarint(prefix, 0, text.length);
        // user_id u32, then login as w/a*: the prefix Perl's pack("w") writes, then the text.
        expect(Buffer.from(bytes.subarray(4, 4 + prefix.length)).equals(prefix)).toBe(true);
        expect(Buffer.from(bytes.subarray(4 + prefix.length, 4 + prefix.length + text.length)).equals(text)).toBe(true);
        expect(decodeProfile(bytes).login).toBe(login);
      }
    }
  });
});
