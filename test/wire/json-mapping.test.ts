/** The JSON mapping of decode and call (docs/cli.md), type by type, both ways. */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkProgram } from "../../compiler/checks/program.js";
import type { StructModel, TypeModel } from "../../compiler/model/model.js";
import { fileSystemHostAt } from "../../compiler/pipeline/source-host.js";
import { JsonInputError, fromJson, toJson, type Json } from "../../compiler/wire/index.js";

const REPO = path.resolve(import.meta.dirname, "../..");
const program = checkProgram(["schemas/everything.iproto"], fileSystemHostAt(REPO)).program!;
const structs = new Map(program.files.flatMap((f) => f.declarations).filter((d): d is StructModel => d.kind === "struct").map((s) => [s.name, s]));
const fieldType = (struct: string, field: string): TypeModel => {
  const item = structs.get(struct)!.items.find((i) => i.kind === "field" && i.name === field);
  if (item?.kind !== "field") throw new Error(`${struct}.${field}?`);
  return item.type;
};
const hex = { bytes: "hex" } as const;
const base64 = { bytes: "base64" } as const;
const read = (type: TypeModel, json: Json) => fromJson(type, json, "x", hex);

describe("JSON mapping", () => {
  it("integers: numbers up to 32 bits, strings for 64 bits", () => {
    expect(toJson(fieldType("Numbers", "e"), 4294967295, hex)).toBe(4294967295);
    expect(toJson(fieldType("Numbers", "g"), 18446744073709551615n, hex)).toBe("18446744073709551615");
    expect(toJson(fieldType("Numbers", "g_num"), 5, hex)).toBe("5");
    expect(toJson(fieldType("Numbers", "v_big"), 7n, hex)).toBe("7");
    expect(read(fieldType("Numbers", "g"), "18446744073709551615")).toBe(18446744073709551615n);
    expect(read(fieldType("Numbers", "h"), -3)).toBe(-3n);
    expect(read(fieldType("Numbers", "e"), "0xff")).toBe(255);
    expect(() => read(fieldType("Numbers", "g"), 2 ** 60)).toThrow(/not exact as a JSON number: write it as a string/);
    expect(() => read(fieldType("Numbers", "b"), 128)).toThrow(new JsonInputError("x", "128 is out of range for i8 (-128..127)"));
    expect(() => read(fieldType("Numbers", "e"), 1.5)).toThrow(/expected an integer, got number 1.5/);
    expect(() => read(fieldType("Numbers", "v"), -1)).toThrow(/out of range for varint/);
  });

  it("floats: numbers, with the values JSON has no number for as strings", () => {
    expect(toJson(fieldType("Numbers", "x64"), 1.5, hex)).toBe(1.5);
    expect([NaN, Infinity, -Infinity, -0].map((v) => toJson(fieldType("Numbers", "x64"), v, hex))).toEqual(["NaN", "Infinity", "-Infinity", "-0"]);
    expect(Object.is(read(fieldType("Numbers", "x64"), "-0"), -0)).toBe(true);
    expect(() => read(fieldType("Numbers", "x64"), "1.5")).toThrow(/expected a number/);
  });

  it("strings and bytes: text, and hex or base64", () => {
    expect(toJson(fieldType("Strings", "wstr"), "héllo", hex)).toBe("héllo");
    expect(toJson(fieldType("Strings", "wbytes"), Uint8Array.of(1, 255), hex)).toBe("01ff");
    expect(toJson(fieldType("Strings", "wbytes"), Uint8Array.of(1, 255), base64)).toBe("Af8=");
    expect(read(fieldType("Strings", "wbytes"), "01 FF")).toEqual(Uint8Array.of(1, 255));
    expect(fromJson(fieldType("Strings", "wbytes"), "Af8=", "x", base64)).toEqual(Uint8Array.of(1, 255));
    expect(read(fieldType("Strings", "wbytes"), { text: "hé" })).toEqual(new TextEncoder().encode("hé"));
    expect(() => read(fieldType("Strings", "wbytes"), "0")).toThrow(/not hex/);
    expect(() => fromJson(fieldType("Strings", "wbytes"), "A", "x", base64)).toThrow(/not base64/);
    expect(() => read(fieldType("Strings", "wstr"), 5)).toThrow(/expected a string, got number 5/);
  });

  it("enums: name and number; unknown values keep their number", () => {
    expect(toJson(fieldType("Defaults", "color"), 2, hex)).toEqual({ name: "BLUE", value: 2 });
    expect(toJson(fieldType("Defaults", "color"), 9, hex)).toEqual({ name: null, value: 9 });
    expect(toJson(fieldType("Defaults", "level"), -1, hex)).toEqual({ name: "LOW", value: -1 });
    expect(toJson(fieldType("Defaults", "big"), 18446744073709551615n, hex)).toEqual({ name: "HUGE", value: "18446744073709551615" });
    for (const json of ["BLUE", 2, { name: "BLUE" }, { value: 2 }, { name: "BLUE", value: 2 }] as Json[]) expect(read(fieldType("Defaults", "color"), json)).toBe(2);
    expect(read(fieldType("Defaults", "big"), "HUGE")).toBe(18446744073709551615n);
    expect(() => read(fieldType("Defaults", "color"), "PINK")).toThrow("`PINK` is not a member of enum Color (RED, GREEN, BLUE)");
  });

  it("flags: member names, other bits as a number", () => {
    expect(toJson(fieldType("Defaults", "perm"), 3, hex)).toEqual(["READ", "WRITE"]);
    expect(toJson(fieldType("Defaults", "perm"), 7, hex)).toEqual(["READ", "WRITE", "EXEC"]);
    expect(toJson(fieldType("Defaults", "perm"), 0x101, hex)).toEqual(["READ", 256]);
    expect(toJson(fieldType("Defaults", "perm"), 0, hex)).toEqual([]);
    expect(read(fieldType("Defaults", "perm"), ["READ", "EXEC"])).toBe(5);
    expect(read(fieldType("Defaults", "perm"), ["ALL", 256])).toBe(0x107);
    expect(read(fieldType("Defaults", "perm"), 6)).toBe(6);
    expect(() => read(fieldType("Defaults", "perm"), ["READ", "FLY"])).toThrow(/`x\[1\]`: `FLY` is not a member of flags Perm/);
  });

  it("structs and arrays: objects and lists, field names as written, absent fields left out", () => {
    const conditional = { kind: "struct", struct: structs.get("Conditional")!, sizePrefix: undefined } as const;
    const value = { kind: 1, perm: 0, level: 0, a: 5, b: undefined, c: undefined, d: undefined, e: undefined, f: 1, g: 1, h: 1 };
    expect(toJson(conditional, value, hex)).toEqual({ kind: 1, perm: [], level: { name: "MID", value: 0 }, a: 5, f: 1, g: 1, h: 1 });
    expect(() => read(conditional, { kind: 1, perm: [], level: 0, z: 1 })).toThrow(/`x\.z`: unknown field \(fields: kind, perm, level, a, b, c, d, e, f, g, h\)/);
    expect(() => read(conditional, { kind: 1, perm: [] })).toThrow("`x.level`: missing required field");
    expect(() => read(conditional, [])).toThrow("`x`: expected an object, got a list");
    const arrays = fieldType("Arrays", "matrix");
    expect(toJson(arrays, [[1, 2], [3, 4]], hex)).toEqual([[1, 2], [3, 4]]);
    expect(() => read(arrays, [[1, 2], "3"])).toThrow("`x[1]`: expected a list, got string \"3\"");
  });
});
