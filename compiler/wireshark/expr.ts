/**
 * Schema expressions (conditions, `error if`) as Lua expressions over `v` (the values read so far of the
 * layout being dissected, by field name) and `r` (the matched request's top-level values). The helpers
 * they call (N, T, EQ, DIV, MOD, BAND, BOR, BXOR, SHL, SHR) are in the dissector's runtime part and follow
 * model/expr-eval.ts: booleans are 0/1 in arithmetic, division by zero is 0, integer division truncates,
 * bitwise operators are two's complement; Lua numbers are doubles, exact up to 2^53.
 */
import type { ExprModel } from "../model/model.js";
import { luaNumber, luaString } from "./lua-text.js";

const CALLS: Readonly<Record<string, string>> = { "/": "DIV", "%": "MOD", "&": "BAND", "|": "BOR", "^": "BXOR", "<<": "SHL", ">>": "SHR" };
const ARITH = new Set(["+", "-", "*", "<", "<=", ">", ">="]);

export function luaExpr(e: ExprModel): string {
  switch (e.kind) {
    case "int":
      return luaNumber(e.value);
    case "bool":
      return e.value ? "true" : "false";
    case "string":
      return luaString(e.value);
    case "field":
      return `v[${luaString(e.field.name)}]`;
    case "requestField":
      return `r[${luaString(e.field.name)}]`;
    case "unary": {
      const x = luaExpr(e.operand);
      if (e.op === "!") return `(not T(${x}))`;
      if (e.op === "-") return `(-N(${x}))`;
      return `(-N(${x}) - 1)`;
    }
    case "binary": {
      const a = luaExpr(e.left);
      const b = luaExpr(e.right);
      if (e.op === "||") return `(T(${a}) or T(${b}))`;
      if (e.op === "&&") return `(T(${a}) and T(${b}))`;
      if (e.op === "==") return `EQ(${a}, ${b})`;
      if (e.op === "!=") return `(not EQ(${a}, ${b}))`;
      if (ARITH.has(e.op)) return `(N(${a}) ${e.op} N(${b}))`;
      const call = CALLS[e.op];
      if (call === undefined) throw new Error(`no Lua for operator ${e.op}`);
      return `${call}(${a}, ${b})`;
    }
  }
}

/** A Lua function of (v, r) that tells whether the condition holds. */
export function luaCondition(e: ExprModel): string {
  return `function(v, r) return T(${luaExpr(e)}) end`;
}
