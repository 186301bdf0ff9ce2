/**
 * Values that do not fit their wire type throw EncodeError naming the message and field path; malformed
 * bodies throw DecodeError naming message, field path and byte offset. Never a silent wrap, truncation or
 * precision loss.
 */
import { describe, expect, it } from "vitest";
import { DecodeError, EncodeError } from "../../runtime/core/errors.js";
import * as box from "../../generated-examples/box.js";
import * as users from "../../generated-examples/users.js";
import * as ev from "../../generated-examples/everything.js";

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

const numbers: ev.NumbersInit = {
  a: 1, b: -1, c: 1, d: -1, e: 1, f: -1, g: 1n, h: -1n, cBe: 1, dBe: -1, eBe: 1, fBe: -1, gBe: 1n, hBe: -1n,
  cLe: 1, dLe: -1, eLe: 1, fLe: -1, gLe: 1n, hLe: -1n, gNum: 1, hNum: -1, v: 1, vBig: 1n, x32: 1.5, x64: 1.5, x32Be: 0, x64Be: 0, x32Le: 0, x64Le: 0,
};

const strings: ev.StringsInit = {
  tag: new Uint8Array(4), fixed: "", spaced: "", zfixed: "", zbytes: new Uint8Array(), namedSize: new Uint8Array(4), zstr: "", zraw: new Uint8Array(),
  wstr: "", wbytes: new Uint8Array(), cstr: "", nstr: "", lbytes: new Uint8Array(), qbytes: new Uint8Array(), counted: new Uint8Array(), tail: "",
};

describe("EncodeError", () => {
  it.each([
    ["300 in a u8", { a: 300 }, "a", "300 does not fit u8"],
    ["-129 in an i8", { b: -129 }, "b", "does not fit i8"],
    ["1.5 in a u32", { e: 1.5 }, "e", "does not fit u32"],
    ["NaN in an i32", { f: NaN }, "f", "does not fit i32"],
    ["a string from a JavaScript caller in a u16", { c: "5" as unknown as number }, "c", "does not fit u16"],
    ["2^64 in a u64", { g: 1n << 64n }, "g", "does not fit u64"],
    ["a number in a bigint u64", { g: 5 as unknown as bigint }, "g", "does not fit u64"],
    ["2^53 in a u64 as number", { gNum: 2 ** 53 }, "g_num", "does not fit u64"],
    ["a negative varint", { v: -1 }, "v", "does not fit varint"],
    ["2^64 in a bigint varint", { vBig: 1n << 64n }, "v_big", "does not fit varint"],
  ])("%s", (_name, change, path, reason) => {
    const e = thrown(() => ev.encodeNumbers({ ...numbers, ...change }));
    expect(e).toBeInstanceOf(EncodeError);
    expect(e).toMatchObject({ code: "EENCODE", messageName: "Numbers", path });
    expect((e as Error).message).toContain(reason);
  });

  it("names the whole path from the message", () => {
    const e = thrown(() => new ev.EchoNumbersRequest({ id: 1, numbers: { ...numbers, a: 300 } }).encode());
    expect(e).toMatchObject({ messageName: "EchoNumbersRequest", path: "numbers.a" });
    const deep = thrown(() => new box.SelectRequest({ space: 0, index: 0, keys: [{ fields: [] }, { cardinality: 1, fields: [] }] }).encode());
    expect(deep).toMatchObject({ messageName: "SelectRequest", path: "keys[1].fields" });
  });

  it.each([
    ["9 bytes in string<8>", { fixed: "123456789" }, "fixed", "9 bytes do not fit in 8"],
    ["10 UTF-8 bytes (5 characters) in string<8>", { fixed: "ééééé" }, "fixed", "10 bytes do not fit in 8"],
    ["16 bytes in string<16, nul> (room for 15 and the NUL)", { zfixed: "x".repeat(16) }, "zfixed", "16 bytes do not fit in 15"],
    ["a NUL inside string<nul>", { zstr: "a\0b" }, "zstr", "NUL"],
    ["5 bytes in bytes<4>", { tag: new Uint8Array(5) }, "tag", "5 bytes do not fit in 4"],
    ["256 bytes behind a u8 length", { cstr: "x".repeat(256) }, "cstr", "does not fit length prefix u8"],
  ])("%s", (_name, change, path, reason) => {
    const e = thrown(() => ev.encodeStrings({ ...strings, ...change }));
    expect(e).toMatchObject({ code: "EENCODE", messageName: "Strings", path });
    expect((e as Error).message).toContain(reason);
  });

  it("a count that overflows its prefix, a length field that disagrees, a missing conditional field", () => {
    const arrays: ev.ArraysInit = { byU32: [], byVarint: [], byU8: new Array<number>(256).fill(0), byBe: [], fixed: [0, 0, 0, 0], byConst: [0, 0, 0, 0], byField: [], matrix: [], tail: [] };
    expect(thrown(() => ev.encodeArrays(arrays))).toMatchObject({ path: "by_u8", message: expect.stringContaining("count prefix u8") as string });
    expect(thrown(() => ev.encodeArrays({ ...arrays, byU8: [], fixed: [1, 2, 3] }))).toMatchObject({ path: "fixed" });
    expect(thrown(() => box.encodeKey({ cardinality: 3, fields: [new Uint8Array()] }))).toMatchObject({ messageName: "Key", path: "fields" });
    expect(thrown(() => box.encodeTuple({ size: 99, fields: [new Uint8Array(2)] }))).toMatchObject({ messageName: "Tuple", path: "fields" });
    expect(thrown(() => ev.encodeConditional({ kind: 1, perm: 0, level: 0 }))).toMatchObject({ path: "a", message: expect.stringContaining("required") as string });
    expect(thrown(() => users.encodeProfile({ userId: 1, login: "", created: 0, country: "RUS", groups: [] }))).toMatchObject({ path: "country" });
  });

  it("a target buffer without room, and fields changed after the request was sized", () => {
    const request = new box.SelectRequest({ space: 0, index: 0, keys: [] });
    expect(thrown(() => request.encodeInto(new Uint8Array(request.packetSize() - 1), 0, 1))).toBeInstanceOf(EncodeError);
    const keys: box.KeyInit[] = [];
    const mutated = new box.SelectRequest({ space: 0, index: 0, keys });
    mutated.packetSize();
    keys.push({ fields: [] });
    expect(thrown(() => mutated.encode())).toMatchObject({ code: "EENCODE" });
  });
});

describe("DecodeError", () => {
  const twoTuples = box.SelectResponse.encodeBody({
    tuples: [{ fields: [Uint8Array.of(1, 0, 0, 0)] }, { fields: [Uint8Array.of(2), new TextEncoder().encode("bob")] }],
  });

  it("every truncation of a body fails with a located error, never anything else", () => {
    for (let n = 0; n < twoTuples.length; n++) {
      const e = thrown(() => box.SelectResponse.decode(twoTuples.subarray(0, n)));
      expect(e).toBeInstanceOf(DecodeError);
      expect((e as DecodeError).offset).toBeLessThanOrEqual(n);
      expect((e as DecodeError).messageName).toBe("SelectResponse");
    }
  });

  it("names the field path down to the array item", () => {
    // The second tuple's second field ("bob") claims 4 bytes: 3 are left within the tuple's size.
    const at = 8 + 13 + 8 + 2;
    const body = Uint8Array.from(twoTuples);
    body[at] = 4;
    const e = thrown(() => box.SelectResponse.decode(body));
    expect(e).toMatchObject({ messageName: "SelectResponse", path: "tuples[1].fields[1]", offset: at + 1 });
    expect((e as Error).message).toContain("length 4 exceeds the 3 bytes left");
    // Cut short, the tuple's own size is the first thing that no longer fits.
    const cut = thrown(() => box.SelectResponse.decode(twoTuples.subarray(0, at + 3)));
    expect(cut).toMatchObject({ path: "tuples[1].fields", offset: 8 + 13 + 8 });
  });

  it("trailing bytes, a count of 2^31, a huge varint, invalid UTF-8, a non-canonical varint", () => {
    const trailing = new Uint8Array([...twoTuples, 0]);
    expect(thrown(() => box.SelectResponse.decode(trailing))).toMatchObject({ path: "", offset: twoTuples.length });
    const bigCount = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0x80, 0, 0);
    expect(thrown(() => box.SelectResponse.decode(bigCount))).toMatchObject({ path: "tuples", offset: 8 });
    // A Key claiming 2^31 fields, each a huge varint length.
    expect(thrown(() => box.decodeKey(Uint8Array.of(1, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f)))).toMatchObject({ path: "fields[0]" });
    const profile = users.encodeProfile({ userId: 1, login: "ab", created: 0, country: "", groups: [] });
    profile[5] = 0xff;
    expect(thrown(() => users.decodeProfile(profile))).toMatchObject({ path: "login", message: expect.stringContaining("UTF-8") as string });
    expect(thrown(() => box.decodeKey(Uint8Array.of(1, 0, 0, 0, 0x80, 0x01, 0)))).toMatchObject({ message: expect.stringContaining("non-canonical") as string });
  });

  it("a u64 declared `as number` above 2^53 − 1 is an error, not a rounded number", () => {
    const profile = users.encodeProfile({ userId: 1, login: "", created: 0, country: "", groups: [] });
    profile.set([0, 0, 0, 0, 0, 0, 0x20, 0], 5);
    expect(thrown(() => users.decodeProfile(profile))).toMatchObject({ path: "created", offset: 5 });
  });

  it("a size prefix that disagrees with its struct, and a sizeof that disagrees with its field", () => {
    const shapes = ev.encodeShapes({ origin: { x: 1, y: 2 }, boxed: { x: 3, y: 4 }, framed: { topLeft: { x: 0, y: 0 }, bottomRight: { x: 0, y: 0 } }, unit: 0 });
    shapes[8] = 9; // boxed: Point<u16> says 9 bytes, a Point takes 8
    expect(thrown(() => ev.decodeShapes(shapes))).toMatchObject({ path: "boxed" });
    const tuple = box.encodeTuple({ fields: [Uint8Array.of(7)] });
    tuple[0] = 3; // size 3, the fields take 2
    expect(thrown(() => box.decodeTuple(tuple))).toBeInstanceOf(DecodeError);
  });

  it("recursion deeper than the limit fails with a DecodeError, not a stack overflow", () => {
    const levels = 5000;
    const body = new Uint8Array(levels * 6 + 6);
    for (let i = 0; i <= levels; i++) body.set([0, 0, 0, 0, i < levels ? 1 : 0, 0], i * 6);
    const e = thrown(() => ev.decodeTree(body));
    expect(e).toBeInstanceOf(DecodeError);
    expect((e as Error).message).toContain("nested too deep");
  });
});
