/**
 * `space` declarations (issue 15): the model of a Box space — fields with their numbers and wire types
 * (each behind the BER length Box keeps), the tail, the indexes with Tarantool's key types — and the
 * words `space`, `index` and `tail` still free as names elsewhere. Broken spaces: errors/e08xx-*.
 */
import { describe, expect, it } from "vitest";
import { formatSchema } from "../../compiler/format/format.js";
import type * as M from "../../compiler/model/model.js";
import { codes, showType, valid } from "./helpers.js";

const USERS = `package app;

enum Status: u32 {
  NEW = 1;
  ACTIVE = 2;
}

/** Users, by id and by login. */
space Users = 0 {
  /** The key. */
  id: u64 as number;
  login: string;
  score: i32;
  status: Status;
  avatar: bytes;
  ratio: f64;
  tail {
    tag: string;
    weight: u16;
  }

  /** By id. */
  index primary = 0 tree unique (id);
  index by_login = 1 hash unique (login);
  index by_score = 2 tree (score, id);
  index by_status = 3 tree (status);
}
`;

function formatted(text: string): string {
  const result = formatSchema("s.iproto", text);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("; "));
  return result.text;
}

function space(program: M.ProgramModel, name: string): M.SpaceModel {
  const found = program.files.flatMap((f) => f.spaces).find((s) => s.name === name);
  if (!found) throw new Error(`no space ${name}`);
  return found;
}

describe("space declarations", () => {
  it("give each field its number and its type behind a varint length, and each index its typed parts", () => {
    const program = valid(USERS);
    const users = space(program, "Users");
    expect(users.no).toBe(0);
    expect(users.doc).toBe("Users, by id and by login.");
    expect(users.fields.map((f) => [f.no, f.name, showType(f.type)])).toEqual([
      [0, "id", "u64:number<varint>"],
      [1, "login", "string<varint>"],
      [2, "score", "i32<varint>"],
      [3, "status", "enum Status<varint>"],
      [4, "avatar", "bytes<varint>"],
      [5, "ratio", "f64<varint>"],
    ]);
    expect(users.fields[0]?.doc).toBe("The key.");
    expect(users.tail.map((f) => [f.no, f.name, showType(f.type)])).toEqual([
      [0, "tag", "string<varint>"],
      [1, "weight", "u16<varint>"],
    ]);
    expect(users.indexes.map((i) => [i.no, i.name, i.kind, i.unique, i.parts.map((p) => `${p.field.name}:${p.type}`)])).toEqual([
      [0, "primary", "tree", true, ["id:NUM64"]],
      [1, "by_login", "hash", true, ["login:STR"]],
      [2, "by_score", "tree", false, ["score:NUM", "id:NUM64"]],
      [3, "by_status", "tree", false, ["status:NUM"]],
    ]);
    expect(users.indexes[0]?.doc).toBe("By id.");
    // Spaces are not wire declarations: the emitter's list is unchanged.
    expect(program.files[0]?.declarations.map((d) => d.kind)).toEqual(["enum"]);
  });

  it("formats canonically and idempotently", () => {
    const messy = "space  Users=0{id:u32;tail{a:u8;}\nindex   primary=0 tree   unique(id ,a);}\n";
    const once = formatted(messy);
    expect(once).toBe("space Users = 0 {\n  id: u32;\n  tail {\n    a: u8;\n  }\n  index primary = 0 tree unique (id, a);\n}\n");
    expect(formatted(once)).toBe(once);
    expect(formatted(USERS)).toBe(USERS);
  });

  it("keeps every comment of a space where it was, blank lines included", () => {
    const commented = [
      "// before",
      "space S = 1 { // after the brace",
      "  /// The id.",
      "  id: u32; // trailing",
      "",
      "  /* a block */",
      "  tail {",
      "    // inside the tail",
      "    t: string;",
      "  }",
      "  /** Primary. */",
      "  index primary = 0 tree unique (id); // trailing",
      "}",
      "",
    ].join("\n");
    expect(formatted(commented)).toBe(commented);
  });

  it("leaves `space`, `index` and `tail` usable as names: fields of structs, and fields of a space", () => {
    expect(codes("struct S {\n  space: u32;\n  index: u32;\n  tail: u8;\n}\n")).toEqual([]);
    const program = valid("space T = 3 {\n  index: u32;\n  tail: string;\n  space: u64;\n  index space = 0 tree unique (index, space);\n}\n");
    const t = space(program, "T");
    expect(t.fields.map((f) => f.name)).toEqual(["index", "tail", "space"]);
    expect(t.tail).toEqual([]);
    expect(t.indexes[0]?.parts.map((p) => p.type)).toEqual(["NUM", "NUM64"]);
  });

  it("refers to constants for numbers, and rejects a space used as a type", () => {
    const program = valid("const USERS = 7;\nspace U = USERS {\n  id: u32;\n  index primary = 0 tree unique (id);\n}\n");
    expect(space(program, "U").no).toBe(7);
    expect(codes("space U = 0 {\n  id: u32;\n  index primary = 0 tree unique (id);\n}\nstruct S {\n  u: U;\n}\n")).toEqual(["E0208"]);
  });
});
