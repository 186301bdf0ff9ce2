/**
 * fast-check arbitraries for values of schema layouts: every field gets a value its wire type can carry.
 * Length and sizeof fields are left out (the encoder computes them); defaults are sometimes left out;
 * conditional fields are present exactly when their condition holds (evaluated afterwards, in order).
 */
import { prop } from "../../../compiler/emitter/plan/names.js";
import fc from "fast-check";
import type { FieldModel, IntType, LayoutItem, PrefixType, TypeModel } from "../../../compiler/model/model.js";
import { type Obj, isBig, resolveLayout, utf8 } from "./values.js";

/** Beyond this depth recursive structs get zero integers and empty arrays, which ends the recursion. */
const MAX_DEPTH = 3;
const MAX_ITEMS = 4;

function intArb(t: IntType, depth: number): fc.Arbitrary<number | bigint> {
  if (depth > MAX_DEPTH) return fc.constant(t.repr === "bigint" ? 0n : 0);
  const bits = BigInt(t.bits);
  const lo = t.signed ? -(1n << (bits - 1n)) : 0n;
  const hi = t.signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
  if (t.repr === "bigint") return fc.bigInt({ min: lo, max: hi });
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  return fc.integer({ min: Number(lo < -max ? -max : lo), max: Number(hi > max ? max : hi) });
}

function prefixMax(p: PrefixType): number {
  if (p.kind === "varint") return Number.MAX_SAFE_INTEGER;
  return Math.min(Number.MAX_SAFE_INTEGER, Number((1n << BigInt(p.signed ? p.bits - 1 : p.bits)) - 1n));
}

// Mostly short text; now and then long enough for a two-byte varint length.
const text = fc.oneof(
  { arbitrary: fc.string({ maxLength: 12 }), weight: 4 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 6 }), weight: 3 },
  { arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 120, maxLength: 180 }), weight: 1 },
);

function bytesArb(type: TypeModel & { kind: "string" | "bytes" }): fc.Arbitrary<string | Uint8Array> {
  const l = type.length;
  const noNul = l.kind === "nul" || (l.kind === "fixed" && l.pad === "nulterm");
  const room = l.kind === "fixed" ? (l.pad === "nulterm" ? l.size - 1 : l.size) : l.kind === "prefix" ? Math.min(prefixMax(l.prefix), 200) : 200;
  if (type.kind === "bytes") {
    const b = fc.oneof(
      { arbitrary: fc.uint8Array({ maxLength: Math.min(room, 24) }), weight: 5 },
      { arbitrary: fc.uint8Array({ maxLength: room }), weight: 1 },
    );
    return noNul ? b.map((x) => x.map((y) => (y === 0 ? 1 : y))) : b;
  }
  return text.map((s) => (noNul ? s.replace(/\0/g, "0") : s)).filter((s) => utf8(s).length <= room);
}

function arrayArb(type: TypeModel & { kind: "array" }, depth: number): fc.Arbitrary<unknown[]> {
  const c = type.count;
  const element = valueArb(type.element, depth);
  if (c.kind === "fixed") return fc.array(element, { minLength: c.count, maxLength: c.count });
  if (depth > MAX_DEPTH) return fc.constant([]);
  const max = c.kind === "prefix" ? Math.min(MAX_ITEMS, prefixMax(c.prefix)) : MAX_ITEMS;
  return fc.array(element, { maxLength: max });
}

export function valueArb(type: TypeModel, depth = 0): fc.Arbitrary<unknown> {
  switch (type.kind) {
    case "int":
      return intArb(type, depth);
    case "varint":
      if (depth > MAX_DEPTH) return fc.constant(type.repr === "bigint" ? 0n : 0);
      return type.repr === "bigint" ? fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }) : fc.oneof(fc.integer({ min: 0, max: 300 }), fc.maxSafeNat());
    case "float":
      return type.bits === 32 ? fc.float({ noNaN: true }) : fc.double({ noNaN: true });
    case "enum":
      return intArb(type.enum.backing, depth);
    case "flags":
      return intArb(type.flags.backing, depth);
    case "string":
    case "bytes":
      return bytesArb(type);
    case "array":
      return arrayArb(type, depth);
    case "struct":
      return fc.constant(null).chain(() => layoutArb(type.struct.items, depth + (type.struct.recursive ? 1 : 0)));
    case "prefixed":
      return valueArb(type.value, depth);
    default: {
      const never: never = type;
      throw new Error(`unknown type ${String(never)}`);
    }
  }
}

function fields(items: readonly LayoutItem[]): FieldModel[] {
  return items.filter((i): i is FieldModel => i.kind === "field");
}

/** A value for a layout. `request` (for response layouts) decides `request.x` conditions. */
export function layoutArb(items: readonly LayoutItem[], depth = 0, request?: { value: Obj; items: readonly LayoutItem[] }): fc.Arbitrary<Obj> {
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of fields(items)) {
    if (f.role.kind !== "value") continue;
    // Past the depth limit integers are zero, which keeps conditions of recursive fields false.
    if (depth > MAX_DEPTH && f.condition !== undefined) continue;
    const arb = valueArb(f.type, depth);
    parts[prop(f.name)] = f.defaultValue === undefined ? arb : fc.option(arb, { nil: undefined, freq: 3 });
  }
  return fc.record(parts, { noNullPrototype: true }).map((raw) => fixUp(items, raw, request));
}

/** Every array or byte string measured by `lengthField` inside `value` of `type` (any nesting). */
function sites(type: TypeModel, lengthField: FieldModel, value: unknown, visit: (get: () => number, set: (n: number) => void) => void, assign: (v: unknown) => void): void {
  if (value === undefined) return;
  if ((type.kind === "string" || type.kind === "bytes") && type.length.kind === "field" && type.length.field === lengthField) {
    if (typeof value === "string") {
      visit(() => utf8(value).length, (n) => assign(new TextDecoder("utf-8", { ignoreBOM: true }).decode(utf8(value).subarray(0, n)).replace(/\uFFFD/g, "")));
    } else {
      const b = value as Uint8Array;
      visit(() => b.length, (n) => assign(b.subarray(0, n)));
    }
    return;
  }
  if (type.kind === "array") {
    let arr = value as unknown[];
    if (type.count.kind === "field" && type.count.field === lengthField) visit(() => arr.length, (n) => (arr = arr.slice(0, n)));
    const copy = [...arr];
    copy.forEach((x, i) => sites(type.element, lengthField, x, visit, (v) => (copy[i] = v)));
    assign(copy);
  }
}

/**
 * Makes every array and string measured by one length field agree (the shortest wins), then drops
 * conditional fields whose condition fails.
 */
function fixUp(items: readonly LayoutItem[], raw: Obj, request?: { value: Obj; items: readonly LayoutItem[] }): Obj {
  const value: Obj = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) value[k] = v;
  for (const f of fields(items)) {
    if (f.role.kind !== "length") continue;
    // Repeat until stable: truncating a string may shorten it further (whole characters only).
    for (let round = 0; round < 4; round++) {
      let n = Infinity;
      for (const m of f.role.measures) sites(m.type, f, value[prop(m.name)], (get) => (n = Math.min(n, get())), () => {});
      if (n === Infinity) break;
      let changed = false;
      for (const m of f.role.measures) {
        sites(m.type, f, value[prop(m.name)], (get, set) => {
          if (get() !== n) {
            set(n);
            changed = true;
          }
        }, (v) => (value[prop(m.name)] = v));
      }
      if (!changed) break;
    }
  }
  const resolved = resolveLayout(items, value, request?.value, request?.items);
  for (const f of fields(items)) {
    if (f.condition !== undefined && resolved.get(f) === undefined) delete value[prop(f.name)];
  }
  return value;
}

export { isBig };
