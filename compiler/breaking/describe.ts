/** Types and expressions as a schema author would write them, for the explanations in findings. */
import type * as M from "../model/model.js";

export function intName(t: M.IntType): string {
  return `${t.signed ? "i" : "u"}${t.bits}${t.endian === "be" && t.bits > 8 ? "be" : ""}`;
}

export function prefixName(t: M.PrefixType): string {
  return t.kind === "varint" ? "varint" : intName(t);
}

export function lengthName(l: M.ByteLength): string {
  switch (l.kind) {
    case "fixed":
      return l.pad === "nul" ? String(l.size) : `${l.size}, ${l.pad === "space" ? "space" : "nul"}`;
    case "prefix":
      return prefixName(l.prefix);
    case "field":
      return l.field.name;
    case "rest":
    case "nul":
      return l.kind;
  }
}

export function countName(c: M.ItemCount): string {
  switch (c.kind) {
    case "fixed":
      return String(c.count);
    case "prefix":
      return prefixName(c.prefix);
    case "field":
      return c.field.name;
    case "rest":
      return "rest";
  }
}

export function typeName(t: M.TypeModel): string {
  switch (t.kind) {
    case "int":
      return intName(t);
    case "varint":
      return "varint";
    case "float":
      return `f${t.bits}${t.endian === "be" ? "be" : ""}`;
    case "string":
    case "bytes":
      return `${t.kind}<${lengthName(t.length)}>`;
    case "array":
      return `${typeName(t.element)}[${countName(t.count)}]`;
    case "struct":
      return t.sizePrefix ? `${t.struct.name}<${prefixName(t.sizePrefix)}>` : t.struct.name;
    case "prefixed":
      return `${typeName(t.value)}<${prefixName(t.prefix)}>`;
    case "enum":
      return `${t.enum.name} (${intName(t.enum.backing)})`;
    case "flags":
      return `${t.flags.name} (${intName(t.flags.backing)})`;
  }
}

