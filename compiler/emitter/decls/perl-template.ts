/** The Perl pack() template equivalent to a type, as MR::IProto code would write it (for the generated TSDoc). */
import { assertNever } from "../../model/assert-never.js";
import type { IntType, StructModel, TypeModel } from "../../model/model.js";

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

/** The Perl pack() template of a type. */
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
    case "prefixed":
      return `${perlLetter(type.prefix)}/a* of ${perlTemplate(type.value, seen)}`;
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

