/** A resolved expression as schema source, with just the parentheses its precedence needs. */
import { BINARY_PRECEDENCE, UNARY_PRECEDENCE } from "../ast/operators.js";
import type { ExprModel } from "./model.js";

/** Constants appear folded (`BoxFlags.RETURN_TUPLE` prints as `1`). */
export function exprText(e: ExprModel, outer = 0): string {
  switch (e.kind) {
    case "int":
      return outer === UNARY_PRECEDENCE && e.value < 0n ? `(${e.value})` : e.value.toString();
    case "bool":
      return String(e.value);
    case "string":
      return JSON.stringify(e.value);
    case "field":
      return e.field.name;
    case "requestField":
      return `request.${e.field.name}`;
    case "unary":
      return `${e.op}${exprText(e.operand, UNARY_PRECEDENCE)}`;
    case "binary": {
      const p = BINARY_PRECEDENCE[e.op];
      const text = `${exprText(e.left, p)} ${e.op} ${exprText(e.right, p + 1)}`;
      return p < outer ? `(${text})` : text;
    }
  }
}
