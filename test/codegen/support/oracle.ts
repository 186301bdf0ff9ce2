/**
 * The Perl side of byte parity: turns a value of a schema layout into a pack() template and its
 * arguments, one Perl letter per field, exactly as an MR::IProto user would write it by hand.
 */
import type { IntType, LayoutItem, TypeModel } from "../../../compiler/model/model.js";
import type { PerlArg, PerlPack } from "./perl.js";
import { type Obj, resolveLayout, utf8 } from "./values.js";

/** Perl pack letters, written out independently of the emitter's table. */
function letter(t: IntType | { kind: "varint" } | { kind: "float"; bits: 32 | 64; endian: "le" | "be" }): string {
  if (t.kind === "varint") return "w";
  const e = t.endian === "le" ? "<" : ">";
  if (t.kind === "float") return (t.bits === 32 ? "f" : "d") + e;
  const table: Record<string, string> = {
    u8: "C", i8: "c",
    u16le: "v", u16be: "n", i16le: "s<", i16be: "s>",
    u32le: "V", u32be: "N", i32le: "l<", i32be: "l>",
    u64le: "Q<", u64be: "Q>", i64le: "q<", i64be: "q>",
  };
  const key = `${t.signed ? "i" : "u"}${t.bits}${t.bits === 8 ? "" : t.endian}`;
  return table[key]!;
}

function num(v: unknown): PerlArg {
  return { n: String(v) };
}

function f64Bits(v: number): string {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, v, true);
  return Buffer.from(b).toString("hex");
}

class Out {
  readonly t: string[] = [];
  readonly a: PerlArg[] = [];
  pack(): PerlPack {
    return { t: this.t.join(" "), a: this.a };
  }
}

function bytesOf(type: TypeModel, v: unknown): Uint8Array {
  return type.kind === "string" ? utf8(v as string) : (v as Uint8Array);
}

function packType(type: TypeModel, v: unknown, out: Out, request: Obj | undefined, requestItems: readonly LayoutItem[]): void {
  switch (type.kind) {
    case "int":
    case "varint":
      out.t.push(letter(type));
      out.a.push(num(v));
      return;
    case "enum":
    case "flags":
      out.t.push(letter(type.kind === "enum" ? type.enum.backing : type.flags.backing));
      out.a.push(num(v));
      return;
    case "float":
      out.t.push(letter(type));
      out.a.push({ d: f64Bits(v as number) });
      return;
    case "string":
    case "bytes": {
      const b = bytesOf(type, v);
      const l = type.length;
      const h = { h: Buffer.from(b).toString("hex") };
      if (l.kind === "fixed") out.t.push(`${l.pad === "nul" ? "a" : l.pad === "space" ? "A" : "Z"}${l.size}`);
      else if (l.kind === "prefix") out.t.push(`${letter(l.prefix)}/a*`);
      else if (l.kind === "field") out.t.push(`a${b.length}`);
      else if (l.kind === "rest") out.t.push("a*");
      else out.t.push("Z*");
      out.a.push(h);
      return;
    }
    case "array": {
      const arr = v as unknown[];
      if (type.count.kind === "prefix") {
        out.t.push(letter(type.count.prefix));
        out.a.push(num(arr.length));
      }
      for (const item of arr) packType(type.element, item, out, request, requestItems);
      return;
    }
    case "struct": {
      if (type.sizePrefix === undefined) {
        packItems(type.struct.items, v as Obj, out, undefined, []);
        return;
      }
      const inner = new Out();
      packItems(type.struct.items, v as Obj, inner, undefined, []);
      out.t.push(`${letter(type.sizePrefix)}/a*`);
      out.a.push({ p: inner.pack() });
      return;
    }
    case "prefixed": {
      // Perl writes a Box field as `w/a*` of the value packed alone (MR::Tarantool::Box's pack per field).
      const inner = new Out();
      packType(type.value, v, inner, request, requestItems);
      out.t.push(`${letter(type.prefix)}/a*`);
      out.a.push({ p: inner.pack() });
      return;
    }
    default: {
      const never: never = type;
      throw new Error(`unknown type ${String(never)}`);
    }
  }
}

function packItems(items: readonly LayoutItem[], value: Obj, out: Out, request: Obj | undefined, requestItems: readonly LayoutItem[]): void {
  const resolved = resolveLayout(items, value, request, requestItems);
  for (const item of items) {
    if (item.kind === "pad") {
      out.t.push(`x${item.size}`);
      continue;
    }
    const v = resolved.get(item);
    if (item.condition !== undefined && v === undefined) continue;
    if (item.role.kind === "sizeof" && v === undefined) {
      const target = item.role.target;
      const inner = new Out();
      const tv = resolved.get(target);
      if (tv !== undefined) packType(target.type, tv, inner, request, requestItems);
      out.t.push(letter(item.type as IntType));
      out.a.push({ l: inner.pack() });
      continue;
    }
    packType(item.type, v, out, request, requestItems);
  }
}

/** The pack() call that produces a layout's bytes for `value`. */
export function perlPackOf(items: readonly LayoutItem[], value: Obj, request?: Obj, requestItems: readonly LayoutItem[] = []): PerlPack {
  const out = new Out();
  packItems(items, value, out, request, requestItems);
  return out.pack();
}
