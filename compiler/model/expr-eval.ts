/**
 * Reference evaluator for schema expressions with the exact semantics compiled code must have: integer
 * arithmetic on bigints, booleans as 0/1 in arithmetic, division by zero yields 0, shift counts clamped to
 * ±1024. The checker and the emitter use it at compile time (the envelope replies servers write, see
 * server-replies.ts); tests use it as the oracle.
 */
import { type ArithmeticOp, applyFloatOp, applyIntegerOp } from "./arithmetic.js";
import type { ExprModel, FieldModel } from "./model.js";

export type Value = bigint | boolean | string | number;

export function evaluate(expr: ExprModel, field: (f: FieldModel, fromRequest: boolean) => Value): Value {
  switch (expr.kind) {
    case "int":
    case "bool":
    case "string":
      return expr.value;
    case "field":
      return field(expr.field, false);
    case "requestField":
      return field(expr.field, true);
    case "unary": {
      const v = evaluate(expr.operand, field);
      if (expr.op === "!") return !isTrue(v);
      if (typeof v === "number") return expr.op === "-" ? -v : NaN;
      const n = toInt(v);
      return expr.op === "-" ? -n : ~n;
    }
    case "binary": {
      const l = evaluate(expr.left, field);
      if (expr.op === "||") return isTrue(l) || isTrue(evaluate(expr.right, field));
      if (expr.op === "&&") return isTrue(l) && isTrue(evaluate(expr.right, field));
      const r = evaluate(expr.right, field);
      return binary(expr.op, l, r);
    }
    default: {
      const never: never = expr;
      return never;
    }
  }
}

export function isTrue(v: Value): boolean {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") return v !== "";
  if (typeof v === "number") return v !== 0;
  return v !== 0n;
}

function toInt(v: Value): bigint {
  if (typeof v === "boolean") return v ? 1n : 0n;
  if (typeof v === "bigint") return v;
  throw new Error(`not an integer: ${String(v)}`);
}

function clamp(n: bigint): bigint {
  return n > 1024n ? 1024n : n < -1024n ? -1024n : n;
}

function binary(op: ArithmeticOp, l: Value, r: Value): Value {
  if (typeof l === "string" || typeof r === "string") {
    if (op === "==") return l === r;
    if (op === "!=") return l !== r;
    throw new Error(`${op} on strings`);
  }
  if (typeof l === "number" || typeof r === "number") {
    const a = typeof l === "number" ? l : Number(toInt(l));
    const b = typeof r === "number" ? r : Number(toInt(r));
    const result = applyFloatOp(op, a, b);
    if (result === undefined) throw new Error(`${op} on floats`);
    return result;
  }
  if (typeof l === "boolean" && typeof r === "boolean" && (op === "==" || op === "!=")) return op === "==" ? l === r : l !== r;
  const a = toInt(l);
  const b = toInt(r);
  if ((op === "/" || op === "%") && b === 0n) return 0n;
  return applyIntegerOp(op, a, op === "<<" || op === ">>" ? clamp(b) : b);
}
