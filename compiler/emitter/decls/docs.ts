/**
 * TSDoc text: schema doc comments carried over, plus a description of each field's wire layout (offset
 * where fixed, width, byte order, prefix, Perl template) so generated types document the bytes.
 */
import { assertNever } from "../../model/assert-never.js";
import { exprText } from "../../model/expr-text.js";
import type { FieldModel, LayoutItem, TypeModel } from "../../model/model.js";
import { byteWidth, fixedWidth, intTypeName, prefixedValueWidth, prefixTypeName } from "../../model/wire.js";
import { perlTemplate } from "./perl-template.js";

/** Joins paragraphs into a TSDoc description (undefined when empty); `*\/` cannot end the comment early. */
export function docText(...paragraphs: (string | undefined)[]): string | undefined {
  const parts = paragraphs.filter((p): p is string => p !== undefined && p.trim() !== "").map((p) => p.trim().replace(/\*\//g, "*\\/"));
  return parts.length === 0 ? undefined : parts.join("\n\n");
}

export function docs(...paragraphs: (string | undefined)[]): { description: string }[] {
  const text = docText(...paragraphs);
  return text === undefined ? [] : [{ description: text }];
}

function endian(e: "le" | "be"): string {
  return e === "le" ? "little-endian" : "big-endian";
}

function bytes(n: number): string {
  return n === 1 ? "1 byte" : `${n} bytes`;
}

/** A short description of a type's encoding. */
export function describeType(type: TypeModel): string {
  switch (type.kind) {
    case "int":
      return `${intTypeName(type)}, ${bytes(byteWidth(type))}${type.bits > 8 ? `, ${endian(type.endian)}` : ""}${type.bits === 64 ? (type.repr === "bigint" ? " (bigint)" : " (number, range-checked to ±2^53−1)") : ""}`;
    case "float":
      return `f${type.bits}, ${bytes(byteWidth(type))}, ${endian(type.endian)} IEEE 754`;
    case "varint":
      return `varint (BER, 1–10 bytes${type.repr === "bigint" ? ", bigint" : ", up to 2^53−1"})`;
    case "enum":
      return `enum ${type.enum.name} as ${describeType(type.enum.backing)}`;
    case "flags":
      return `flags ${type.flags.name} as ${describeType(type.flags.backing)}`;
    case "string":
    case "bytes": {
      const what = type.kind === "string" ? "UTF-8 text" : "bytes (decoded as a zero-copy view into the packet)";
      const l = type.length;
      switch (l.kind) {
        case "fixed":
          return `${what} in exactly ${bytes(l.size)}, ${
            l.pad === "nul" ? "NUL-padded, decoded with every byte kept" : l.pad === "space" ? "space-padded, trailing spaces, whitespace and NULs stripped on decode" : `NUL-padded and NUL-terminated (at most ${l.size - 1} bytes of content)`
          }`;
        case "prefix":
          return `${what} behind a ${prefixTypeName(l.prefix)}${l.prefix.kind === "int" && l.prefix.bits > 8 ? ` ${endian(l.prefix.endian)}` : ""} byte-length prefix`;
        case "field":
          return `${what}, as many bytes as the field \`${l.field.name}\` says`;
        case "rest":
          return `${what} up to the end of the body`;
        case "nul":
          return `${what} followed by one NUL byte`;
        default:
          return assertNever(l);
      }
    }
    case "array": {
      const c = type.count;
      const count =
        c.kind === "fixed" ? `exactly ${c.count}` : c.kind === "prefix" ? `a ${prefixTypeName(c.prefix)} count prefix, then` : c.kind === "field" ? `as many as the field \`${c.field.name}\` says of` : "repeated to the end of the body:";
      return `array: ${count} ${describeType(type.element)} items`.replace("  ", " ");
    }
    case "struct": {
      const w = fixedWidth({ ...type, sizePrefix: undefined });
      const s = `struct ${type.struct.name}${w !== undefined ? ` (${bytes(w)})` : ""}`;
      return type.sizePrefix === undefined ? s : `${s} behind a ${prefixTypeName(type.sizePrefix)} byte-size prefix, decoded within it`;
    }
    case "prefixed":
      return `${describeType(type.value)} behind a ${prefixTypeName(type.prefix)} length prefix that holds its width (${prefixedValueWidth(type)})`;
    default:
      return assertNever(type);
  }
}


/** Offsets of the items that sit at a fixed position from the start of the layout. */
export function fixedOffsets(items: readonly LayoutItem[]): Map<FieldModel, number> {
  const out = new Map<FieldModel, number>();
  let off: number | undefined = 0;
  for (const item of items) {
    if (off === undefined) break;
    if (item.kind === "pad") {
      off += item.size;
      continue;
    }
    out.set(item, off);
    const w = item.condition === undefined ? fixedWidth(item.type) : undefined;
    off = w === undefined ? undefined : off + w;
  }
  return out;
}

/** The "Wire:" paragraph of a field's TSDoc. */
export function wireDoc(field: FieldModel, offset: number | undefined, where: string): string {
  const parts = [
    `Wire: ${offset !== undefined ? `offset ${offset} ${where}` : "variable offset"}; ${describeType(field.type)}; Perl \`${perlTemplate(field.type)}\`.`,
  ];
  if (field.condition !== undefined) parts.push(`Present only when \`${exprText(field.condition)}\`.`);
  if (field.role.kind === "length") parts.push(`Computed from ${field.role.measures.map((m) => `\`${m.name}\``).join(", ")} when omitted.`);
  if (field.role.kind === "sizeof") parts.push(`The byte size of \`${field.role.target.name}\`; computed when omitted.`);
  if (field.defaultValue !== undefined) parts.push(`Default: \`${typeof field.defaultValue === "string" ? JSON.stringify(field.defaultValue) : String(field.defaultValue)}\`.`);
  return parts.join(" ");
}
