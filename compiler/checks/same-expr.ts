/** Structural equality of resolved expressions (spans ignored; fields compared by identity). */
import type * as M from "../model/model.js";

export function sameExpr(a: M.ExprModel, b: M.ExprModel): boolean {
  switch (a.kind) {
    case "int":
    case "bool":
    case "string":
      return b.kind === a.kind && b.value === a.value;
    case "field":
    case "requestField":
      return b.kind === a.kind && b.field === a.field;
    case "unary":
      return b.kind === "unary" && b.op === a.op && sameExpr(a.operand, b.operand);
    case "binary":
      return b.kind === "binary" && b.op === a.op && sameExpr(a.left, b.left) && sameExpr(a.right, b.right);
  }
}
