/**
 * MemoryBox's direct API and its semantics in isolation: TREE ordering by key type, prefixes, unique and
 * non-unique indexes (a unique secondary index included), every UPDATE op, and the errors the real
 * server gives (the differential test proves the same against Tarantool 1.5; these pin them down
 * without one).
 */
import { describe, expect, it } from "vitest";
import { BoxFlag, boxErrorName, isBoxError, MemoryBox, ServerError, spliceArgument, type SpaceDescriptor } from "../../../runtime/index.js";
import { str, u32, u64 } from "./random-ops.js";
import { SPACES } from "./spaces.js";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const rows = (tuples: readonly (readonly Uint8Array[])[]): string[][] => tuples.map((t) => t.map(hex));

/** The Box error name of what `run` throws. */
function errorOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ServerError);
    return `${boxErrorName((error as ServerError).returnCode)}: ${(error as ServerError).serverMessage}`;
  }
  return undefined;
}

/** Space 5: NUM id, NUM email-hash unique TREE secondary, STR nick unique HASH secondary. */
const UNIQUE: SpaceDescriptor = {
  name: "users",
  no: 5,
  fields: [
    { name: "id", width: 4, keyType: "NUM" },
    { name: "email", width: 4, keyType: "NUM" },
    { name: "nick", width: 0, keyType: "STR" },
  ],
  tail: [],
  indexes: [
    { name: "primary", no: 0, kind: "tree", unique: true, parts: [{ field: 0, type: "NUM" }] },
    { name: "email", no: 1, kind: "tree", unique: true, parts: [{ field: 1, type: "NUM" }] },
    { name: "nick", no: 2, kind: "hash", unique: true, parts: [{ field: 2, type: "STR" }] },
  ],
};

describe("MemoryBox: ordering", () => {
  it("orders NUM keys as u32 little-endian numbers, not by their bytes", () => {
    const box = new MemoryBox(SPACES);
    for (const id of [256, 1, 0xffffffff, 2, 0]) box.insert(0, [u32(id), str("n")]);
    expect(rows(box.select(0, 0, [[]]))).toEqual([0, 1, 2, 256, 0xffffffff].map((id) => [hex(u32(id)), hex(str("n"))]));
  });

  it("orders STR keys by bytes (memcmp) and then by length", () => {
    const box = new MemoryBox(SPACES);
    ["b", "ab", "", "a", "b\u0000", "\u00ff", "ba"].forEach((name, i) => box.insert(0, [u32(i), str(name)]));
    expect(box.select(0, 1, [[]]).map((t) => hex(t[1]!))).toEqual(["", "a", "ab", "b", "b\u0000", "ba", "\u00ff"].map((s) => hex(str(s))));
  });

  it("orders NUM64 keys as u64 and takes a 4-byte key for a NUM64 part (widened, as the server)", () => {
    const box = new MemoryBox(SPACES);
    for (const user of [0x100000000n, 1n, 0xffffffffffffffffn, 2n]) box.insert(2, [u64(user), str("t"), u32(0)]);
    expect(box.select(2, 0, [[]]).map((t) => hex(t[0]!))).toEqual([1n, 2n, 0x100000000n, 0xffffffffffffffffn].map((u) => hex(u64(u))));
    expect(box.select(2, 0, [[u32(2)]]).map((t) => hex(t[0]!))).toEqual([hex(u64(2n))]);
  });

  it("selects by a prefix of a multi-part TREE key, several keys in order, with offset and limit over all", () => {
    const box = new MemoryBox(SPACES);
    for (const [user, tag] of [[1n, "b"], [1n, "a"], [2n, "a"], [1n, "c"]] as const) box.insert(2, [u64(user), str(tag), u32(1)]);
    expect(box.select(2, 0, [[u64(1n)]]).map((t) => hex(t[1]!))).toEqual(["a", "b", "c"].map((s) => hex(str(s))));
    const two = box.select(2, 0, [[u64(2n)], [u64(1n)]], { offset: 1, limit: 2 });
    expect(two.map((t) => [hex(t[0]!), hex(t[1]!)])).toEqual([[hex(u64(1n)), hex(str("a"))], [hex(u64(1n)), hex(str("b"))]]);
  });

  it("returns every match of a non-unique index, and a tuple twice when two keys match it", () => {
    const box = new MemoryBox(SPACES);
    for (const id of [3, 1, 2]) box.insert(0, [u32(id), str("same")]);
    expect(box.select(0, 1, [[str("same")]])).toHaveLength(3);
    expect(box.select(0, 1, [[str("same")], [str("same")]])).toHaveLength(6);
  });
});

describe("MemoryBox: INSERT, UPDATE, DELETE", () => {
  it("INSERT replaces by primary key; ADD refuses an existing key, REPLACE a missing one", () => {
    const box = new MemoryBox(SPACES);
    box.insert(0, [u32(1), str("a")]);
    box.insert(0, [u32(1), str("b")]);
    expect(box.tuples(0).map((t) => hex(t[1]!))).toEqual([hex(str("b"))]);
    expect(errorOf(() => box.insert(0, [u32(1), str("c")], BoxFlag.ADD))).toBe("ER_TUPLE_FOUND: Duplicate key exists in unique index 0");
    expect(errorOf(() => box.insert(0, [u32(2), str("c")], BoxFlag.REPLACE))).toBe("ER_TUPLE_NOT_FOUND: Tuple doesn't exist in index 0");
    expect(box.select(0, 1, [[str("b")]])).toHaveLength(1);
    expect(box.select(0, 1, [[str("a")]])).toHaveLength(0);
  });

  it("refuses a key a unique secondary index already holds for another tuple, and changes nothing", () => {
    const box = new MemoryBox([UNIQUE]);
    box.insert(5, [u32(1), u32(100), str("ann")]);
    box.insert(5, [u32(2), u32(200), str("bob")]);
    expect(errorOf(() => box.insert(5, [u32(3), u32(100), str("cy")]))).toBe("ER_TUPLE_FOUND: Duplicate key exists in unique index 1");
    expect(errorOf(() => box.insert(5, [u32(3), u32(300), str("bob")]))).toBe("ER_TUPLE_FOUND: Duplicate key exists in unique index 2");
    // Replacing tuple 1 by primary key may keep its own secondary keys.
    box.insert(5, [u32(1), u32(100), str("ann2")]);
    expect(errorOf(() => box.update(5, [u32(1)], [{ field: 1, op: 0, arg: u32(200) }]))).toBe("ER_TUPLE_FOUND: Duplicate key exists in unique index 1");
    expect(rows(box.tuples(5))).toEqual([
      [hex(u32(1)), hex(u32(100)), hex(str("ann2"))],
      [hex(u32(2)), hex(u32(200)), hex(str("bob"))],
    ]);
    expect(box.select(5, 2, [[str("ann")]])).toEqual([]);
  });

  it("UPDATE applies every op in order and may move the primary key", () => {
    const box = new MemoryBox(SPACES);
    box.insert(0, [u32(1), str("hello"), u32(10), u64(5n)]);
    const updated = box.update(0, [u32(1)], [
      { field: 2, op: 1, arg: u32(0xffffffff) }, // add -1: 9
      { field: 2, op: 4, arg: u32(0x30) }, // or: 0x39
      { field: 2, op: 2, arg: u32(0x0f) }, // and: 9
      { field: 2, op: 3, arg: u32(1) }, // xor: 8
      { field: 3, op: 1, arg: u32(0xffffffff) }, // a 4-byte argument to an 8-byte field is sign-extended: 4
      { field: 1, op: 5, arg: spliceArgument(1, 3, str("ipp")) }, // "hippo"
      { field: 4, op: 0, arg: str("new") }, // SET just past the end appends
      { field: 0, op: 7, arg: u32(7) }, // insert before field 0
      { field: 1, op: 6, arg: new Uint8Array(0) }, // delete the old id
    ]);
    expect(rows([updated!])).toEqual([[hex(u32(7)), hex(str("hippo")), hex(u32(8)), hex(u64(4n)), hex(str("new"))]]);
    expect(box.select(0, 0, [[u32(1)]])).toEqual([]);
    expect(box.select(0, 1, [[str("hippo")]])).toHaveLength(1);
  });

  it("UPDATE and DELETE of a missing key touch nothing and return undefined", () => {
    const box = new MemoryBox(SPACES);
    expect(box.update(0, [u32(1)], [{ field: 9, op: 0, arg: str("x") }])).toBeUndefined();
    expect(box.delete(0, [u32(1)])).toBeUndefined();
    box.insert(0, [u32(1), str("a")]);
    expect(rows([box.delete(0, [u32(1)])!])).toEqual([[hex(u32(1)), hex(str("a"))]]);
    expect(box.tuples(0)).toEqual([]);
  });

  it("never aliases the caller's bytes: tuples, SET arguments and results are copies", () => {
    const box = new MemoryBox(SPACES);
    const name = str("a");
    const extra = str("x");
    const stored = box.insert(0, [u32(1), name]);
    name[0] = 0x7a;
    stored[1]![0] = 0x7a;
    box.update(0, [u32(1)], [{ field: 2, op: 0, arg: extra }]);
    extra[0] = 0x7a;
    expect(rows(box.tuples(0))).toEqual([[hex(u32(1)), hex(str("a")), hex(str("x"))]]);
  });

  it("reset() empties every space", () => {
    const box = new MemoryBox(SPACES);
    box.insert(0, [u32(1), str("a")]);
    box.insert(1, [str("k")]);
    box.reset();
    expect([box.tuples(0), box.tuples(1), box.tuples(2)]).toEqual([[], [], []]);
  });
});

describe("MemoryBox: errors as the server gives them", () => {
  const box = new MemoryBox(SPACES);
  box.insert(0, [u32(1), str("a"), u32(5)]);
  box.insert(1, [str("k")]);

  it.each([
    ["no such space", () => box.insert(9, [u32(1)]), "ER_NO_SUCH_SPACE: Space 9 does not exist"],
    ["no such index", () => box.select(0, 5, [[u32(1)]]), "ER_NO_SUCH_INDEX: No index #5 is defined in space 0"],
    ["too many key parts", () => box.select(0, 0, [[u32(1), u32(1)]]), "ER_KEY_PART_COUNT: Invalid key part count (expected [0..1], got 2)"],
    ["a partial HASH key", () => box.select(1, 0, [[]]), "ER_EXACT_MATCH: Invalid key part count in an exact match (expected 1, got 0)"],
    ["a partial primary key in DELETE", () => box.delete(2, [u64(1n)]), "ER_EXACT_MATCH: Invalid key part count in an exact match (expected 2, got 1)"],
    ["a NUM key of 3 bytes", () => box.select(0, 0, [[str("abc")]]), "ER_KEY_FIELD_TYPE: Supplied key field type does not match index type: expected u32"],
    ["a NUM64 key of 2 bytes", () => box.select(2, 0, [[str("ab")]]), "ER_KEY_FIELD_TYPE: Supplied key field type does not match index type: expected u64"],
    ["a tuple's NUM field of 8 bytes", () => box.insert(0, [u64(1n), str("a")]), "ER_KEY_FIELD_TYPE: Supplied key field type does not match index type: expected NUM"],
    ["a tuple's NUM64 field of 4 bytes", () => box.insert(2, [u32(1), str("a"), u32(1)]), "ER_KEY_FIELD_TYPE: Supplied key field type does not match index type: expected NUM64"],
    ["a tuple without its indexed fields", () => box.insert(0, [u32(1)]), "ER_ILLEGAL_PARAMS: Illegal parameters, tuple must have all indexed fields"],
    ["UPDATE of a field past the end", () => box.update(0, [u32(1)], [{ field: 9, op: 0, arg: str("x") }]), "ER_NO_SUCH_FIELD: Field 9 was not found in the tuple"],
    ["UPDATE with no operations", () => box.update(0, [u32(1)], []), "ER_ILLEGAL_PARAMS: Illegal parameters, no operations for update"],
    ["an unknown UPDATE op", () => box.update(0, [u32(1)], [{ field: 1, op: 10, arg: str("x") }]), "ER_UNKNOWN_UPDATE_OP: Unknown UPDATE operation"],
    ["ADD on a string field", () => box.update(0, [u32(1)], [{ field: 1, op: 1, arg: u32(1) }]), "ER_FIELD_TYPE: Field type does not match one required by operation: expected a 32-bit or 64-bit int"],
    ["an 8-byte ADD to a 4-byte field", () => box.update(0, [u32(1)], [{ field: 2, op: 1, arg: u64(1n) }]), "ER_ARG_TYPE: Argument type in operation on field 2 does not match field type: expected a NUM"],
    ["SPLICE before the start", () => box.update(0, [u32(1)], [{ field: 1, op: 5, arg: spliceArgument(-5, 0, str("x")) }]), "ER_SPLICE: Field SPLICE error: offset is out of bound"],
    ["a SPLICE argument that is not three fields", () => box.update(0, [u32(1)], [{ field: 1, op: 5, arg: str("ab") }]), "ER_ILLEGAL_PARAMS: Illegal parameters, incorrect packet format (expected a 32-bit int)"],
    ["an UPDATE that leaves a NUM key of the wrong size", () => box.update(0, [u32(1)], [{ field: 0, op: 0, arg: str("x") }]), "ER_KEY_FIELD_TYPE: Supplied key field type does not match index type: expected NUM"],
  ])("%s", (_name, run, expected) => {
    expect(errorOf(run)).toBe(expected);
  });

  it("throws ServerErrors that isBoxError() names, and a failed UPDATE leaves the tuple as it was", () => {
    let caught: unknown;
    try {
      box.update(0, [u32(1)], [{ field: 2, op: 0, arg: u32(6) }, { field: 9, op: 0, arg: str("x") }]);
    } catch (error) {
      caught = error;
    }
    expect(isBoxError(caught, "ER_NO_SUCH_FIELD")).toBe(true);
    expect(rows(box.select(0, 0, [[u32(1)]]))).toEqual([[hex(u32(1)), hex(str("a")), hex(u32(5))]]);
  });

  it("refuses a descriptor list that names a space twice or a space without a primary index", () => {
    expect(() => new MemoryBox([SPACES[0]!, SPACES[0]!])).toThrow(TypeError);
    expect(() => new MemoryBox([{ ...SPACES[0]!, indexes: [] }])).toThrow(TypeError);
  });
});
