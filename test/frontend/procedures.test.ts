/**
 * `procedure` declarations (issue 15): Box stored procedures (CALL) — the Lua name, dots included, the
 * arguments typed as a space's fields (each behind the BER length Box sends), and the result tuples: a
 * space's, an anonymous field list, or none — and the words `procedure` and `returns` still free as names
 * elsewhere. Broken procedures: errors/e081x-*.
 */
import { describe, expect, it } from "vitest";
import { formatSchema } from "../../compiler/format/format.js";
import type * as M from "../../compiler/model/model.js";
import { checkFiles, codes, showType, valid } from "./helpers.js";

const SCHEMA = `package app;

enum Kind: u8 {
  A = 1;
  B = 2;
}

space Scores = 3 {
  id: u32;
  name: string;
  tail {
    score: i32;
  }
  index primary = 0 tree unique (id);
}

/** Scores of one name. */
procedure box.select_by_name(name: string, limit: u32) returns Scores;
/** Counts of one day. */
procedure stats(day: u32, kind: Kind) returns (count: u32, total: u64 as bigint, ratio: f64, raw: bytes);
procedure touch(id: u64 as number);
`;

function formatted(text: string): string {
  const result = formatSchema("s.iproto", text);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("; "));
  return result.text;
}

function procedure(program: M.ProgramModel, name: string): M.ProcedureModel {
  const found = program.files.flatMap((f) => f.procedures).find((p) => p.name === name);
  if (!found) throw new Error(`no procedure ${name}`);
  return found;
}

const typed = (fields: readonly M.SpaceFieldModel[]): unknown[] => fields.map((f) => [f.no, f.name, showType(f.type)]);

describe("procedure declarations", () => {
  it("give each argument its number and its type behind a varint length, and name the result tuples", () => {
    const program = valid(SCHEMA);
    expect(program.files[0]?.procedures.map((p) => p.name)).toEqual(["box.select_by_name", "stats", "touch"]);

    const byName = procedure(program, "box.select_by_name");
    expect(byName.doc).toBe("Scores of one name.");
    expect(typed(byName.args)).toEqual([
      [0, "name", "string<varint>"],
      [1, "limit", "u32<varint>"],
    ]);
    const scores = program.files[0]?.spaces[0];
    expect(byName.returns.kind).toBe("space");
    if (byName.returns.kind === "space") expect(byName.returns.space).toBe(scores);

    const stats = procedure(program, "stats");
    expect(typed(stats.args)).toEqual([
      [0, "day", "u32<varint>"],
      [1, "kind", "enum Kind<varint>"],
    ]);
    expect(stats.returns.kind).toBe("fields");
    if (stats.returns.kind === "fields") {
      expect(typed(stats.returns.fields)).toEqual([
        [0, "count", "u32<varint>"],
        [1, "total", "u64:bigint<varint>"],
        [2, "ratio", "f64<varint>"],
        [3, "raw", "bytes<varint>"],
      ]);
    }

    const touch = procedure(program, "touch");
    expect(typed(touch.args)).toEqual([[0, "id", "u64:number<varint>"]]);
    expect(touch.returns).toEqual({ kind: "none" });
    // Procedures are neither wire declarations nor spaces.
    expect(program.files[0]?.declarations.map((d) => d.kind)).toEqual(["enum"]);
    expect(program.files[0]?.spaces.map((s) => s.name)).toEqual(["Scores"]);
  });

  it("take no arguments, and return a space of an imported file, by its package-qualified name", () => {
    const result = checkFiles({
      "main.iproto": `import "store.iproto";\nprocedure all() returns store.Users;\nprocedure some() returns Users;\n`,
      "store.iproto": "package store;\nspace Users = 0 {\n  id: u32;\n  index primary = 0 tree unique (id);\n}\n",
    });
    expect(result.diagnostics).toEqual([]);
    const procedures = result.program?.files.flatMap((f) => f.procedures) ?? [];
    expect(procedures.map((p) => [p.name, p.args.length, p.returns.kind === "space" ? p.returns.space.name : p.returns.kind])).toEqual([
      ["all", 0, "Users"],
      ["some", 0, "Users"],
    ]);
  });

  it("format canonically and idempotently: one line each, runs of procedures kept together", () => {
    const messy = "procedure  box . find ( a :u32 ,b: string as bigint )returns(x:u8);\n\n\nprocedure touch( ) ;\n";
    const once = formatted(messy);
    expect(once).toBe("procedure box.find(a: u32, b: string as bigint) returns (x: u8);\n\nprocedure touch();\n");
    expect(formatted(once)).toBe(once);
    expect(formatted(SCHEMA)).toBe(SCHEMA);
  });

  it("keep every comment where it was (trailing comments of a run aligned)", () => {
    const commented = [
      "// before",
      "/** Doc. */",
      "procedure find(a: u32 /* the id */, b: string) returns Users; // trailing",
      "procedure touch();                                            // another",
      "",
    ].join("\n");
    expect(formatted(commented)).toBe(commented);
  });

  it("leave `procedure` and `returns` usable as names: of structs, fields, spaces, arguments", () => {
    expect(codes("struct procedure {\n  returns: u32;\n  procedure: u8;\n}\n")).toEqual([]);
    const program = valid(
      "space returns = 1 {\n  procedure: u32;\n  returns: string;\n  index primary = 0 tree unique (procedure);\n}\nprocedure returns(procedure: u32, returns: string) returns returns;\n",
    );
    const p = procedure(program, "returns");
    expect(p.args.map((a) => a.name)).toEqual(["procedure", "returns"]);
    expect(p.returns.kind === "space" && p.returns.space.name).toBe("returns");
  });

  it("report duplicates, an unknown result space and field types a tuple can't hold", () => {
    expect(codes("procedure a();\nprocedure a(x: u32);\n")).toEqual(["E0810"]);
    expect(codes("procedure a() returns Nothing;\n")).toEqual(["E0811"]);
    expect(codes("procedure a() returns ();\n")).toEqual(["E0811"]);
    expect(codes("struct S {\n  a: u8;\n}\nprocedure a() returns S;\n")).toEqual(["E0811"]);
    expect(codes("struct S {\n  a: u8;\n}\nprocedure a(s: S, v: varint, t: string<u8>) returns (n: u32[2]);\n")).toEqual(["E0812", "E0812", "E0812", "E0812"]);
    expect(codes("procedure a(x: u32, x: u8) returns (y: u8, y: u8);\n")).toEqual(["E0813", "E0813"]);
    expect(codes("procedure a(x: Unknown);\n")).toEqual(["E0205"]);
  });

  it("report an argument or result field recovery left without its name, instead of throwing", () => {
    // Each of these took the AST builder to a field node with no name token (a TypeError before).
    expect(codes("procedure find(name: string,/* limit: u32);\n")).toEqual(["E0003", "E0006"]);
    expect(codes("procedure find(name: string,\n")).toEqual(["E0006"]);
    expect(codes("procedure a(x: u32, : u8);\n")).toEqual(["E0006"]);
    expect(codes("procedure a(day: u32) returns (count: u32, (;\n")).toEqual(["E0006"]);
  });
});
