/**
 * What each binary operator computes, in one table: its integer meaning (bigint), shared by constant
 * folding (checks) and the reference evaluator (expr-eval.ts), and its float meaning where floats have one.
 * What differs between the callers — division by zero and shift counts out of range are errors when
 * folding constants, but 0 and a clamped count at run time — they settle before calling.
 */
import type { BinaryOp } from "./model.js";

/** The operators that compute on numbers (`||` and `&&` work on truth values). */
export type ArithmeticOp = Exclude<BinaryOp, "||" | "&&">;

interface Meaning {
  readonly int: (a: bigint, b: bigint) => bigint | boolean;
  /** Absent for the operators floats don't have: bitwise ones, shifts and `%`. */
  readonly float: ((a: number, b: number) => number | boolean) | undefined;
}

/** A comparison means the same on integers and floats. */
function comparison(test: (a: bigint | number, b: bigint | number) => boolean): Meaning {
  return { int: test, float: test };
}

const OPERATORS: { readonly [Op in ArithmeticOp]: Meaning } = {
  "==": comparison((a, b) => a === b),
  "!=": comparison((a, b) => a !== b),
  "<": comparison((a, b) => a < b),
  "<=": comparison((a, b) => a <= b),
  ">": comparison((a, b) => a > b),
  ">=": comparison((a, b) => a >= b),
  "|": { int: (a, b) => a | b, float: undefined },
  "^": { int: (a, b) => a ^ b, float: undefined },
  "&": { int: (a, b) => a & b, float: undefined },
  "<<": { int: (a, b) => a << b, float: undefined },
  ">>": { int: (a, b) => a >> b, float: undefined },
  "+": { int: (a, b) => a + b, float: (a, b) => a + b },
  "-": { int: (a, b) => a - b, float: (a, b) => a - b },
  "*": { int: (a, b) => a * b, float: (a, b) => a * b },
  "/": { int: (a, b) => a / b, float: (a, b) => a / b },
  "%": { int: (a, b) => a % b, float: undefined },
};

export function applyIntegerOp(op: ArithmeticOp, a: bigint, b: bigint): bigint | boolean {
  return OPERATORS[op].int(a, b);
}

/** The float result, or undefined for an operator floats don't have. */
export function applyFloatOp(op: ArithmeticOp, a: number, b: number): number | boolean | undefined {
  return OPERATORS[op].float?.(a, b);
}
