/**
 * Compiles schema expressions (conditions, `retry_when`, envelope `error if`) to TypeScript.
 *
 * Schema semantics are exact integer arithmetic (the model says: bigint semantics). Doing every condition
 * in bigint would allocate on every decode, so each subexpression carries the range of values it can take
 * and stays in plain `number` arithmetic while that is provably exact: bitwise operators on operands that
 * fit 32 bits, + - * while the result stays within 2^53, shifts by constants as multiplications. Anything
 * else falls back to bigint. test/codegen/expr.test.ts checks this against the reference evaluator.
 */
import { minimalParens } from "../print/expr-parens.js";
import type { ExprModel, FieldModel, TypeModel } from "../../model/model.js";
import { intRange } from "../../model/wire.js";
import type { RuntimeValue } from "./runtime-names.js";

export type Operand =
  /** A JS number holding an exact integer in [lo, hi] (both within ±(2^53−1)). */
  | { readonly k: "int"; readonly code: string; readonly lo: bigint; readonly hi: bigint }
  | { readonly k: "big"; readonly code: string }
  | { readonly k: "float"; readonly code: string }
  | { readonly k: "bool"; readonly code: string }
  | { readonly k: "str"; readonly code: string };

/**
 * An expression the emitter cannot compile (e.g. bitwise operators on floats). The checker rejects all of
 * them (operand types E0404, fields E0410, sizeof fields of the request E0518): one here is a compiler bug.
 */
export class UnsupportedExpression extends Error {}

export interface ExprEnv {
  /** The operand for a field of the layout being processed (`field`) or of the request (`requestField`). */
  field(field: FieldModel, fromRequest: boolean): Operand;
  /** Binds a runtime helper (divNum, shlBig, …) and returns its local name. */
  rt(name: RuntimeValue): string;
}

const SAFE = (1n << 53n) - 1n;
const I32 = { lo: -(1n << 31n), hi: (1n << 31n) - 1n };
const U32 = { lo: 0n, hi: (1n << 32n) - 1n };

/** The operand for a value of `type` held in `code` (possibly undefined when the field is conditional). */
export function operandOf(type: TypeModel, code: string, optional: boolean): Operand {
  const orZero = (zero: string): string => (optional ? `(${code} ?? ${zero})` : code);
  switch (type.kind) {
    case "int":
      if (type.repr === "bigint") return { k: "big", code: orZero("0n") };
      return intOperand(orZero("0"), type.bits === 64 ? (type.signed ? { lo: -SAFE, hi: SAFE } : { lo: 0n, hi: SAFE }) : intRange(type));
    case "enum":
    case "flags": {
      const backing = type.kind === "enum" ? type.enum.backing : type.flags.backing;
      return operandOf(backing, code, optional);
    }
    case "varint":
      return type.repr === "bigint" ? { k: "big", code: orZero("0n") } : intOperand(orZero("0"), { lo: 0n, hi: SAFE });
    case "float":
      return { k: "float", code: orZero("0") };
    case "string":
      return { k: "str", code: orZero('""') };
    default:
      throw new UnsupportedExpression(`a ${type.kind} field cannot be used in an expression`);
  }
}

function intOperand(code: string, r: { lo: bigint; hi: bigint }): Operand {
  return { k: "int", code, lo: r.lo, hi: r.hi };
}

function within(v: { lo: bigint; hi: bigint }, r: { lo: bigint; hi: bigint }): boolean {
  return v.lo >= r.lo && v.hi <= r.hi;
}

function toBig(v: Operand): string {
  switch (v.k) {
    case "big":
      return v.code;
    case "int":
      return /^-?\d+$/.test(v.code) ? `${v.code}n` : `BigInt(${v.code})`;
    case "bool":
      return `(${v.code} ? 1n : 0n)`;
    default:
      throw new UnsupportedExpression(`a ${v.k === "float" ? "float" : "string"} cannot take part in integer arithmetic`);
  }
}

/** Booleans join arithmetic as 0/1, like C. */
function numeric(v: Operand): Operand {
  return v.k === "bool" ? intOperand(`(${v.code} ? 1 : 0)`, { lo: 0n, hi: 1n }) : v;
}

function toFloat(v: Operand): string {
  const n = numeric(v);
  if (n.k === "big") return `Number(${n.code})`;
  if (n.k === "str") throw new UnsupportedExpression("a string cannot take part in arithmetic");
  return n.code;
}

export function truthy(v: Operand): string {
  switch (v.k) {
    case "bool":
      return v.code;
    case "int":
    case "float":
      return `(${v.code} !== 0)`;
    case "big":
      return `(${v.code} !== 0n)`;
    case "str":
      return `(${v.code} !== "")`;
  }
}

function literal(value: bigint): Operand {
  if (value >= -SAFE && value <= SAFE) return intOperand(value < 0n ? `(${value})` : `${value}`, { lo: value, hi: value });
  return { k: "big", code: value < 0n ? `(${value}n)` : `${value}n` };
}

function maxAbs(v: { lo: bigint; hi: bigint }): bigint {
  const a = v.lo < 0n ? -v.lo : v.lo;
  const b = v.hi < 0n ? -v.hi : v.hi;
  return a > b ? a : b;
}

function bitCeil(n: bigint): bigint {
  let m = 1n;
  while (m <= n) m <<= 1n;
  return m - 1n;
}

/** Compiles `expr` to a TypeScript expression of the given operand kind. */
export function compileExpr(expr: ExprModel, env: ExprEnv): Operand {
  switch (expr.kind) {
    case "int":
      return literal(expr.value);
    case "bool":
      return { k: "bool", code: expr.value ? "true" : "false" };
    case "string":
      return { k: "str", code: JSON.stringify(expr.value) };
    case "field":
      return env.field(expr.field, false);
    case "requestField":
      return env.field(expr.field, true);
    case "unary":
      return unary(expr.op, compileExpr(expr.operand, env));
    case "binary":
      return binary(expr.op, compileExpr(expr.left, env), compileExpr(expr.right, env), env, expr.right);
    default: {
      const never: never = expr;
      throw new UnsupportedExpression(`unknown expression ${String(never)}`);
    }
  }
}

/** Compiles a condition to a boolean TypeScript expression. */
export function compileCondition(expr: ExprModel, env: ExprEnv): string {
  // Written whole (`if (…)`, `return …;`, an argument): with prettier's parentheses, not composition's.
  return minimalParens(truthy(compileExpr(expr, env)));
}

function unary(op: "-" | "!" | "~", operand: Operand): Operand {
  if (op === "!") return { k: "bool", code: `!${truthy(operand)}` };
  const a = numeric(operand);
  if (a.k === "str") throw new UnsupportedExpression(`unary ${op} on a string`);
  if (op === "-") {
    if (a.k === "int") return intOperand(`(-${a.code})`, { lo: -a.hi, hi: -a.lo });
    return { k: a.k, code: `(-${a.code})` };
  }
  if (a.k === "int" && -a.hi - 1n >= -SAFE) return intOperand(`(-${a.code} - 1)`, { lo: -a.hi - 1n, hi: -a.lo - 1n });
  if (a.k === "int") return { k: "big", code: `(~${toBig(a)})` };
  if (a.k === "big") return { k: "big", code: `(~${a.code})` };
  throw new UnsupportedExpression("~ on a float");
}

type Binary = "||" | "&&" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "|" | "^" | "&" | "<<" | ">>" | "+" | "-" | "*" | "/" | "%";

function binary(op: Binary, left: Operand, right: Operand, env: ExprEnv, rightExpr: ExprModel): Operand {
  if (op === "||" || op === "&&") return { k: "bool", code: `(${truthy(left)} ${op} ${truthy(right)})` };
  if (op === "==" || op === "!=" || op === "<" || op === "<=" || op === ">" || op === ">=") {
    return { k: "bool", code: compare(op, left, right) };
  }
  const a = numeric(left);
  const b = numeric(right);
  if (a.k === "str" || b.k === "str") throw new UnsupportedExpression(`${op} on a string`);
  if (a.k === "float" || b.k === "float") {
    if (op === "+" || op === "-" || op === "*" || op === "/") return { k: "float", code: `(${toFloat(a)} ${op} ${toFloat(b)})` };
    throw new UnsupportedExpression(`${op} on a float`);
  }
  const big = (code: string): Operand => ({ k: "big", code });
  switch (op) {
    case "&":
    case "|":
    case "^": {
      if (a.k === "int" && b.k === "int") {
        if (within(a, I32) && within(b, I32)) {
          const nonneg = a.lo >= 0n && b.lo >= 0n;
          const hi = op === "&" ? (a.hi < b.hi ? a.hi : b.hi) : bitCeil(a.hi > b.hi ? a.hi : b.hi);
          return intOperand(`(${a.code} ${op} ${b.code})`, nonneg ? { lo: 0n, hi } : I32);
        }
        if (within(a, U32) && within(b, U32)) {
          const hi = op === "&" ? (a.hi < b.hi ? a.hi : b.hi) : bitCeil(a.hi > b.hi ? a.hi : b.hi);
          return intOperand(`((${a.code} ${op} ${b.code}) >>> 0)`, { lo: 0n, hi });
        }
      }
      return big(`(${toBig(a)} ${op} ${toBig(b)})`);
    }
    case "<<":
    case ">>": {
      const k = rightExpr.kind === "int" ? rightExpr.value : undefined;
      if (a.k === "int" && k !== undefined && k >= 0n && k <= 64n) {
        const f = 1n << k;
        if (op === "<<" && maxAbs(a) * f <= SAFE) return intOperand(`(${a.code} * ${f})`, { lo: a.lo * f, hi: a.hi * f });
        if (op === ">>") return intOperand(`Math.floor(${a.code} / ${f})`, { lo: floorDiv(a.lo, f), hi: floorDiv(a.hi, f) });
      }
      return big(`${env.rt(op === "<<" ? "shlBig" : "shrBig")}(${toBig(a)}, ${toBig(b)})`);
    }
    case "+":
    case "-":
    case "*": {
      if (a.k === "int" && b.k === "int") {
        const r = arith(op, a, b);
        if (r.lo >= -SAFE && r.hi <= SAFE) return intOperand(`(${a.code} ${op} ${b.code})`, r);
      }
      return big(`(${toBig(a)} ${op} ${toBig(b)})`);
    }
    case "/":
    case "%": {
      if (a.k === "int" && b.k === "int") {
        const m = maxAbs(a);
        return intOperand(`${env.rt(op === "/" ? "divNum" : "modNum")}(${a.code}, ${b.code})`, { lo: -m, hi: m });
      }
      return big(`${env.rt(op === "/" ? "divBig" : "modBig")}(${toBig(a)}, ${toBig(b)})`);
    }
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

function arith(op: "+" | "-" | "*", a: { lo: bigint; hi: bigint }, b: { lo: bigint; hi: bigint }): { lo: bigint; hi: bigint } {
  if (op === "+") return { lo: a.lo + b.lo, hi: a.hi + b.hi };
  if (op === "-") return { lo: a.lo - b.hi, hi: a.hi - b.lo };
  const c = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
  return { lo: c.reduce((x, y) => (y < x ? y : x)), hi: c.reduce((x, y) => (y > x ? y : x)) };
}

function compare(op: "==" | "!=" | "<" | "<=" | ">" | ">=", left: Operand, right: Operand): string {
  const js = op === "==" ? "===" : op === "!=" ? "!==" : op;
  if (left.k === "str" || right.k === "str") {
    if (left.k !== "str" || right.k !== "str") throw new UnsupportedExpression("a string compared with a number");
    return `(${left.code} ${js} ${right.code})`;
  }
  if (left.k === "bool" && right.k === "bool") return `(${left.code} ${js} ${right.code})`;
  const a = numeric(left);
  const b = numeric(right);
  if (a.k === "float" || b.k === "float") return `(${toFloat(a)} ${js} ${toFloat(b)})`;
  if (a.k === "big" || b.k === "big") return `(${toBig(a)} ${js} ${toBig(b)})`;
  return `(${a.code} ${js} ${b.code})`;
}
