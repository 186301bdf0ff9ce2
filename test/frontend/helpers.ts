/** Shared helpers for the front-end tests: in-memory schemas and model lookups. */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { checkProgram, type CheckResult } from "../../compiler/checks/program.js";
import type * as M from "../../compiler/model/model.js";

/** Checks in-memory files; the entry is the first one. */
export function checkFiles(files: Record<string, string>, entries: readonly string[] = [Object.keys(files)[0] ?? ""]): CheckResult {
  return checkProgram(entries, { readFile: (path) => files[path] });
}

/** Checks one in-memory schema and expects it to be valid. */
export function valid(text: string): M.ProgramModel {
  const result = checkFiles({ "main.iproto": text });
  expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  if (!result.program) throw new Error("no program");
  return result.program;
}

/** The codes reported for one in-memory schema. */
export function codes(text: string): string[] {
  return checkFiles({ "main.iproto": text }).diagnostics.map((d) => d.code);
}

/** Checks files from disk (paths relative to the repository root). */
export function checkDisk(paths: readonly string[]): CheckResult {
  return checkProgram(paths, {
    readFile: (path) => {
      try {
        return readFileSync(path, "utf8");
      } catch {
        return undefined;
      }
    },
  });
}

export function declarations(program: M.ProgramModel): M.DeclarationModel[] {
  return program.files.flatMap((f) => f.declarations);
}

export function decl<K extends M.DeclarationModel["kind"]>(program: M.ProgramModel, kind: K, name: string): Extract<M.DeclarationModel, { kind: K }> {
  const found = declarations(program).find((d) => d.kind === kind && d.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found as Extract<M.DeclarationModel, { kind: K }>;
}

export function field(layout: M.LayoutModel, name: string): M.FieldModel {
  const found = layout.items.find((i): i is M.FieldModel => i.kind === "field" && i.name === name);
  if (!found) throw new Error(`no field ${name}`);
  return found;
}

export function message(program: M.ProgramModel, service: string, name: string): M.MessageModel {
  const found = decl(program, "service", service).messages.find((m) => m.name === name);
  if (!found) throw new Error(`no message ${name}`);
  return found;
}

/** An expression as compact text, to compare condition shapes. */
export function showExpr(e: M.ExprModel | undefined): string {
  if (!e) return "<none>";
  switch (e.kind) {
    case "int": return `${e.value}`;
    case "bool": return `${e.value}`;
    case "string": return JSON.stringify(e.value);
    case "field": return e.field.name;
    case "requestField": return `request.${e.field.name}`;
    case "unary": return `(${e.op}${showExpr(e.operand)})`;
    case "binary": return `(${showExpr(e.left)} ${e.op} ${showExpr(e.right)})`;
  }
}

/** A type as compact text: `u16be`, `string<16,space>`, `Point<u16>`, `u8[2][u8]`. */
export function showType(t: M.TypeModel): string {
  const prefix = (p: M.PrefixType) => (p.kind === "varint" ? "varint" : `${p.signed ? "i" : "u"}${p.bits}${p.bits > 8 && p.endian === "be" ? "be" : ""}`);
  switch (t.kind) {
    case "int": return `${prefix(t)}${t.bits === 64 ? `:${t.repr}` : ""}`;
    case "varint": return `varint:${t.repr}`;
    case "float": return `f${t.bits}${t.endian === "be" ? "be" : ""}`;
    case "string":
    case "bytes": {
      const l = t.length;
      const spec = l.kind === "fixed" ? `${l.size},${l.pad}` : l.kind === "prefix" ? prefix(l.prefix) : l.kind === "field" ? `field ${l.field.name}` : l.kind;
      return `${t.kind}<${spec}>`;
    }
    case "array": {
      const c = t.count;
      const spec = c.kind === "fixed" ? `${c.count}` : c.kind === "prefix" ? prefix(c.prefix) : c.kind === "field" ? `field ${c.field.name}` : "rest";
      return `${showType(t.element)}[${spec}]`;
    }
    case "struct": return `${t.struct.name}${t.sizePrefix ? `<${prefix(t.sizePrefix)}>` : ""}`;
    case "enum": return `enum ${t.enum.name}`;
    case "flags": return `flags ${t.flags.name}`;
    case "prefixed": return `${showType(t.value)}<${prefix(t.prefix)}>`;
  }
}
