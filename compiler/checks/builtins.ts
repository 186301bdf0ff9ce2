/** The built-in type names and what they mean. */
import type { FloatType, IntType } from "../model/model.js";

export type Builtin =
  | { readonly kind: "int"; readonly type: Omit<IntType, "repr"> }
  | { readonly kind: "varint" }
  | { readonly kind: "float"; readonly type: FloatType }
  | { readonly kind: "string" }
  | { readonly kind: "bytes" };

function buildTable(): Map<string, Builtin> {
  const table = new Map<string, Builtin>();
  for (const bits of [8, 16, 32, 64] as const) {
    for (const signed of [false, true]) {
      const base = `${signed ? "i" : "u"}${bits}`;
      table.set(base, { kind: "int", type: { kind: "int", bits, signed, endian: "le" } });
      if (bits === 8) continue;
      table.set(`${base}le`, { kind: "int", type: { kind: "int", bits, signed, endian: "le" } });
      table.set(`${base}be`, { kind: "int", type: { kind: "int", bits, signed, endian: "be" } });
    }
  }
  for (const bits of [32, 64] as const) {
    table.set(`f${bits}`, { kind: "float", type: { kind: "float", bits, endian: "le" } });
    table.set(`f${bits}le`, { kind: "float", type: { kind: "float", bits, endian: "le" } });
    table.set(`f${bits}be`, { kind: "float", type: { kind: "float", bits, endian: "be" } });
  }
  table.set("varint", { kind: "varint" });
  table.set("string", { kind: "string" });
  table.set("bytes", { kind: "bytes" });
  return table;
}

export const BUILTINS: ReadonlyMap<string, Builtin> = buildTable();

/** The IntType of a built-in integer name; 64-bit ones default to bigint. */
export function intType(builtin: Omit<IntType, "repr">, repr?: "number" | "bigint"): IntType {
  return { ...builtin, repr: repr ?? (builtin.bits === 64 ? "bigint" : "number") };
}

export const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
export const U64_MAX = (1n << 64n) - 1n;
