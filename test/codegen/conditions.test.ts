/**
 * Conditions reading conditional fields the encoder leaves out (test/codegen/corpus/conditions.iproto):
 * the encoder evaluates them as the decoder does, with an absent field read as its type's zero whatever
 * value or default it was given, so the bytes it writes decode back to what it meant.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { hex } from "./support/hex.js";
import { CONDITIONS, Suite } from "./support/suite.js";
import type { StructFunctions } from "./support/generated.js";

const suite = new Suite("conditions", [CONDITIONS]);
const fns = new Map<string, StructFunctions>();

beforeAll(async () => {
  await suite.load();
  for (const { file, struct } of suite.structs()) fns.set(struct.name, suite.struct(file, struct));
});

function codec(name: string): StructFunctions {
  const f = fns.get(name);
  if (f === undefined) throw new Error(`no struct ${name}`);
  return f;
}

describe("an absent field that a later condition reads", () => {
  it("with a default: absent, it reads as 0, not as its default", () => {
    const { encode, decode } = codec("Chain");
    const bytes = encode({ a: 0, y: 5 });
    expect(hex(bytes)).toBe("00");
    expect(decode(bytes)).toEqual({ a: 0, x: undefined, y: undefined });
    const present = encode({ a: 1, y: 5 });
    expect(hex(present)).toBe("01" + "07000000" + "05000000");
    expect(decode(present)).toEqual({ a: 1, x: 7, y: 5 });
  });

  it("given but absent: its value is not seen by later conditions", () => {
    const { encode, decode } = codec("Zero");
    const bytes = encode({ a: 0, x: 3, z: 9 });
    expect(hex(bytes)).toBe("00" + "09");
    expect(decode(bytes)).toEqual({ a: 0, x: undefined, z: 9 });
    expect(hex(encode({ a: 1, x: 3, z: 9 }))).toBe("01" + "0300");
  });

  it("an absent string reads as \"\", not as its default", () => {
    const { encode, decode } = codec("Measured");
    const bytes = encode({ a: 0, tail: 4 });
    expect(hex(bytes)).toBe("00" + "00");
    expect(decode(bytes)).toEqual({ a: 0, n: 0, data: undefined, name: undefined, tail: undefined });
    const named = encode({ a: 2, tail: 4 });
    expect(hex(named)).toBe("02" + "00" + "7800" + "04");
    expect(decode(named)).toEqual({ a: 2, n: 0, data: undefined, name: "x", tail: 4 });
  });

  it("inside a nested struct behind a size", () => {
    const { encode, decode } = codec("Outer");
    const bytes = encode({ inner: { a: 0, y: 5 }, after: 1 });
    expect(hex(bytes)).toBe("0100" + "00");
    expect(decode(bytes)).toEqual({ size: 1, inner: { a: 0, x: undefined, y: undefined }, after: undefined });
    const full = encode({ inner: { a: 1, y: 5 }, after: 1 });
    expect(hex(full)).toBe("0900" + "01" + "07000000" + "05000000" + "01");
    expect(decode(full)).toEqual({ size: 9, inner: { a: 1, x: 7, y: 5 }, after: 1 });
  });
});
