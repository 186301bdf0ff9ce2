/**
 * Sizer generation: the exact encoded size of a value, computed before anything is allocated. Fixed
 * parts fold into one constant; only variable parts cost code.
 */
import { assertNever } from "../../model/assert-never.js";
import type { LayoutItem, StructModel, TypeModel } from "../../model/model.js";
import { fixedWidth, prefixWidth } from "../../model/wire.js";
import { EncodeValues } from "./encode-values.js";
import type { FnGen } from "./fn.js";
import { pathCode } from "./fn.js";
import { inlinedStruct } from "./read-fixed.js";
import { fieldLocal } from "../plan/names.js";
import { namedIn } from "../print/scan.js";

/** A size: a constant plus an optional expression. */
export interface Size {
  readonly k: number;
  readonly expr: string | undefined;
}

function plus(a: Size, expr: string): Size {
  return { k: a.k, expr: a.expr === undefined ? expr : `${a.expr} + ${expr}` };
}

export function sizeCode(s: Size): string {
  if (s.expr === undefined) return `${s.k}`;
  return s.k === 0 ? s.expr : `${s.k} + ${s.expr}`;
}

/** Emits code summing the layout's encoded size into a fresh local; returns it. */
export function sizeLayout(g: FnGen, items: readonly LayoutItem[], vals: EncodeValues, out: string[]): string {
  const s = g.fresh("size");
  let constant = 0;
  const body: string[] = [];
  for (const item of items) {
    if (item.kind === "pad") {
      constant += item.size;
      continue;
    }
    const w = fixedWidth(item.type);
    if (item.condition === undefined) {
      if (w !== undefined) {
        constant += w;
        continue;
      }
      // The field's local is declared only when the size reads it: a struct of fixed size behind a
      // length prefix sizes to a constant (projects' `noUnusedLocals`).
      const local = fieldLocal(item.name);
      const from = body.length;
      const size = sizeValue(g, item.type, local, body);
      if (namedIn(`${body.slice(from).join("\n")}\n${size.expr ?? ""}`, local)) vals.get(item);
      constant += size.k;
      if (size.expr !== undefined) body.push(`${s} += ${size.expr};`);
      continue;
    }
    const v = vals.get(item);
    const inner: string[] = [`if (${v} === undefined) throw ${g.rt("missingField")}(${g.errName}, ${pathCode([item.name])});`];
    const size = sizeValue(g, item.type, v, inner);
    inner.push(`${s} += ${sizeCode(size)};`);
    body.push(`if (${g.condition(item)}) {`, ...inner, `}`);
  }
  out.push(`let ${s} = ${constant};`, ...body);
  return s;
}

/** The encoded size of `value` (a side-effect-free expression) of `type`; may emit loops into `out`. */
export function sizeValue(g: FnGen, type: TypeModel, value: string, out: string[]): Size {
  const w = fixedWidth(type);
  if (w !== undefined) return { k: w, expr: undefined };
  switch (type.kind) {
    case "varint":
      return { k: 0, expr: `${g.rt(type.repr === "bigint" ? "varintSizeBig" : "varintSize")}(${value})` };
    case "string":
    case "bytes": {
      const len = type.kind === "bytes" ? `${value}.length` : `${g.rt("utf8Length")}(${value})`;
      const l = type.length;
      switch (l.kind) {
        case "prefix": {
          const pw = prefixWidth(l.prefix);
          if (pw !== undefined) return { k: pw, expr: len };
          const n = g.fresh("l");
          out.push(`const ${n} = ${len};`);
          return { k: 0, expr: `(${n} < 0x80 ? 1 : ${g.rt("varintSize")}(${n})) + ${n}` };
        }
        case "nul":
          return { k: 1, expr: len };
        case "field":
        case "rest":
          return { k: 0, expr: len };
        case "fixed":
          throw new Error("unreachable: fixed strings have a fixed width");
        default:
          return assertNever(l);
      }
    }
    case "array": {
      let size: Size = { k: 0, expr: undefined };
      const c = type.count;
      if (c.kind === "prefix") {
        const pw = prefixWidth(c.prefix);
        size = pw !== undefined ? { k: pw, expr: undefined } : plus(size, `${g.rt("varintSize")}(${value}.length)`);
      }
      const ew = fixedWidth(type.element);
      if (ew !== undefined) return ew === 0 ? size : plus(size, ew === 1 ? `${value}.length` : `${value}.length * ${ew}`);
      const z = g.fresh("z");
      const i = g.fresh("i");
      const body: string[] = [];
      const e = sizeValue(g, type.element, `${value}[${i}]!`, body);
      out.push(`let ${z} = 0;`, `for (let ${i} = 0; ${i} < ${value}.length; ${i}++) {`, ...body, `${z} += ${sizeCode(e)};`, `}`);
      return plus(size, z);
    }
    case "struct": {
      const names = g.env.struct(type.struct);
      const inner = fixedWidth({ ...type, sizePrefix: undefined });
      let content = inner !== undefined ? `${inner}` : `${names.size}(${value})`;
      if (inner === undefined && inlinedStruct(type.struct)) content = inlineSize(g, type.struct, value, out);
      if (type.sizePrefix === undefined) return { k: 0, expr: content };
      const pw = prefixWidth(type.sizePrefix);
      if (pw !== undefined) return inner !== undefined ? { k: pw + inner, expr: undefined } : { k: pw, expr: content };
      const n = g.fresh("l");
      out.push(`const ${n} = ${content};`);
      return { k: 0, expr: `${g.rt("varintSize")}(${n}) + ${n}` };
    }
    case "int":
    case "float":
    case "enum":
    case "flags":
    case "prefixed":
      throw new Error("unreachable: fixed width");
    default:
      return assertNever(type);
  }
}

/** Sizes a small struct in place (see inlinedStruct); returns the local holding its size. */
function inlineSize(g: FnGen, struct: StructModel, value: string, out: string[]): string {
  const z = g.fresh("z");
  const o = g.fresh("o");
  const saved = { lookup: g.lookup, countHook: g.countHook };
  const vals = new EncodeValues(g, struct.items, o, (f, v, lines) => sizeCode(sizeValue(g, f.type, v, lines)));
  const body: string[] = [];
  const size = sizeLayout(g, struct.items, vals, body);
  // The struct's value is bound before the block: inside it, a field local may shadow the name `value` is
  // (a field `f` of a struct in a field `f`), as inlineStruct does for the writer.
  out.push(`let ${z}: number;`, `const ${o} = ${value};`, "{", ...vals.declarations(), ...body, `${z} = ${size};`, "}");
  g.lookup = saved.lookup;
  g.countHook = saved.countHook;
  return z;
}
