/**
 * INSERT (flags none, ADD, REPLACE, RETURN_TUPLE) and SELECT (primary, secondary, multi-part and
 * non-unique indexes, several keys, offset and limit) through the generated BoxClient against a real
 * Tarantool 1.5: the tuples come back value for value, and the frames on the wire are the bytes the
 * protocol says.
 */
import { expect, it } from "vitest";
import { BoxFlags } from "../../generated-examples/box.js";
import { describeTarantool15 } from "../support/tarantool15.js";
import { bytes, expectBoxError, fieldsHex, hex, num, num64, str, tuplesHex, useRealBox } from "./real/support.js";

describeTarantool15("real Tarantool 1.5: INSERT and SELECT", "INSERT with every flag and SELECT over every kind of index", () => {
  const real = useRealBox();
  const key = (...fields: Uint8Array[]) => ({ fields });

  it("PING: message 0xff00 with no body either way", async () => {
    expect(await real.box().ping()).toEqual({});
    expect(real.last()).toEqual({ request: { msg: 0xff00, body: "" }, response: { msg: 0xff00, body: "" } });
  });

  it("INSERT without flags stores a tuple: the request and response bytes of the reference capture", async () => {
    const inserted = await real.box().insert({ space: 0, tuple: { fields: [num(1), str("alice"), num(10)] } });
    expect(inserted).toEqual({ count: 1, tuples: undefined });
    expect(real.last()).toEqual({
      request: { msg: 13, body: bytes("00000000 00000000 03000000 0401000000 05616c696365 040a000000") },
      response: { msg: 13, body: bytes("00000000 01000000") },
    });
  });

  it("INSERT with RETURN_TUPLE sends the stored tuple back, size and cardinality included", async () => {
    const inserted = await real.box().insert({ space: 0, flags: BoxFlags.RETURN_TUPLE, tuple: { fields: [num(2), str("bob"), num(20)] } });
    expect(inserted.count).toBe(1);
    expect(inserted.tuples?.map((t) => [t.size, t.cardinality])).toEqual([[14, 3]]);
    expect(fieldsHex(inserted.tuples?.[0])).toEqual([hex(num(2)), hex(str("bob")), hex(num(20))]);
    expect(real.last().response.body).toBe(bytes("00000000 01000000 0e000000 03000000 0402000000 03626f62 0414000000"));
  });

  it("INSERT without flags replaces a tuple with the same primary key", async () => {
    await real.box().insert({ space: 0, tuple: { fields: [num(3), str("carol"), num(30)] } });
    const replaced = await real.box().insert({ space: 0, flags: BoxFlags.RETURN_TUPLE, tuple: { fields: [num(3), str("carol"), num(31)] } });
    expect(fieldsHex(replaced.tuples?.[0])).toEqual([hex(num(3)), hex(str("carol")), hex(num(31))]);
    const selected = await real.box().select({ space: 0, index: 0, keys: [key(num(3))] });
    expect(tuplesHex(selected.tuples)).toEqual([[hex(num(3)), hex(str("carol")), hex(num(31))]]);
  });

  it("INSERT with ADD fails on an existing key (ER_TUPLE_FOUND) and stores a new one", async () => {
    const error = await expectBoxError(real.box().insert({ space: 0, flags: BoxFlags.ADD, tuple: { fields: [num(1), str("dup"), num(0)] } }), "ER_TUPLE_FOUND");
    expect([error.returnCode, error.serverMessage, error.temporary]).toEqual([0x3702, "Duplicate key exists in unique index 0", false]);
    expect(real.last().response.body).toBe(hex(Buffer.from("02370000" + hex(str("Duplicate key exists in unique index 0")) + "00", "hex")));
    const added = await real.box().insert({ space: 0, flags: BoxFlags.ADD | BoxFlags.RETURN_TUPLE, tuple: { fields: [num(4), str("dave"), num(40)] } });
    expect(fieldsHex(added.tuples?.[0])).toEqual([hex(num(4)), hex(str("dave")), hex(num(40))]);
  });

  it("INSERT with REPLACE fails on a missing key (ER_TUPLE_NOT_FOUND) and replaces an existing one", async () => {
    const error = await expectBoxError(real.box().insert({ space: 0, flags: BoxFlags.REPLACE, tuple: { fields: [num(99), str("nobody"), num(0)] } }), "ER_TUPLE_NOT_FOUND");
    expect(error.serverMessage).toBe("Tuple doesn't exist in index 0");
    const replaced = await real.box().insert({ space: 0, flags: BoxFlags.REPLACE | BoxFlags.RETURN_TUPLE, tuple: { fields: [num(4), str("dave"), num(41), str("extra")] } });
    expect(tuplesHex(replaced.tuples)).toEqual([[hex(num(4)), hex(str("dave")), hex(num(41)), hex(str("extra"))]]);
    const selected = await real.box().select({ space: 0, index: 0, keys: [key(num(99))] });
    expect(selected).toEqual({ count: 0, tuples: [] });
  });

  it("SELECT by primary key: several keys give their tuples in key order, a missing key nothing", async () => {
    const selected = await real.box().select({ space: 0, index: 0, keys: [key(num(2)), key(num(77)), key(num(1))] });
    expect(selected.count).toBe(2);
    expect(tuplesHex(selected.tuples)).toEqual([
      [hex(num(2)), hex(str("bob")), hex(num(20))],
      [hex(num(1)), hex(str("alice")), hex(num(10))],
    ]);
    // The reference capture's request layout: space, index, offset, limit (default 0x7fffffff), key count, keys.
    expect(real.last().request.body).toBe(bytes("00000000 00000000 00000000 ffffff7f 03000000 01000000 0402000000 01000000 044d000000 01000000 0401000000"));
  });

  it("SELECT by a non-unique secondary index (STR): every match, with offset and limit", async () => {
    for (const [id, score] of [[10, 1], [11, 2], [12, 3], [13, 4]] as const) {
      await real.box().insert({ space: 0, tuple: { fields: [num(id), str("same"), num(score)] } });
    }
    const all = await real.box().select({ space: 0, index: 1, keys: [key(str("same"))] });
    expect(all.tuples.map((t) => hex(t.fields[0]!))).toEqual([10, 11, 12, 13].map((id) => hex(num(id))));
    const page = await real.box().select({ space: 0, index: 1, offset: 1, limit: 2, keys: [key(str("same"))] });
    expect(page.tuples.map((t) => hex(t.fields[0]!))).toEqual([11, 12].map((id) => hex(num(id))));
    expect(real.last().request.body.slice(16, 32)).toBe(bytes("01000000 02000000"));
  });

  it("SELECT from a HASH index on STR", async () => {
    await real.box().insert({ space: 1, tuple: { fields: [str("k1"), str("v1")] } });
    await real.box().insert({ space: 1, tuple: { fields: [str("k2"), str("v2"), num(7)] } });
    const selected = await real.box().select({ space: 1, index: 0, keys: [key(str("k2")), key(str("k1"))] });
    expect(tuplesHex(selected.tuples)).toEqual([
      [hex(str("k2")), hex(str("v2")), hex(num(7))],
      [hex(str("k1")), hex(str("v1"))],
    ]);
  });

  // Space 2: index 0 is (NUM64 user, STR tag), unique; index 1 is (NUM rank); index 2 is (NUM rank, STR tag).
  const rows: [bigint, string, number][] = [
    [1n, "a", 5],
    [1n, "b", 3],
    [1n, "c", 5],
    [2n ** 40n, "a", 5],
    [2n ** 63n + 1n, "z", 1],
  ];
  const tuple = ([user, tag, rank]: [bigint, string, number]) => [hex(num64(user)), hex(str(tag)), hex(num(rank))];

  it("SELECT by a full multi-part key (NUM64, STR)", async () => {
    for (const [user, tag, rank] of rows) await real.box().insert({ space: 2, tuple: { fields: [num64(user), str(tag), num(rank)] } });
    const selected = await real.box().select({ space: 2, index: 0, keys: [key(num64(2n ** 40n), str("a")), key(num64(2n ** 63n + 1n), str("z"))] });
    expect(tuplesHex(selected.tuples)).toEqual([tuple(rows[3]!), tuple(rows[4]!)]);
  });

  it("SELECT by a partial multi-part key: every tuple of the first part, in index order, with offset and limit", async () => {
    const all = await real.box().select({ space: 2, index: 0, keys: [key(num64(1n))] });
    expect(tuplesHex(all.tuples)).toEqual([tuple(rows[0]!), tuple(rows[1]!), tuple(rows[2]!)]);
    const page = await real.box().select({ space: 2, index: 0, offset: 1, limit: 1, keys: [key(num64(1n))] });
    expect(tuplesHex(page.tuples)).toEqual([tuple(rows[1]!)]);
  });

  it("SELECT by a non-unique index (NUM) and a non-unique multi-part index (NUM, STR)", async () => {
    const byRank = await real.box().select({ space: 2, index: 1, keys: [key(num(5))] });
    expect(tuplesHex(byRank.tuples)).toEqual([tuple(rows[0]!), tuple(rows[2]!), tuple(rows[3]!)]);
    const byRankTag = await real.box().select({ space: 2, index: 2, keys: [key(num(5), str("a"))] });
    expect(tuplesHex(byRankTag.tuples)).toEqual([tuple(rows[0]!), tuple(rows[3]!)]);
    const limited = await real.box().select({ space: 2, index: 2, limit: 2, keys: [key(num(5)), key(num(3))] });
    expect(tuplesHex(limited.tuples)).toEqual([tuple(rows[0]!), tuple(rows[3]!)]);
  });
});
