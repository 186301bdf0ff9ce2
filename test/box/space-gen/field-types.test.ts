/**
 * A generated space with every field type (test/codegen/corpus/spaces.iproto): its tuples are Perl's
 * bytes (each field `w/a*` of its pack), decode back to the same values, and malformed tuples are
 * DecodeErrors naming the field; keys and update operations are the bytes MR::Tarantool::Box packs.
 */
import { execFileSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { DecodeError, EncodeError, newCursor, type KeyCodec, type TupleCodec, type UpdateCodec } from "../../../runtime/index.js";
import { generate, load } from "../../codegen/support/generate.js";

const perl = (expression: string): string =>
  execFileSync("perl", ["-e", `binmode STDOUT; print unpack("H*", ${expression});`], { encoding: "utf8" });
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

interface Generated {
  encodeEverythingTuple(v: unknown): Uint8Array;
  decodeEverythingTuple(b: Uint8Array): unknown;
  Everything$tuple: TupleCodec<unknown, unknown>;
  Everything$primary: KeyCodec<readonly unknown[]>;
  Everything$by_level_name: KeyCodec<readonly unknown[]>;
  Everything$update: UpdateCodec<unknown>;
  EverythingSpace: { descriptor: unknown };
}

const TUPLE = {
  id: 2n ** 63n + 5n,
  small: 200,
  short: -2,
  word: -70000,
  wide: -(2 ** 40),
  big: 2 ** 50,
  ratio: 1.5,
  exact: -0.125,
  level: 2,
  perm: 3,
  name: "żółw",
  blob: new Uint8Array([0, 255, 7]),
  tail: [
    { tag: "a", weight: 513 },
    { tag: "", weight: 0 },
  ],
};
const PERL_TUPLE =
  `pack("(w/a*)*", pack("Q<", "${2n ** 63n + 5n}"), pack("C", 200), pack("s<", -2), pack("l<", -70000), pack("q<", ${-(2 ** 40)}), ` +
  `pack("Q<", ${2 ** 50}), pack("f<", 1.5), pack("d<", -0.125), pack("L<", 2), pack("C", 3), "\\x{c5}\\x{bc}\\x{c3}\\x{b3}\\x{c5}\\x{82}w", "\\x00\\xff\\x07", "a", pack("S<", 513), "", pack("S<", 0))`;

describe("a generated space of every field type", () => {
  let g: Generated;
  beforeAll(async () => {
    g = (await load(await generate("space-field-types", ["test/codegen/corpus/spaces.iproto"]), "spaces")) as unknown as Generated;
  }, 120_000);

  it("encodes a tuple as Perl packs it, field by field behind BER lengths, and decodes it back", () => {
    const bytes = g.encodeEverythingTuple(TUPLE);
    expect(hex(bytes)).toBe(perl(PERL_TUPLE));
    expect(g.decodeEverythingTuple(bytes)).toEqual({ ...TUPLE, blob: expect.any(Uint8Array) });
    expect(hex((g.decodeEverythingTuple(bytes) as { blob: Uint8Array }).blob)).toBe("00ff07");
    expect(g.Everything$tuple.count(TUPLE)).toBe(16);
  });

  it("reads a tuple through the codec with its cardinality; a cardinality the tail can't make is refused", () => {
    const bytes = g.encodeEverythingTuple(TUPLE);
    expect(g.Everything$tuple.read(bytes, 0, bytes.length, 16, newCursor())).toMatchObject({ id: TUPLE.id, tail: TUPLE.tail });
    expect(() => g.Everything$tuple.read(bytes, 0, bytes.length, 15, newCursor())).toThrow(/a tuple of 15 fields; Everything has 12 \+ 2·n/);
    expect(() => g.Everything$tuple.read(bytes, 0, bytes.length, 14, newCursor())).toThrow(/holds 1 tail groups, its bytes 2/);
  });

  it("refuses a field of the wrong width, naming it", () => {
    const bytes = Buffer.from(g.encodeEverythingTuple(TUPLE));
    bytes[9] = 2; // `small`'s prefix: 2 instead of 1
    expect(() => g.decodeEverythingTuple(bytes)).toThrow(DecodeError);
    expect(() => g.decodeEverythingTuple(bytes)).toThrow(/small.*length prefix is not 1/);
    expect(() => g.encodeEverythingTuple({ ...TUPLE, small: 256 })).toThrow(EncodeError);
  });

  it("encodes keys and update operations as MR::Tarantool::Box packs them", () => {
    const key = (codec: KeyCodec<readonly unknown[]>, k: readonly unknown[]): string => {
      const t = new Uint8Array(codec.size(k));
      expect(codec.write(t, 0, k)).toBe(t.length);
      return hex(t);
    };
    expect(key(g.Everything$primary, [7n])).toBe(perl(`pack("w/a*", pack("Q<", 7))`));
    expect(key(g.Everything$by_level_name, [1, "x"])).toBe(perl(`pack("(w/a*)*", pack("L<", 1), "x")`));
    expect(key(g.Everything$by_level_name, [1])).toBe(perl(`pack("w/a*", pack("L<", 1))`));
    const op = (u: unknown): string => {
      const t = new Uint8Array(g.Everything$update.size(u));
      expect(g.Everything$update.write(t, 0, u)).toBe(t.length);
      return hex(t);
    };
    expect(op({ field: "word", op: "add", value: -1 })).toBe(perl(`pack("L C w/a*", 3, 1, pack("l<", -1))`));
    expect(op({ field: "big", op: "xor", value: 5 })).toBe(perl(`pack("L C w/a*", 5, 3, pack("Q<", 5))`));
    expect(op({ field: "name", op: "splice", offset: -2, length: 1, text: "ab" })).toBe(
      perl(`pack("L C w/a*", 10, 5, pack("(w/a*)*", pack("l<", -2), pack("l<", 1), "ab"))`),
    );
    expect(op({ field: "level", op: "set", value: 1 })).toBe(perl(`pack("L C w/a*", 8, 0, pack("L<", 1))`));
    expect(op({ field: "blob", op: "delete" })).toBe(perl(`pack("L C w/a*", 11, 6, "")`));
  });

  it("refuses, before anything is written, keys and updates plain JavaScript got wrong", () => {
    const t = new Uint8Array(64);
    expect(() => g.Everything$primary.write(t, 0, ["7"])).toThrow(EncodeError);
    expect(() => g.Everything$by_level_name.write(t, 0, [2 ** 32, "x"])).toThrow(/does not fit u32/);
    expect(() => g.Everything$update.size({ field: "nope", op: "set", value: 1 })).toThrow(/"nope" does not fit a field of Everything/);
    expect(() => g.Everything$update.size({ field: "name", op: "add", value: 1 })).toThrow(/"add" does not fit an update of name/);
    expect(() => g.Everything$update.size({ field: "ratio", op: "xor", value: 1 })).toThrow(EncodeError);
  });

  it("describes the space for MemoryBox: widths, key types, indexes", () => {
    expect(g.EverythingSpace.descriptor).toMatchObject({
      name: "Everything",
      no: 7,
      fields: expect.arrayContaining([{ name: "id", width: 8, keyType: "NUM64" }, { name: "name", width: 0, keyType: "STR" }, { name: "ratio", width: 4, keyType: undefined }]),
      tail: [{ name: "tag", width: 0, keyType: "STR" }, { name: "weight", width: 2, keyType: undefined }],
      indexes: [
        { name: "primary", no: 0, kind: "hash", unique: true, parts: [{ field: 0, type: "NUM64" }] },
        { name: "by_level_name", no: 1, kind: "tree", unique: false, parts: [{ field: 8, type: "NUM" }, { field: 10, type: "STR" }] },
        { name: "by_word", no: 2, kind: "tree", unique: true, parts: [{ field: 3, type: "NUM" }] },
      ],
    });
  });
});
