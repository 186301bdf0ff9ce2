/**
 * The formatter's guarantees over whole corpora: idempotent, same AST (spans aside), same resolved model,
 * every comment kept in order. Corpora: schemas/; the same schemas re-spaced with random whitespace and
 * comments between any two tokens; seeded random valid schemas (support/gen-schema.ts); and schemas/
 * mutated token-wise (deleted, duplicated, swapped tokens) where the mutant still parses.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import type { SourceHost } from "../../compiler/checks/load.js";
import { checkProgram } from "../../compiler/checks/program.js";
import { astDifference, commentKey } from "../../compiler/format/ast-equal.js";
import { formatSchema } from "../../compiler/format/format.js";
import { SourceText } from "../../compiler/diagnostics/source.js";
import { lex } from "../../compiler/lexer/lexer.js";
import { parseSchema } from "../../compiler/parser/parse.js";
import { generateSchemaTokens } from "./support/gen-schema.js";
import { modelDifference } from "./support/model-equal.js";
import { Random } from "./support/random.js";
import { scatter } from "./support/scatter.js";

const ROOT = join(import.meta.dirname, "../..");

function schemaFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? schemaFiles(join(dir, e.name)) : e.name.endsWith(".iproto") ? [join(dir, e.name)] : [],
  );
}

const SCHEMAS = new Map(schemaFiles(join(ROOT, "schemas")).map((abs) => [relative(ROOT, abs).replaceAll("\\", "/"), readFileSync(abs, "utf8")]));

/** Formats `text` as `path` and checks every guarantee; returns the formatted text. */
function checkFormatting(path: string, text: string, files: ReadonlyMap<string, string> = SCHEMAS): string {
  const first = formatSchema(path, text);
  if (!first.ok) throw new Error(`${path}: ${first.diagnostics.map((d) => d.message).join("; ")}`);
  const second = formatSchema(path, first.text);
  expect(second.ok && second.text, `${path}: formatting is idempotent`).toBe(first.text);

  const before = parseSchema(path, text).ast;
  const after = parseSchema(path, first.text).ast;
  expect(astDifference(before, after), `${path}: same AST`).toBeUndefined();
  expect(after.comments.map((c) => commentKey(c.text)), `${path}: every comment, in order`).toEqual(before.comments.map((c) => commentKey(c.text)));
  for (const c of before.comments) if (!c.text.includes("\n")) expect(first.text).toContain(c.text.trimEnd());

  const host = (own: string): SourceHost => ({ readFile: (p) => (p === path ? own : files.get(p)) });
  const modelBefore = checkProgram([path], host(text));
  if (modelBefore.program) {
    const modelAfter = checkProgram([path], host(first.text));
    expect(modelAfter.diagnostics, `${path}: formatted schema still checks`).toEqual([]);
    expect(modelAfter.program && modelDifference(modelBefore.program, modelAfter.program), `${path}: same model`).toBeUndefined();
  }
  return first.text;
}

function tokensOf(path: string, text: string): string[] {
  return lex(new SourceText(path, text)).tokens.map((t) => t.image);
}

describe("format: schemas/", () => {
  for (const [path, text] of SCHEMAS) {
    it(path, () => {
      const formatted = checkFormatting(path, text);
      expect(checkProgram([path], { readFile: (p) => (p === path ? formatted : SCHEMAS.get(p)) }).program).toBeDefined();
    });
  }

  it("the same schemas, re-spaced with random whitespace and comments between any two tokens", () => {
    let n = 0;
    for (const [path, text] of SCHEMAS) {
      for (let seed = 1; seed <= 15; seed++) {
        const r = new Random(seed * 7919 + path.length);
        checkFormatting(path, scatter(r, tokensOf(path, text), { comments: 0.1 }));
        n++;
      }
    }
    expect(n).toBe(SCHEMAS.size * 15);
  });
});

/** Box spaces and stored procedures (schemas/ has none): every form of both, for the re-spacing test. */
const BOX = `enum Kind: u8 { A = 1; }
space Users = 0 { id: u64 as number; login: string; kind: Kind; tail { tag: string; w: u16; } index primary = 0 tree unique (id); index by_login = 1 hash unique (login); }
/** Doc. */
procedure box.users.by_login(login: string, limit: u32) returns Users;
procedure stats(day: u32, kind: Kind) returns (count: u32, total: i64 as bigint, ratio: f64, raw: bytes);
procedure touch();
struct procedure { returns: u32; }
`;

describe("format: Box spaces and procedures", () => {
  it("re-spaced with random whitespace and comments between any two tokens", () => {
    const files = new Map([["box.iproto", BOX]]);
    expect(checkProgram(["box.iproto"], { readFile: (p) => files.get(p) }).diagnostics).toEqual([]);
    checkFormatting("box.iproto", BOX, files);
    for (let seed = 1; seed <= 40; seed++) {
      checkFormatting("box.iproto", scatter(new Random(seed * 104729), tokensOf("box.iproto", BOX), { comments: 0.15 }), files);
    }
  });
});

describe("format: seeded random schemas", () => {
  it("300 valid schemas with random layout and comments", () => {
    let valid = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const r = new Random(seed);
      const text = scatter(r, generateSchemaTokens(r, seed), { comments: seed % 3 === 0 ? 0 : 0.12 });
      const checked = checkProgram(["gen.iproto"], { readFile: (p) => (p === "gen.iproto" ? text : undefined) });
      expect(checked.diagnostics, `seed ${seed} generates a valid schema`).toEqual([]);
      checkFormatting("gen.iproto", text, new Map());
      valid++;
    }
    expect(valid).toBe(300);
  });
});

/** Runs of tokens ending in `;` (fields, options, constants): units a mutation can move or drop. */
function statements(tokens: readonly string[]): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  tokens.forEach((t, i) => {
    if (t === "{" || t === "}") start = i + 1;
    else if (t === ";") {
      out.push([start, i + 1]);
      start = i + 1;
    }
  });
  return out;
}

const INT_TYPES = ["u8", "i8", "u16", "u32be", "i64", "varint", "f64"];

/** One random edit: drop, duplicate or swap statements; change a type or a literal; or a raw token edit. */
function mutate(r: Random, tokens: string[]): void {
  const stmts = statements(tokens);
  const pick = stmts.length > 1 ? stmts[r.int(0, stmts.length - 2)] : undefined;
  const [a, b] = pick ?? [0, 0];
  switch (r.int(0, 5)) {
    case 0:
      tokens.splice(a, b - a);
      return;
    case 1:
      tokens.splice(b, 0, ...tokens.slice(a, b));
      return;
    case 2: {
      const next = stmts.find(([s]) => s === b);
      if (next) tokens.splice(a, next[1] - a, ...tokens.slice(b, next[1]), ...tokens.slice(a, b));
      return;
    }
    case 3: {
      const at = tokens.findIndex((t, i) => i >= a && INT_TYPES.includes(t));
      if (at >= 0) tokens[at] = r.pick(INT_TYPES);
      return;
    }
    case 4: {
      const at = tokens.findIndex((t, i) => i >= a && /^[0-9]/.test(t));
      if (at >= 0) tokens[at] = r.pick(["0", "0x1f", "0b11", "1_000", "7"]);
      return;
    }
    default: {
      const at = r.int(0, tokens.length - 2);
      if (r.chance(0.5)) tokens.splice(at, 1);
      else [tokens[at], tokens[at + 1]] = [tokens[at + 1] ?? "", tokens[at] ?? ""];
    }
  }
}

describe("format: mutated schemas that still parse", () => {
  it("statements dropped, duplicated and swapped, types and literals changed, tokens deleted and swapped", () => {
    let parsed = 0;
    let checked = 0;
    for (const [path, text] of SCHEMAS) {
      const tokens = tokensOf(path, text);
      for (let seed = 1; seed <= 50; seed++) {
        const r = new Random(seed * 104729 + tokens.length);
        const mutant = [...tokens];
        for (let k = r.int(1, 3); k > 0; k--) mutate(r, mutant);
        const source = scatter(r, mutant, { comments: 0.05 });
        if (parseSchema(path, source).diagnostics.length > 0) continue;
        parsed++;
        checkFormatting(path, source);
        if (checkProgram([path], { readFile: (p) => (p === path ? source : SCHEMAS.get(p)) }).program) checked++;
      }
    }
    // Enough survivors to mean something: some only parse, some also check (and are compared as models).
    expect(parsed).toBeGreaterThan(60);
    expect(checked).toBeGreaterThan(25);
  });
});
