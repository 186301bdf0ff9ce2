/** Which fields expressions refer to, and the dependencies between fields that follow from that. */
import type { ExprModel, FieldModel, LayoutItem } from "./model.js";

export function exprFields(expr: ExprModel | undefined, fromRequest: boolean, out: Set<FieldModel> = new Set()): Set<FieldModel> {
  if (expr === undefined) return out;
  switch (expr.kind) {
    case "field":
      if (!fromRequest) out.add(expr.field);
      break;
    case "requestField":
      if (fromRequest) out.add(expr.field);
      break;
    case "unary":
      exprFields(expr.operand, fromRequest, out);
      break;
    case "binary":
      exprFields(expr.left, fromRequest, out);
      exprFields(expr.right, fromRequest, out);
      break;
    case "int":
    case "bool":
    case "string":
      break;
    default: {
      const never: never = expr;
      return never;
    }
  }
  return out;
}

/** Fields of the layout that its own conditions read. */
export function fieldsInConditions(items: readonly LayoutItem[]): Set<FieldModel> {
  const out = new Set<FieldModel>();
  for (const item of items) if (item.kind === "field") exprFields(item.condition, false, out);
  return out;
}

/** Request fields a response layout's conditions (or a retry_when) read. */
export function requestFieldsIn(items: readonly LayoutItem[], extra: readonly (ExprModel | undefined)[] = []): Set<FieldModel> {
  const out = new Set<FieldModel>();
  for (const item of items) if (item.kind === "field") exprFields(item.condition, true, out);
  for (const e of extra) exprFields(e, true, out);
  return out;
}

/**
 * Whether the condition of a sizeof field's target reads the sizeof field itself (`s = sizeof(t); t if
 * s > 0`): an encoder then takes the target as given instead of testing its condition first.
 */
export function sizesItself(sizeField: FieldModel, target: FieldModel): boolean {
  return target.condition !== undefined && exprFields(target.condition, false).has(sizeField);
}
