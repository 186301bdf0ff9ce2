/**
 * The values a server writes into envelope fields it does not get from a ServerError: a field's default,
 * else its type's zero value. A success reply writes every unconditional field of the envelope this way
 * and an error reply every field of its error block but `message`. The checker rejects envelopes these
 * values don't work for (E0705, E0706) and the emitter writes the same values, so both use this module.
 */
import { evaluate, isTrue, type Value } from "../emitter/expr-eval.js";
import type * as M from "../model/model.js";

/** The zero value of a type, or undefined for a struct or an array (no value of theirs can be spelled). */
export function zeroValue(type: M.TypeModel): Value | undefined {
  switch (type.kind) {
    case "string":
    case "bytes":
      return "";
    case "float":
      return 0;
    case "int":
    case "varint":
    case "enum":
    case "flags":
      return 0n;
    default:
      return undefined;
  }
}

/** What a reply the server writes puts in the field: its default, else its zero value. */
export function writtenValue(field: M.FieldModel): Value | undefined {
  return field.defaultValue ?? zeroValue(field.type);
}

/** Fields the server fills with writtenValue: unconditional ones that are neither lengths nor sizes. */
export function isWrittenByServer(item: M.LayoutItem): item is M.FieldModel {
  return item.kind === "field" && item.role.kind === "value" && item.condition === undefined;
}

/**
 * Whether an envelope's `error if` holds for a success reply whose written fields have `values`, by the
 * reference evaluator. Other fields count as 0, as a decoder sees an absent conditional field; lengths and
 * sizes too, which is exact only when what they measure is empty.
 */
export function holdsOnSuccess(condition: M.ExprModel, values: ReadonlyMap<M.FieldModel, Value>): boolean {
  return isTrue(evaluate(condition, (field) => values.get(field) ?? 0n));
}
