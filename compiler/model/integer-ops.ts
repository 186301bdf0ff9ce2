/**
 * The integer meaning of the binary operators, shared by constant folding (checks) and the reference
 * evaluator the emitter and the tests use. What differs between them — division by zero and shift counts
 * out of range are errors when folding constants, but 0 and a clamped count at run time — callers settle
 * before calling.
 */
import type { BinaryOp } from "./model.js";

export type IntegerOp = Exclude<BinaryOp, "||" | "&&">;

export function applyIntegerOp(op: IntegerOp, a: bigint, b: bigint): bigint | boolean {
  switch (op) {
    case "==": return a === b;
    case "!=": return a !== b;
    case "<": return a < b;
    case "<=": return a <= b;
    case ">": return a > b;
    case ">=": return a >= b;
    case "|": return a | b;
    case "^": return a ^ b;
    case "&": return a & b;
    case "<<": return a << b;
    case ">>": return a >> b;
    case "+": return a + b;
    case "-": return a - b;
    case "*": return a * b;
    case "/": return a / b;
    case "%": return a % b;
  }
}
