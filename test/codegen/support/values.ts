/**
 * Test-side view of values: resolving fields the way the schema defines them (defaults, lengths from the
 * data), evaluating conditions with the reference evaluator, and normalizing values to what a decoder
 * must return. Written independently of the emitter: this is the oracle's half.
 */
import { prop } from "../../../compiler/emitter/plan/names.js";
import type { FieldModel, LayoutItem, TypeModel } from "../../../compiler/model/model.js";
import { type Value, evaluate, isTrue } from "../../../compiler/model/expr-eval.js";

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
 * Resolves the fields of one layout: given values, defaults, lengths measured from the data, sizes of
 * sizeof targets; conditional fields whose condition fails resolve to undefined (conditions in order,
 * computing lengths and sizes on demand when a condition reads them).
 */
export function resolveLayout(items: readonly LayoutItem[], value: Obj, request: Obj | undefined, requestItems: readonly LayoutItem[] = []): Map<FieldModel, unknown> {
  const out = new Map<FieldModel, unknown>();
  const reqFields = new Map<FieldModel, unknown>(request === undefined ? [] : resolveLayout(requestItems, request, undefined));
  const fields = items.filter((i): i is FieldModel => i.kind === "field");
  for (const f of fields) {
    let v = value[prop(f.name)];
    if (v === undefined && f.defaultValue !== undefined) v = constValue(f.defaultValue, f.type);
    out.set(f, v);
  }
  const computed = (f: FieldModel): unknown => {
    const given = out.get(f);
    if (given !== undefined || f.role.kind === "value") return given;
    let n = 0;
    if (f.role.kind === "length") {
      for (const m of f.role.measures) {
        const mv = out.get(m);
        if (mv !== undefined) {
          n = measure(m.type, f, mv) ?? 0;
          break;
        }
      }
    } else {
      const target = out.get(f.role.target);
      n = target === undefined ? 0 : byteSize(f.role.target.type, target);
    }
    return isBig(f.type) ? BigInt(n) : n;
  };
  const lookup = (f: FieldModel, fromRequest: boolean): Value => exprValue(f.type, fromRequest ? reqFields.get(f) : computed(f));
  for (const f of fields) {
    if (f.condition !== undefined && !isTrue(evaluate(f.condition, lookup))) out.set(f, undefined);
  }
  for (const f of fields) {
    if (f.role.kind !== "value" && (f.condition === undefined || isTrue(evaluate(f.condition, lookup)))) out.set(f, computed(f));
  }
  return out;
}

function varintSize(v: bigint): number {
  let n = 1;
  while (v >= 128n) {
    v >>= 7n;
    n++;
  }
  return n;
}

/** Encoded size of a value, computed independently of the generated code. */
export function byteSize(type: TypeModel, v: unknown): number {
  switch (type.kind) {
    case "int":
    case "float":
      return type.bits / 8;
    case "enum":
      return type.enum.backing.bits / 8;
    case "flags":
      return type.flags.backing.bits / 8;
    case "varint":
      return varintSize(BigInt(v as number | bigint));
    case "string":
    case "bytes": {
      const n = typeof v === "string" ? utf8(v).length : (v as Uint8Array).length;
      const l = type.length;
      if (l.kind === "fixed") return l.size;
      if (l.kind === "prefix") return (l.prefix.kind === "varint" ? varintSize(BigInt(n)) : l.prefix.bits / 8) + n;
      return l.kind === "nul" ? n + 1 : n;
    }
    case "array": {
      const arr = v as unknown[];
      const c = type.count;
      const prefix = c.kind !== "prefix" ? 0 : c.prefix.kind === "varint" ? varintSize(BigInt(arr.length)) : c.prefix.bits / 8;
      return prefix + arr.reduce<number>((sum, x) => sum + byteSize(type.element, x), 0);
    }
    case "struct": {
      const obj = v as Obj;
      const resolved = resolveLayout(type.struct.items, obj, undefined);
      let n = 0;
      for (const item of type.struct.items) {
        if (item.kind === "pad") n += item.size;
        else if (resolved.get(item) !== undefined) n += byteSize(item.type, resolved.get(item));
      }
      const p = type.sizePrefix;
      return p === undefined ? n : (p.kind === "varint" ? varintSize(BigInt(n)) : p.bits / 8) + n;
    }
    case "prefixed": {
      const n = byteSize(type.value, v);
      return (type.prefix.kind === "varint" ? varintSize(BigInt(n)) : type.prefix.bits / 8) + n;
    }
    default: {
      const never: never = type;
      throw new Error(String(never));
    }
  }
}
