/**
 * The dissector's filterable fields (Wireshark `ProtoField`s), one per abbreviation. Two layouts that reach
 * the same abbreviation with the same kind of field share it (a request and its response both carrying
 * `numbers`, a struct used twice at one path); a different kind at a taken abbreviation gets the first free
 * `<abbrev>_<n>`, so registration never fails in Wireshark. Order of registration is the output order.
 */
import { luaString } from "./lua-text.js";

/** What a ProtoField is, apart from its abbreviation, name and description. */
export type FieldKind =
  | { readonly ctor: "uint8" | "uint16" | "uint32" | "uint64" | "int8" | "int16" | "int32" | "int64"; readonly base: "DEC" | "HEX" | "HEX_DEC"; readonly valuestring?: string }
  | { readonly ctor: "float" | "double" | "none" | "relative_time" }
  | { readonly ctor: "string" | "bytes" }
  | { readonly ctor: "bool"; readonly bits?: number; readonly mask?: string }
  | { readonly ctor: "framenum"; readonly frametype: "REQUEST" | "RESPONSE" };

interface Entry {
  readonly abbrev: string;
  readonly name: string;
  readonly doc: string | undefined;
  readonly kind: FieldKind;
  readonly signature: string;
}

function signature(kind: FieldKind): string {
  return JSON.stringify(kind);
}

export class FieldRegistry {
  readonly #entries: Entry[] = [];
  readonly #byAbbrev = new Map<string, number>();

  /** The Lua expression of the field (`S[3]`) registered at `abbrev` (or a free variant of it). */
  field(abbrev: string, name: string, doc: string | undefined, kind: FieldKind): string {
    const sig = signature(kind);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? abbrev : `${abbrev}_${n}`;
      const known = this.#byAbbrev.get(candidate);
      if (known === undefined) {
        this.#entries.push({ abbrev: candidate, name, doc, kind, signature: sig });
        this.#byAbbrev.set(candidate, this.#entries.length);
        return `S[${this.#entries.length}]`;
      }
      if (this.#entries[known - 1]?.signature === sig) return `S[${known}]`;
    }
  }

  /** Every abbreviation registered, in order (for documentation and tests). */
  abbrevs(): string[] {
    return this.#entries.map((e) => e.abbrev);
  }

  /** `S[i] = ProtoField.…(…)` lines. */
  lines(): string[] {
    return this.#entries.map((e, i) => `S[${i + 1}] = ${constructor(e)}`);
  }
}

function constructor(e: Entry): string {
  const abbr = luaString(e.abbrev);
  const name = luaString(e.name);
  const desc = e.doc === undefined ? "nil" : luaString(e.doc);
  const k = e.kind;
  switch (k.ctor) {
    case "uint8":
    case "uint16":
    case "uint32":
    case "uint64":
    case "int8":
    case "int16":
    case "int32":
    case "int64":
      return `ProtoField.${k.ctor}(${abbr}, ${name}, base.${k.base}, ${k.valuestring ?? "nil"}, nil, ${desc})`;
    case "float":
    case "double":
      return `ProtoField.${k.ctor}(${abbr}, ${name}, nil, ${desc})`;
    case "none":
    case "relative_time":
      return `ProtoField.${k.ctor}(${abbr}, ${name}, ${desc})`;
    case "string":
      return `ProtoField.string(${abbr}, ${name}, base.UNICODE, ${desc})`;
    case "bytes":
      return `ProtoField.bytes(${abbr}, ${name}, base.NONE, ${desc})`;
    case "bool":
      return k.mask === undefined ? `ProtoField.bool(${abbr}, ${name}, base.NONE, nil, nil, ${desc})` : `ProtoField.bool(${abbr}, ${name}, ${k.bits ?? 0}, nil, ${k.mask}, ${desc})`;
    case "framenum":
      return `ProtoField.framenum(${abbr}, ${name}, base.NONE, frametype.${k.frametype}, nil, ${desc})`;
  }
}
