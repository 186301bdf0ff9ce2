/**
 * Equality of two expressions of the resolved model. Constants are already folded, so `LIMIT` and its
 * value compare equal; fields compare through the pairing, so a renamed field is the same field.
 */
import type * as M from "../model/model.js";
import type { Pairing } from "./context.js";

export function sameExpr(a: M.ExprModel, b: M.ExprModel, pairing: Pairing, request: Pairing | undefined): boolean {
  switch (a.kind) {
    case "int":
      return b.kind === "int" && a.value === b.value;
    case "bool":
      return b.kind === "bool" && a.value === b.value;
    case "string":
      return b.kind === "string" && a.value === b.value;
    case "field":
      return b.kind === "field" && pairing.get(a.field) === b.field;
    case "requestField":
      return b.kind === "requestField" && request?.get(a.field) === b.field;
    case "unary":
      return b.kind === "unary" && a.op === b.op && sameExpr(a.operand, b.operand, pairing, request);
    case "binary":
      return (
        b.kind === "binary" &&
        a.op === b.op &&
        sameExpr(a.left, b.left, pairing, request) &&
        sameExpr(a.right, b.right, pairing, request)
      );
  }
}

/** Both absent, or both present and equal. */
export function sameOptionalExpr(
  a: M.ExprModel | undefined,
  b: M.ExprModel | undefined,
  pairing: Pairing,
  request: Pairing | undefined,
): boolean {
  if (a === undefined || b === undefined) return a === b;
  return sameExpr(a, b, pairing, request);
}
