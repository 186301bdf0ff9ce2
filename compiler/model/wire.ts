/**
 * Facts about how types sit on the wire: byte widths, the two fixed sizes, minimum widths (for allocation
 * guards), value ranges and type spellings. Pure functions of the model: the checker, the emitter and the
 * tests read them here, so each has one definition.
 */
import { assertNever } from "./assert-never.js";
import type { IntType, LayoutItem, PrefixedType, PrefixType, StructModel, TypeModel } from "./model.js";

/** Bytes of an integer or a float. */
export function byteWidth(type: { readonly bits: 8 | 16 | 32 | 64 }): number {
  return type.bits / 8;
}

/** Bytes of an integer prefix; undefined for a varint, whose width depends on its value. */
export function prefixWidth(prefix: PrefixType): number | undefined {
  return prefix.kind === "int" ? byteWidth(prefix) : undefined;
}

/**
 * Two facts about sizes that don't depend on the values, which differ for size-prefixed structs and
 * sizeof fields:
 * - constant: every encoding takes exactly this many bytes (`LayoutModel.fixedSize`, layoutConstantSize).
 *   A struct behind an integer size prefix has one (prefix plus body), and so has a layout with sizeof
 *   fields: a request with a constant size knows its packet size without looking at its values.
 * - run: the bytes also sit at constant offsets with nothing to compute or verify between them, so
 *   generated code reads and writes them as one fixed run (fixedWidth, structFixedWidth). A size prefix is
 *   computed when encoding and checked when decoding, and so is a sizeof field: neither is a plain run.
 * Both are memoized per struct: ask only once every struct has its items (the checker's whole-program
 * pass, or later).
 */
type SizeFact = "constant" | "run";

/** The byte width of a type whose every value takes the same bytes in a plain fixed run; otherwise undefined. */
export function fixedWidth(type: TypeModel): number | undefined {
  return typeSize(type, "run");
}

/** A struct's width as a plain fixed run (recursion-safe: a struct that reaches itself is variable). */
export function structFixedWidth(struct: StructModel): number | undefined {
  return structSize(struct, "run");
}

/** The bytes every encoding of the layout takes, when that is constant: `LayoutModel.fixedSize`. */
export function layoutConstantSize(layout: { readonly items: readonly LayoutItem[] }): number | undefined {
  return itemsSize(layout.items, "constant");
}

function typeSize(type: TypeModel, fact: SizeFact): number | undefined {
  switch (type.kind) {
    case "int":
    case "float":
      return byteWidth(type);
    case "enum":
      return byteWidth(type.enum.backing);
    case "flags":
      return byteWidth(type.flags.backing);
    case "varint":
      return undefined;
    case "string":
    case "bytes":
      return type.length.kind === "fixed" ? type.length.size : undefined;
    case "array": {
      if (type.count.kind !== "fixed") return undefined;
      const w = typeSize(type.element, fact);
      return w === undefined ? undefined : w * type.count.count;
    }
    case "struct": {
      if (type.sizePrefix === undefined) return structSize(type.struct, fact);
      const prefix = fact === "run" ? undefined : prefixWidth(type.sizePrefix);
      if (prefix === undefined) return undefined;
      const body = structSize(type.struct, fact);
      return body === undefined ? undefined : prefix + body;
    }
    case "prefixed":
      // Its prefix is a constant: written as such, and checked in place when decoding (as a `Z` field's NUL).
      return prefixedWidth(type);
    default:
      return assertNever(type);
  }
}

/** Per fact, each struct's size once known; null while it is being computed, or when it has none. */
const structSizes: { readonly [F in SizeFact]: WeakMap<StructModel, number | null> } = { constant: new WeakMap(), run: new WeakMap() };

function structSize(struct: StructModel, fact: SizeFact): number | undefined {
  const memo = structSizes[fact];
  const known = memo.get(struct);
  if (known !== undefined) return known ?? undefined;
  memo.set(struct, null); // a struct reaching itself is variable on that path
  const size = itemsSize(struct.items, fact);
  memo.set(struct, size ?? null);
  return size;
}

function itemsSize(items: readonly LayoutItem[], fact: SizeFact): number | undefined {
  let size = 0;
  for (const item of items) {
    if (item.kind === "pad") {
      size += item.size;
      continue;
    }
    if (item.condition !== undefined) return undefined;
    // A sizeof field makes the decoder verify a bound: its target is not part of a plain run.
    if (fact === "run" && item.role.kind === "sizeof") return undefined;
    const w = typeSize(item.type, fact);
    if (w === undefined) return undefined;
    size += w;
  }
  return size;
}

const minMemo = new WeakMap<StructModel, number>();

/** The fewest bytes any value of the type occupies. */
export function minWidth(type: TypeModel): number {
  switch (type.kind) {
    case "int":
    case "float":
      return byteWidth(type);
    case "enum":
      return byteWidth(type.enum.backing);
    case "flags":
      return byteWidth(type.flags.backing);
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
      const size = layoutMinWidth(type.struct);
      minMemo.set(type.struct, size);
      return size;
    }
    case "prefixed":
      return prefixedWidth(type);
    default:
      return assertNever(type);
  }
}

/** The fewest bytes any encoding of the layout occupies (conditional fields may be absent). */
export function layoutMinWidth(layout: { readonly items: readonly LayoutItem[] }): number {
  let size = 0;
  for (const item of layout.items) {
    if (item.kind === "pad") size += item.size;
    else if (item.condition === undefined) size += minWidth(item.type);
  }
  return size;
}

/** The value's own bytes inside a prefixed field (`u32<varint>`: 4). */
export function prefixedValueWidth(type: PrefixedType): number {
  const v = type.value;
  return v.kind === "enum" ? byteWidth(v.enum.backing) : v.kind === "flags" ? byteWidth(v.flags.backing) : byteWidth(v);
}

/**
 * The bytes of a prefixed field's prefix, which always holds the value's width: a varint of a width below
 * 128 is that one byte (Tarantool and Perl write it so; a longer form of the same number is refused).
 */
export function prefixedPrefixBytes(type: PrefixedType): number[] {
  const w = prefixedValueWidth(type);
  const p = type.prefix;
  if (p.kind === "varint") return [w];
  const bytes = Array.from({ length: byteWidth(p) }, (_, i) => (i === 0 ? w : 0));
  return p.endian === "le" || p.bits === 8 ? bytes : bytes.reverse();
}

/** Every byte of a prefixed field: its prefix (a varint of a width below 128 is one byte) and its value. */
export function prefixedWidth(type: PrefixedType): number {
  return (prefixWidth(type.prefix) ?? 1) + prefixedValueWidth(type);
}

/** Inclusive value range of an integer type, as bigints. */
export function intRange(type: Pick<IntType, "bits" | "signed">): { readonly lo: bigint; readonly hi: bigint } {
  const bits = BigInt(type.bits);
  return type.signed
    ? { lo: -(1n << (bits - 1n)), hi: (1n << (bits - 1n)) - 1n }
    : { lo: 0n, hi: (1n << bits) - 1n };
}

/** The schema spelling of an integer type: `u32`, `i16be`. */
export function intTypeName(type: Pick<IntType, "bits" | "signed" | "endian">): string {
  return `${type.signed ? "i" : "u"}${type.bits}${type.bits > 8 && type.endian === "be" ? "be" : ""}`;
}

export function prefixTypeName(prefix: PrefixType): string {
  return prefix.kind === "varint" ? "varint" : intTypeName(prefix);
}
