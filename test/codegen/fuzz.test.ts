/**
 * Decoder fuzzing: random bodies and mutations of valid ones (flipped bytes, truncations, insertions,
 * huge counts) for every request and response decoder and every struct decoder. A decoder may only
 * throw DecodeError (or ServerError for an envelope error reply); when it succeeds, its value re-encodes
 * to a body of exactly the same length, and decoding that again gives the same value.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { DecodeError, ServerError } from "../../runtime/core/errors.js";
import { layoutArb } from "./support/arbitrary.js";
import { plain } from "./support/expected.js";
import { CORPUS, SCHEMAS, Suite } from "./support/suite.js";
import type { Obj } from "./support/values.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const SUITES = [new Suite("fuzz-schemas", SCHEMAS), new Suite("fuzz-corpus", CORPUS)];

beforeAll(async () => {
  for (const s of SUITES) await s.load();
});

type Mutation = (b: Uint8Array) => Uint8Array;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([i, x]): Mutation => (b) => {
    const c = Uint8Array.from(b);
    if (c.length > 0) c[i % c.length]! ^= x;
    return c;
  }),
  fc.nat().map((n): Mutation => (b) => b.subarray(0, b.length === 0 ? 0 : n % b.length)),
  fc.uint8Array({ minLength: 1, maxLength: 8 }).map((x): Mutation => (b) => Uint8Array.from([...b, ...x])),
  fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 4 })).map(([i, x]): Mutation => (b) => {
    const at = b.length === 0 ? 0 : i % b.length;
    return Uint8Array.from([...b.subarray(0, at), ...x, ...b.subarray(at)]);
  }),
  fc.tuple(fc.nat(), fc.nat({ max: 6 })).map(([i, n]): Mutation => (b) => {
    const at = b.length === 0 ? 0 : i % b.length;
    return Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + n)]);
  }),
  // A count or length claiming far more than the body holds.
  fc.tuple(fc.nat(), fc.constantFrom([0xff, 0xff, 0xff, 0x7f], [0, 0, 0, 0x80], [0xff, 0xff, 0xff, 0xff], [0xff, 0xff, 0xff, 0xff, 0x0f])).map(
    ([i, x]): Mutation => (b) => {
      const c = Uint8Array.from(b);
      const at = c.length === 0 ? 0 : i % c.length;
      c.set(x.slice(0, Math.max(0, c.length - at)), at);
      return c;
    },
  ),
);

function input(valid: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.uint8Array({ maxLength: 64 }),
    valid,
    fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([b, ms]) => ms.reduce((x, m) => m(x), b)),
  );
}

/** Decodes `body`: an allowed error passes; a value must re-encode to the same length and decode the same. */
function check(body: Uint8Array, decode: (b: Uint8Array) => Obj, encode: (v: Obj) => Uint8Array, serverErrors: boolean): void {
  let value: Obj;
  try {
    value = decode(body);
  } catch (e) {
    if (e instanceof DecodeError) {
      expect(e.offset).toBeGreaterThanOrEqual(0);
      expect(e.offset).toBeLessThanOrEqual(body.length);
      return;
    }
    if (serverErrors && e instanceof ServerError) return;
    throw e;
  }
  const again = encode(value);
  expect(again.length).toBe(body.length);
  expect(plain(decode(again))).toEqual(plain(value));
}

describe.each(SUITES.map((s) => [s.name, s] as const))("%s", (_name, suite) => {
  describe.each(suite.messages().map((m) => [`${m.msg.service}.${m.msg.name}`, m] as const))("%s", (_label, { file, msg }) => {
    it("request decoder", () => {
      const Request = suite.request(file, msg);
      const valid = layoutArb(msg.request.items).map((v) => new Request(v).encode().subarray(12));
      fc.assert(
        fc.property(input(valid), (body) => check(body, (b) => Request.decodeBody(b), (v) => new Request(v).encode().subarray(12), false)),
        { numRuns: RUNS },
      );
    });

    // no_reply messages have no response to test
    if (msg.response !== undefined)
      it("response decoder", () => {
      const response = suite.response(file, msg);
      const items = msg.response?.items ?? [];
      const cases = layoutArb(msg.request.items).chain((req) =>
        fc.tuple(fc.constant(req), input(layoutArb(items, 0, { value: req, items: msg.request.items }).map((res) => response.encodeBody(res, req)))),
      );
      fc.assert(
        fc.property(cases, ([req, body]) =>
          check(body, (b) => response.decode(b, req), (v) => response.encodeBody(v, req), msg.envelope !== undefined),
        ),
        { numRuns: RUNS },
      );
    });
  });

  describe.each(suite.structs().map((s) => [`${s.file.replace(/^.*\//, "")}: ${s.struct.name}`, s] as const))("struct %s", (_label, { file, struct }) => {
    it("decoder", () => {
      const fns = suite.struct(file, struct);
      const valid = layoutArb(struct.items).map((v) => fns.encode(v));
      fc.assert(fc.property(input(valid), (body) => check(body, fns.decode, fns.encode, false)), { numRuns: RUNS });
    });
  });
});

it("a count of 2^31 items in a 10-byte body fails at once", async () => {
  const suite = SUITES[0]!;
  const entry = suite.messages().find((m) => m.msg.name === "Select" && m.msg.service === "Box")!;
  const response = suite.response(entry.file, entry.msg);
  // return code 0, count 2^31, two more bytes
  const body = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0x80, 1, 2);
  let error: unknown;
  try {
    response.decode(body, { space: 0, index: 0, keys: [] });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DecodeError);
  expect(error).toMatchObject({ messageName: "SelectResponse", path: "tuples", offset: 8 });
});
