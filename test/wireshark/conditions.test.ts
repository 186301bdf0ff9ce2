/**
 * Conditions in the dissector mean what they mean in generated TypeScript: 3000 seeded random expressions
 * over integer fields and literals (every operator, booleans mixed into arithmetic, negative bitwise
 * operands, division by zero, shifts either way) are compiled by compiler/wireshark/expr.ts, evaluated by
 * the Lua helpers inside the real tshark, and compared with model/expr-eval.ts, the reference. Only
 * expressions whose every intermediate value stays within 2^53 count: Lua numbers are doubles
 * (docs/cli.md says so).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Span } from "../../compiler/diagnostics/span.js";
import { evaluate, type Value } from "../../compiler/model/expr-eval.js";
import type { BinaryOp, ExprModel, FieldModel, UnaryOp } from "../../compiler/model/model.js";
import { luaExpr } from "../../compiler/wireshark/expr.js";
import { HELPERS } from "../../compiler/wireshark/lua-helpers.js";
import { seeded } from "../support/seeded.js";
import { tsharkMissing } from "./tshark.js";

const dir = mkdtempSync(path.join(tmpdir(), "iproto-wireshark-expr-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = { line: 1, column: 1, offset: 0 };
const span: Span = { file: "x.iproto", start: at, end: at };
const field = (name: string): FieldModel => ({ kind: "field", name, doc: undefined, type: { kind: "int", bits: 32, signed: true, endian: "le", repr: "number" }, role: { kind: "value" }, defaultValue: undefined, condition: undefined, span });
const FIELDS = { a: -7n, b: 12n, zero: 0n, big: 1n << 40n, neg: -(1n << 33n) };
const fields = Object.keys(FIELDS).map(field);
const BINARY: readonly BinaryOp[] = ["||", "&&", "==", "!=", "<", "<=", ">", ">=", "|", "^", "&", "<<", ">>", "+", "-", "*", "/", "%"];
const UNARY: readonly UnaryOp[] = ["-", "!", "~"];
const LIMIT = 1n << 53n;

function randomExpr(random: () => number, depth: number): ExprModel {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const r = random();
  if (depth === 0 || r < 0.25) {
    const leaf = random();
    if (leaf < 0.4) return { kind: "field", field: pick(fields), span };
    if (leaf < 0.5) return { kind: "bool", value: random() < 0.5, span };
    return { kind: "int", value: BigInt(pick([0, 1, 2, 3, 5, 8, 31, 255, -1, -2, -100, 1000, 0xffff, 2 ** 31, 2 ** 32 + 1])), span };
  }
  if (r < 0.4) return { kind: "unary", op: pick(UNARY), operand: randomExpr(random, depth - 1), span };
  const op = pick(BINARY);
  const right: ExprModel = op === "<<" || op === ">>" ? { kind: "int", value: BigInt(Math.floor(random() * 24) - 4), span } : randomExpr(random, depth - 1);
  return { kind: "binary", op, left: randomExpr(random, depth - 1), right, span };
}

const valueOf = (f: FieldModel): Value => FIELDS[f.name as keyof typeof FIELDS];

/** Every subexpression's value stays within ±2^53 (bigints) — what Lua doubles hold exactly. */
function fits(e: ExprModel): boolean {
  const v = evaluate(e, valueOf);
  if (typeof v === "bigint" && (v >= LIMIT || v <= -LIMIT)) return false;
  if (e.kind === "unary") return fits(e.operand);
  if (e.kind === "binary") return fits(e.left) && fits(e.right);
  return true;
}

const shown = (v: Value): string => (typeof v === "boolean" ? String(v) : String(v));

describe.skipIf(tsharkMissing !== undefined)("conditions in the dissector's Lua, against the reference evaluator", () => {
  it("3000 random expressions agree, value and truth", { timeout: 30_000 }, () => {
    const random = seeded(12);
    const cases: { lua: string; expected: string }[] = [];
    while (cases.length < 3000) {
      const e = randomExpr(random, 4);
      if (!fits(e)) continue;
      cases.push({ lua: luaExpr(e), expected: shown(evaluate(e, valueOf)) });
    }
    const out = path.join(dir, "results.txt");
    const v = `local v = {${Object.entries(FIELDS).map(([k, n]) => `${k} = ${n}`).join(", ")}}`;
    const script = [
      HELPERS.trim(),
      v,
      "local r = {}",
      'local function show(x) if type(x) == "boolean" then return tostring(x) end local s = string.format("%.0f", x) if s == "-0" then s = "0" end return s end',
      `local f = assert(io.open(${JSON.stringify(out)}, "w"))`,
      ...cases.map((c) => `f:write(show(${c.lua}), " ", tostring(T(${c.lua})), "\\n")`),
      "f:close()",
    ].join("\n");
    const lua = path.join(dir, "exprs.lua");
    writeFileSync(lua, script);
    const run = spawnSync("tshark", ["-X", `lua_script:${lua}`, "-G", "protocols"], { encoding: "utf8", maxBuffer: 256 << 20 });
    expect(run.stderr).not.toMatch(/Lua|error/i);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines).toHaveLength(cases.length);
    const wrong = cases.flatMap((c, i) => {
      const truth = c.expected === "true" || (c.expected !== "false" && c.expected !== "0");
      const want = `${c.expected} ${truth}`;
      return lines[i] === want ? [] : [`${c.lua}: Lua ${lines[i]}, reference ${want}`];
    });
    expect(wrong.slice(0, 10)).toEqual([]);
  });
});
