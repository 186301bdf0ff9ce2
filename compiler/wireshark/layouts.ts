/**
 * Layouts as Lua data the dissector's runtime part walks: `L[i] = { item, … }`, each item a field name, its
 * ProtoField and a type descriptor (`{k = "i", w = 4, s = false, le = true}`, …), and its condition. A struct
 * is laid out once per field path (so `iproto.users.get_user.profile.login` and
 * `iproto.users.get_users.profiles.login` are distinct filters); a struct met again inside itself reuses the
 * layout of its outer occurrence, so recursive structs have finitely many fields.
 */
import type { ByteLength, EnumModel, FlagsModel, IntType, ItemCount, LayoutItem, PrefixType, StructModel, TypeModel } from "../model/model.js";
import { prefixedValueWidth } from "../model/wire.js";
import { luaCondition } from "./expr.js";
import type { FieldKind, FieldRegistry } from "./fields.js";
import { abbrevSegment, luaNumber, luaString, snakeCase } from "./lua-text.js";

interface Typed {
  /** The Lua type descriptor. */
  readonly t: string;
  /** The Lua expression of the ProtoField values of this type are shown as. */
  readonly f: string;
}

export class LayoutBuilder {
  readonly #fields: FieldRegistry;
  readonly #layouts: string[] = [];
  readonly #byPath = new Map<StructModel, Map<string, number>>();
  readonly #tables: string[] = [];
  readonly #tableOf = new Map<EnumModel | FlagsModel, string>();

  constructor(fields: FieldRegistry) {
    this.#fields = fields;
  }

  /** Lays out `items` with their fields below `path`; returns the layout's index in `L`. */
  layout(items: readonly LayoutItem[], path: string, stack: ReadonlyMap<StructModel, number> = new Map()): number {
    const index = this.#layouts.push("");
    this.#layouts[index - 1] = this.#text(index, items, path, stack);
    return index;
  }

  /** `V[i] = …` lines: enum names and flag members (the fields' value strings refer to them). */
  tables(): string[] {
    return [...this.#tables];
  }

  /** `L[i] = …` lines. */
  lines(): string[] {
    return [...this.#layouts];
  }

  #text(index: number, items: readonly LayoutItem[], path: string, stack: ReadonlyMap<StructModel, number>): string {
    const parts = items.map((item) => {
      if (item.kind === "pad") return `{pad = ${item.size}}`;
      const typed = this.#type(item.type, `${path}.${abbrevSegment(item.name)}`, item.name, item.doc, stack);
      const cond = item.condition === undefined ? "" : `, c = ${luaCondition(item.condition)}`;
      return `{name = ${luaString(item.name)}, f = ${typed.f}, t = ${typed.t}${cond}}`;
    });
    return parts.length === 0 ? `L[${index}] = {}` : `L[${index}] = {\n  ${parts.join(",\n  ")},\n}`;
  }

  #struct(struct: StructModel, path: string, stack: ReadonlyMap<StructModel, number>): number {
    const outer = stack.get(struct);
    if (outer !== undefined) return outer;
    const paths = this.#byPath.get(struct) ?? new Map<string, number>();
    this.#byPath.set(struct, paths);
    const known = paths.get(path);
    if (known !== undefined) return known;
    const index = this.#layouts.push("");
    paths.set(path, index);
    this.#layouts[index - 1] = this.#text(index, struct.items, path, new Map(stack).set(struct, index));
    return index;
  }

  #type(type: TypeModel, path: string, name: string, doc: string | undefined, stack: ReadonlyMap<StructModel, number>): Typed {
    const field = (kind: FieldKind) => this.#fields.field(path, name, doc, kind);
    switch (type.kind) {
      case "int":
        return { t: intDesc(type), f: field({ ctor: intCtor(type), base: "DEC" }) };
      case "varint":
        return { t: `{k = "v"}`, f: field({ ctor: "uint64", base: "DEC" }) };
      case "float":
        return { t: `{k = "f", w = ${type.bits / 8}, le = ${type.endian === "le"}}`, f: field({ ctor: type.bits === 32 ? "float" : "double" }) };
      case "string":
      case "bytes":
        return { t: `{k = "${type.kind === "string" ? "s" : "b"}", n = ${lengthDesc(type.length)}}`, f: field({ ctor: type.kind }) };
      case "enum": {
        const names = this.#names(type.enum);
        const backing = type.enum.backing;
        const valuestring = backing.bits === 64 ? {} : { valuestring: names };
        return { t: `{k = "e", w = ${backing.bits / 8}, s = ${backing.signed}, le = ${backing.endian === "le"}, names = ${names}}`, f: field({ ctor: intCtor(backing), base: "DEC", ...valuestring }) };
      }
      case "flags": {
        const backing = type.flags.backing;
        // One boolean per single-bit member (`iproto.box.insert.flags.return_tuple`), below 64 bits.
        const bits = backing.bits === 64 ? [] : type.flags.members.filter((m) => m.value > 0n && (m.value & (m.value - 1n)) === 0n);
        const b = bits.map((m) => this.#fields.field(`${path}.${snakeCase(m.name)}`, m.name, m.doc, { ctor: "bool", bits: backing.bits, mask: luaNumber(m.value) }));
        return { t: `{k = "fl", w = ${backing.bits / 8}, s = ${backing.signed}, le = ${backing.endian === "le"}, m = ${this.#names(type.flags)}, b = {${b.join(", ")}}}`, f: field({ ctor: intCtor(backing), base: "HEX" }) };
      }
      case "array": {
        const element = this.#type(type.element, path, name, doc, stack);
        return { t: `{k = "a", e = ${element.t}, n = ${countDesc(type.count)}}`, f: element.f };
      }
      case "prefixed": {
        const value = this.#type(type.value, path, name, doc, stack);
        return { t: `{k = "pv", p = ${prefixDesc(type.prefix)}, w = ${prefixedValueWidth(type)}, v = ${value.t}}`, f: value.f };
      }
      case "struct": {
        const f = field({ ctor: "none" });
        const l = this.#struct(type.struct, path, stack);
        const prefix = type.sizePrefix === undefined ? "" : `, p = ${prefixDesc(type.sizePrefix)}`;
        return { t: `{k = "st", l = ${l}${prefix}}`, f };
      }
    }
  }

  /** The names table of an enum (value → name; 64-bit ones by decimal string) or flags (a list of {name, value}). */
  #names(decl: EnumModel | FlagsModel): string {
    const known = this.#tableOf.get(decl);
    if (known !== undefined) return known;
    const ref = `V[${this.#tables.length + 1}]`;
    this.#tableOf.set(decl, ref);
    const entries = decl.members.map((m) =>
      decl.kind === "flags" ? `{${luaString(m.name)}, ${luaNumber(m.value)}}` : decl.backing.bits === 64 ? `[${luaString(m.value.toString())}] = ${luaString(m.name)}` : `[${luaNumber(m.value)}] = ${luaString(m.name)}`,
    );
    // Two enum members may share a value: the first name wins, as a Lua table constructor would not promise.
    const unique = decl.kind === "flags" ? entries : entries.filter((e, i) => entries.findIndex((o) => o.split(" = ")[0] === e.split(" = ")[0]) === i);
    this.#tables.push(`${ref} = {${unique.join(", ")}}`);
    return ref;
  }
}

function intCtor(type: IntType): "uint8" | "uint16" | "uint32" | "uint64" | "int8" | "int16" | "int32" | "int64" {
  return `${type.signed ? "int" : "uint"}${type.bits}`;
}

function intDesc(type: IntType): string {
  return `{k = "i", w = ${type.bits / 8}, s = ${type.signed}, le = ${type.endian === "le"}}`;
}

function prefixDesc(prefix: PrefixType): string {
  return prefix.kind === "varint" ? `{k = "v"}` : intDesc(prefix);
}

function lengthDesc(length: ByteLength): string {
  switch (length.kind) {
    case "fixed":
      return `{k = "fixed", size = ${length.size}, pad = "${length.pad}"}`;
    case "prefix":
      return `{k = "prefix", p = ${prefixDesc(length.prefix)}}`;
    case "field":
      return `{k = "field", name = ${luaString(length.field.name)}}`;
    case "rest":
    case "nul":
      return `{k = "${length.kind}"}`;
  }
}

function countDesc(count: ItemCount): string {
  switch (count.kind) {
    case "fixed":
      return `{k = "fixed", count = ${count.count}}`;
    case "prefix":
      return `{k = "prefix", p = ${prefixDesc(count.prefix)}}`;
    case "field":
      return `{k = "field", name = ${luaString(count.field.name)}}`;
    case "rest":
      return `{k = "rest"}`;
  }
}
