/**
 * What a decoder must return for a value that was encoded: defaults filled in, lengths and sizes present,
 * padding semantics of fixed strings applied (a: padded with NULs; A: trailing whitespace and NULs
 * stripped; Z: cut at the first NUL), and every Uint8Array turned into a plain array for comparison.
 */
import { prop } from "../../../compiler/emitter/plan/names.js";
import type { LayoutItem, TypeModel } from "../../../compiler/model/model.js";
import { type Obj, resolveLayout, utf8 } from "./values.js";

// A leading U+FEFF is text like any other (Perl keeps it, and so does generated code): not a BOM to drop.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

function fixedBytes(b: Uint8Array, size: number, pad: "nul" | "space" | "nulterm"): Uint8Array {
  if (pad === "nul") {
    const out = new Uint8Array(size);
    out.set(b);
    return out;
  }
  if (pad === "nulterm") {
    const z = b.indexOf(0);
    return z < 0 ? b : b.subarray(0, z);
  }
  let end = b.length;
  while (end > 0 && (b[end - 1] === 0 || b[end - 1] === 0x20 || (b[end - 1]! >= 0x09 && b[end - 1]! <= 0x0d))) end--;
  return b.subarray(0, end);
}

export function expectedValue(type: TypeModel, v: unknown, decoded?: unknown): unknown {
  switch (type.kind) {
    case "string":
    case "bytes": {
      let b = typeof v === "string" ? utf8(v) : (v as Uint8Array);
      if (type.length.kind === "fixed") b = fixedBytes(b, type.length.size, type.length.pad);
      return type.kind === "string" ? decoder.decode(b) : [...b];
    }
    case "array":
      return (v as unknown[]).map((x, i) => expectedValue(type.element, x, Array.isArray(decoded) ? (decoded as unknown[])[i] : undefined));
    case "struct":
      return expectedLayout(type.struct.items, v as Obj, undefined, [], decoded as Obj | undefined);
    case "float":
      return type.bits === 32 ? Math.fround(v as number) : v;
    default:
      return v;
  }
}

/** `sizes` supplies sizeof fields (taken from the decoded value: their bytes were checked against Perl). */
export function expectedLayout(items: readonly LayoutItem[], value: Obj, request?: Obj, requestItems: readonly LayoutItem[] = [], decoded?: Obj): Obj {
  const resolved = resolveLayout(items, value, request, requestItems);
  const out: Obj = {};
  for (const item of items) {
    if (item.kind === "pad") continue;
    const v = resolved.get(item);
    if (item.role.kind === "sizeof" && v === undefined) out[prop(item.name)] = decoded?.[prop(item.name)] ?? "(sizeof)";
    else out[prop(item.name)] = v === undefined ? undefined : expectedValue(item.type, v, decoded?.[prop(item.name)]);
  }
  return out;
}

/** Deep copy with Uint8Arrays (and Buffers) as plain arrays, for toEqual. */
export function plain(v: unknown): unknown {
  if (v instanceof Uint8Array) return [...v];
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === "object") {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) out[k] = plain(x);
    return out;
  }
  return v;
}
