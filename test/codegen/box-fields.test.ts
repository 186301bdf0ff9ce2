/**
 * Fixed-width values behind a length prefix (`id: u32<varint>`, a Tarantool 1.5 Box field): the bytes
 * Box stores, a wrong prefix refused with the field named, and typed INSERT and SELECT against a real
 * Tarantool 1.5 whose answers the raw Box client reads the same. (Byte parity with Perl's `w/a*` for
 * random values: parity.test.ts, which runs this corpus too.)
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DecodeError, IProtoClient } from "../../runtime/index.js";
import { BoxClient } from "../../generated-examples/box.js";
import { describeTarantool15, useTarantool15 } from "../support/tarantool15.js";
import { hex } from "./support/hex.js";
import type { RequestClass, ResponseObject } from "./support/generated.js";
import { Suite } from "./support/suite.js";

const FILE = "test/codegen/corpus/box-fields.iproto";
const suite = new Suite("box-fields", [FILE]);
beforeAll(async () => {
  await suite.load();
});

const message = (service: string, name: string) => {
  const m = suite.messages().find((e) => e.msg.service === service && e.msg.name === name);
  if (m === undefined) throw new Error(`no message ${service}.${name}`);
  return { request: (): RequestClass => suite.request(m.file, m.msg), response: (): ResponseObject => suite.response(m.file, m.msg) };
};
const struct = (name: string) => {
  const s = suite.structs().find((e) => e.struct.name === name);
  if (s === undefined) throw new Error(`no struct ${name}`);
  return suite.struct(s.file, s.struct);
};

describe("a value behind a length prefix", () => {
  it("is written as Box stores a field: the width, then the value", () => {
    const bytes = struct("UserTuple").encode({
      id: 2 ** 40 + 5,
      score: 70000,
      login: "ann",
      email: "a@x",
      avatar: Uint8Array.of(1, 2),
      level: 513,
      status: 2,
      perms: 3,
    });
    expect(hex(bytes)).toBe(
      ["08000000", "08 0500000000010000", "04 70110100", "03 616e6e", "03 614078", "02 0102", "02 0102", "01 02", "02 0300"].join("").replace(/ /g, ""),
    );
  });

  it("decodes back, and every prefix form of AllPrefixes round-trips", () => {
    const all = struct("AllPrefixes");
    const value = { a: -3, b: 0x1234, c: -70000, d: -(2n ** 40n), e: 1.5, f: Math.PI, g: 2n ** 63n, h: [1, 2, 0xffffffff] };
    const bytes = all.encode(value);
    expect(bytes.length).toBe(2 + 3 + 6 + 12 + 5 + 12 + 9 + 15);
    expect(all.decode(bytes)).toEqual(value);
    // u16be behind a u8 prefix: 02 12 34; i32 behind a little-endian u16 prefix: 04 00, then the value.
    expect(hex(bytes.subarray(2, 11))).toBe("021234" + "0400" + "90eefeff");
  });

  it("a prefix that is not the value's width is a DecodeError naming the field and its offset", () => {
    const tuple = struct("UserTuple");
    const good = tuple.encode({ id: 1, score: 2, login: "", email: "", avatar: new Uint8Array(0), level: 3, status: 1, perms: 0 });
    for (const [at, field] of [[4, "id"], [13, "score"]] as const) {
      const bad = Uint8Array.from(good);
      bad[at] = 5;
      let error: unknown;
      try {
        tuple.decode(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DecodeError);
      expect(String((error as Error).message)).toContain(field);
      expect(String((error as Error).message)).toContain(`UserTuple.${field} at byte ${at}:`);
      expect(String((error as Error).message)).toMatch(/length prefix is not [48]/);
    }
  });
});

describeTarantool15("typed Box fields against a real Tarantool 1.5", "typed INSERT/SELECT of space 0 (NUM, STR, NUM)", () => {
  const server = useTarantool15();
  it("a typed INSERT stores what the raw client reads, and a typed SELECT reads it back", async () => {
    const client = new IProtoClient({ servers: server().address, timeout: 30_000, connectTimeout: 30_000 });
    try {
      const Insert = message("TypedBox", "Insert").request();
      const Select = message("TypedBox", "Select").request();
      const inserted = (await client.send(new Insert({ space: 0, flags: 1, tuple: { id: 7001, name: "typed", score: 4_000_000_000 } }))) as Record<string, unknown>;
      expect(inserted).toEqual({ code: 0, count: 1, tuples: [{ size: 16, cardinality: 3, id: 7001, name: "typed", score: 4_000_000_000 }] });
      const selected = (await client.send(new Select({ space: 0, index: 0, key: { id: 7001 } }))) as Record<string, unknown>;
      expect(selected).toEqual(inserted);
      // The raw client sees the fields as Box stores them: NUM as 4 little-endian bytes, STR as text.
      const raw = await new BoxClient(client).select({ space: 0, index: 0, keys: [{ fields: [Uint8Array.of(0x59, 0x1b, 0, 0)] }] });
      expect(raw.tuples.map((t) => t.fields.map((f) => hex(f)))).toEqual([["591b0000", hex(new TextEncoder().encode("typed")), "00286bee"]]);
    } finally {
      await client.close();
    }
  });
});
