/**
 * Facts about how types sit on the wire: fixed widths, minimum widths (for allocation guards), value
 * ranges and the equivalent Perl pack() template. Pure functions of the model.
 */
import type { IntType, LayoutModel, PrefixType, StructModel, TypeModel } from "../model/model.js";

/** The byte width of a type whose every value takes the same number of bytes; otherwise undefined. */
export function fixedWidth(type: TypeModel): number | undefined {
  switch (type.kind) {
    case "int":
      return type.bits / 8;
    case "float":
      return type.bits / 8;
    case "varint":
      return undefined;
    case "string":
    case "bytes":
      return type.length.kind === "fixed" ? type.length.size : undefined;
    case "array": {
      if (type.count.kind !== "fixed") return undefined;
      const w = fixedWidth(type.element);
      return w === undefined ? undefined : w * type.count.count;
    }
    case "struct":
      return type.sizePrefix === undefined ? structFixedSize(type.struct) : undefined;
    case "enum":
      return type.enum.backing.bits / 8;
    case "flags":
      return type.flags.backing.bits / 8;
    default:
      return assertNever(type);
  }
}

const fixedMemo = new WeakMap<StructModel, number | null>();

/** A struct's fixed size, computed from its items (recursion-safe: a struct that reaches itself is variable). */
export function structFixedSize(struct: StructModel): number | undefined {
  const known = fixedMemo.get(struct);
  if (known !== undefined) return known ?? undefined;
  fixedMemo.set(struct, null);
  const size = layoutFixedSize(struct);
  fixedMemo.set(struct, size ?? null);
  return size;
}

export function layoutFixedSize(layout: LayoutModel): number | undefined {
  let size = 0;
  for (const item of layout.items) {
    if (item.kind === "pad") {
      size += item.size;
      continue;
    }
    // A sizeof field makes the decoder verify a bound: not a plain fixed run.
    if (item.condition !== undefined || item.role.kind === "sizeof") return undefined;
    const w = fixedWidth(item.type);
    if (w === undefined) return undefined;
    size += w;
  }
  return size;
}

export function prefixWidth(prefix: PrefixType): number | undefined {
  return prefix.kind === "int" ? prefix.bits / 8 : undefined;
}

const minMemo = new WeakMap<StructModel, number>();

/** The fewest bytes any value of the type occupies. */
export function minWidth(type: TypeModel): number {
  switch (type.kind) {
    case "int":
    case "float":
    case "enum":
    case "flags":
      return fixedWidth(type)!;
    case "varint":
      return 1;
    case "string":
    case "bytes":
      switch (type.length.kind) {
        case "fixed":
          return type.length.size;
        case "prefix":
          return prefixWidth(type.length.prefix) ?? 1;
        case "nul":
          return 1;
        case "field":
        case "rest":
          return 0;
        default:
          return assertNever(type.length);
      }
    case "array":
      switch (type.count.kind) {
        case "fixed":
          return type.count.count * minWidth(type.element);
        case "prefix":
          return prefixWidth(type.count.prefix) ?? 1;
        case "field":
        case "rest":
          return 0;
        default:
          return assertNever(type.count);
      }
    case "struct": {
      if (type.sizePrefix !== undefined) return prefixWidth(type.sizePrefix) ?? 1;
      const known = minMemo.get(type.struct);
      if (known !== undefined) return known;
      minMemo.set(type.struct, 0); // a struct reaching itself adds nothing on that path
      let size = 0;
      for (const item of type.struct.items) {
        if (item.kind === "pad") size += item.size;
        else if (item.condition === undefined) size += minWidth(item.type);
      }
      minMemo.set(type.struct, size);
      return size;
    }
    default:
      return assertNever(type);
  }
}

/** Inclusive value range of an integer type, as bigints. */
export function intRange(type: IntType): { lo: bigint; hi: bigint } {
  const bits = BigInt(type.bits);
  return type.signed
    ? { lo: -(1n << (bits - 1n)), hi: (1n << (bits - 1n)) - 1n }
    : { lo: 0n, hi: (1n << bits) - 1n };
}

/** The schema spelling of an integer type: `u32`, `i16be`. */
export function intTypeName(type: IntType): string {
  return `${type.signed ? "i" : "u"}${type.bits}${type.bits > 8 && type.endian === "be" ? "be" : ""}`;
}

export function prefixTypeName(prefix: PrefixType): string {
  return prefix.kind === "varint" ? "varint" : intTypeName(prefix);
}

/** Perl pack letter of an integer, float or varint. */
export function perlLetter(type: IntType | { kind: "varint" } | { kind: "float"; bits: 32 | 64; endian: "le" | "be" }): string {
  if (type.kind === "varint") return "w";
  if (type.kind === "float") return `${type.bits === 32 ? "f" : "d"}${type.endian === "le" ? "<" : ">"}`;
  if (type.bits === 8) return type.signed ? "c" : "C";
  if (!type.signed && type.bits === 16) return type.endian === "le" ? "v" : "n";
  if (!type.signed && type.bits === 32) return type.endian === "le" ? "V" : "N";
  const letter = { 16: "s", 32: "l", 64: "q" }[type.bits];
  return `${type.signed ? letter : letter.toUpperCase()}${type.endian === "le" ? "<" : ">"}`;
}

/** The Perl pack() template of a type, as MR::IProto code would write it. */
export function perlTemplate(type: TypeModel, seen: Set<StructModel> = new Set()): string {
  switch (type.kind) {
    case "int":
    case "float":
    case "varint":
      return perlLetter(type);
    case "enum":
      return perlLetter(type.enum.backing);
    case "flags":
      return perlLetter(type.flags.backing);
    case "string":
    case "bytes": {
      const l = type.length;
      switch (l.kind) {
        case "fixed":
          return `${l.pad === "space" ? "A" : l.pad === "nulterm" ? "Z" : "a"}${l.size}`;
        case "prefix":
          return `${perlLetter(l.prefix)}/a*`;
        case "nul":
          return "Z*";
        case "rest":
          return "a*";
        case "field":
          return `a(${l.field.name})`;
        default:
          return assertNever(l);
      }
    }
    case "array": {
      const inner = perlTemplate(type.element, seen);
      const group = /^[A-Za-z][<>]?$/.test(inner) ? inner : `(${inner})`;
      const c = type.count;
      switch (c.kind) {
        case "fixed":
          return `${group}${c.count}`;
        case "prefix":
          return `${perlLetter(c.prefix)}/${group}*`;
        case "rest":
          return `${group}*`;
        case "field":
          return `${group}(${c.field.name})`;
        default:
          return assertNever(c);
      }
    }
    case "struct": {
      const inner = structTemplate(type.struct, seen);
      return type.sizePrefix === undefined ? inner : `${perlLetter(type.sizePrefix)}/a* of ${inner}`;
    }
    default:
      return assertNever(type);
  }
}

function structTemplate(struct: StructModel, seen: Set<StructModel>): string {
  if (seen.has(struct)) return `(${struct.name}…)`;
  seen.add(struct);
  const parts = struct.items.map((item) =>
    item.kind === "pad" ? `x${item.size}` : item.type.kind === "struct" && item.type.sizePrefix === undefined
      ? structTemplate(item.type.struct, seen)
      : perlTemplate(item.type, seen),
  );
  seen.delete(struct);
  return `(${parts.join(" ")})`;
}

export function assertNever(x: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(x, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))}`);
}
