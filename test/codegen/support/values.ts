/**
 * Test-side view of values: resolving fields the way the schema defines them (defaults, lengths from the
 * data), evaluating conditions with the reference evaluator, and normalizing values to what a decoder
 * must return. Written independently of the emitter: this is the oracle's half.
 */
import type { FieldModel, LayoutItem, TypeModel } from "../../../compiler/model/model.js";
import { type Value, evaluate, isTrue } from "../../../compiler/emitter/expr-eval.js";

export type Obj = Record<string, unknown>;

const encoder = new TextEncoder();

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

export function isBig(type: TypeModel): boolean {
  const t = type.kind === "enum" ? type.enum.backing : type.kind === "flags" ? type.flags.backing : type;
  return (t.kind === "int" || t.kind === "varint") && t.repr === "bigint";
}

/** A schema constant in the field's JS representation. */
export function constValue(v: bigint | boolean | string, type: TypeModel): unknown {
  if (typeof v === "string") return type.kind === "bytes" ? utf8(v) : v;
  if (typeof v === "boolean") return v ? 1 : 0;
  return isBig(type) ? v : Number(v);
}

/** The count or byte length `value` gives to `lengthField` (first measuring site). */
export function measure(type: TypeModel, lengthField: FieldModel, value: unknown): number | undefined {
  if ((type.kind === "string" || type.kind === "bytes") && type.length.kind === "field" && type.length.field === lengthField) {
    return typeof value === "string" ? utf8(value).length : (value as Uint8Array).length;
  }
  if (type.kind === "array") {
    const arr = value as unknown[];
    if (type.count.kind === "field" && type.count.field === lengthField) return arr.length;
    if (arr.length > 0) return measure(type.element, lengthField, arr[0]);
    return 0;
  }
  return undefined;
}

/** Value for the reference evaluator. */
export function exprValue(type: TypeModel, v: unknown): Value {
  if (v === undefined) return 0n;
  if (typeof v === "bigint" || typeof v === "string") return v;
  if (type.kind === "float") return v as number;
  return BigInt(v as number);
}

/**
 * Resolves the fields of one layout in order: given values, defaults, lengths measured from the data.
 * Conditional fields whose condition fails resolve to undefined. `sizes` gives sizeof values when known.
 */
export function resolveLayout(items: readonly LayoutItem[], value: Obj, request: Obj | undefined, requestItems: readonly LayoutItem[] = []): Map<FieldModel, unknown> {
  const out = new Map<FieldModel, unknown>();
  const reqFields = new Map<FieldModel, unknown>(request === undefined ? [] : resolveLayout(requestItems, request, undefined));
  const lookup = (f: FieldModel, fromRequest: boolean): Value => {
    const v = fromRequest ? reqFields.get(f) : out.get(f);
    return exprValue(f.type, v);
  };
  for (const item of items) {
    if (item.kind === "pad") continue;
    if (item.condition !== undefined && !isTrue(evaluate(item.condition, lookup))) {
      out.set(item, undefined);
      continue;
    }
    let v = value[item.name];
    if (v === undefined && item.defaultValue !== undefined) v = constValue(item.defaultValue, item.type);
    out.set(item, v);
  }
  // Lengths are measured from data that comes later, so resolve them in a second pass.
  for (const item of items) {
    if (item.kind !== "field" || item.role.kind !== "length" || out.get(item) !== undefined) continue;
    if (item.condition !== undefined && !isTrue(evaluate(item.condition, lookup))) continue;
    let n = 0;
    for (const m of item.role.measures) {
      const mv = out.get(m);
      if (mv !== undefined) {
        n = measure(m.type, item, mv) ?? 0;
        break;
      }
    }
    out.set(item, isBig(item.type) ? BigInt(n) : n);
  }
  return out;
}
