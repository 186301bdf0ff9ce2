/**
 * Decoding one value at `$p`: varints, strings and bytes by every length form, arrays (with the
 * allocation guard), structs by call, in place or behind a size prefix.
 */
import { assertNever } from "../../model/assert-never.js";
import type { FieldModel, PrefixType, TypeModel } from "../../model/model.js";
import { byteWidth, fixedWidth, minWidth } from "../../model/wire.js";
import { type FnGen, type Path, indexed, pathCode } from "./fn.js";
import { type Off, at, inlineable, inlinedStruct, presizedArray, readFixedAt, readIntExpr } from "./read-fixed.js";
import { readLayout } from "./read.js";
import { tsType } from "./ts-types.js";

/** Fixed width and readable inline (structs inside must be plain). */
export function inlineWidth(type: TypeModel): number | undefined {
  const w = fixedWidth(type);
  if (w === undefined) return undefined;
  if (type.kind === "struct") return inlineable(type.struct) ? w : undefined;
  if (type.kind === "array") return inlineWidth(type.element) === undefined ? undefined : w;
  return w;
}

/** The integer prefix a variable-size type starts with, if it can join a fixed run. */
export function leadingIntPrefix(type: TypeModel): PrefixType | undefined {
  const p =
    type.kind === "string" || type.kind === "bytes"
      ? type.length.kind === "prefix" ? type.length.prefix : undefined
      : type.kind === "array"
        ? type.count.kind === "prefix" ? type.count.prefix : undefined
        : type.kind === "struct" ? type.sizePrefix : undefined;
  return p?.kind === "int" ? p : undefined;
}

/** A count or length, as a number, and whether it may be negative (signed prefix or field). */
export interface Count {
  readonly code: string;
  readonly signed: boolean;
}

/** The numeric value of an already-decoded length or sizeof field. */
export function countOf(g: FnGen, field: FieldModel): Count {
  const local = g.fieldVars.get(field);
  if (local === undefined) throw new Error(`length field ${field.name} is not decoded yet`);
  const t = field.type.kind === "enum" ? field.type.enum.backing : field.type.kind === "flags" ? field.type.flags.backing : field.type;
  const signed = t.kind === "int" && t.signed;
  const big = (t.kind === "int" || t.kind === "varint") && t.repr === "bigint";
  let code = field.condition === undefined ? local : `(${local} ?? ${big ? "0n" : "0"})`;
  if (big) code = `Number(${code})`;
  return { code, signed };
}

/** Reads an integer count/length prefix inside a run (bounds already checked) into the local `n`. */
export function readCountAt(g: FnGen, prefix: PrefixType & { kind: "int" }, off: Off, n: string, path: Path): string[] {
  if (prefix.bits < 64) return [`const ${n} = ${readIntExpr(prefix, off)};`];
  return [
    `const ${n} = ${g.rt(`read${prefix.signed ? "I" : "U"}64${prefix.endian === "le" ? "LE" : "BE"}Number`)}($t, ${at(off)});`,
    `if (!(${n} >= 0)) throw ${g.rt("badValue")}(${g.errName}, ${pathCode(path)}, ${at(off)}, "length out of range");`,
  ];
}

/** Reads a count/length prefix at `$p`, advancing it. */
function readCount(g: FnGen, prefix: PrefixType, end: string, path: Path, out: string[]): Count {
  if (prefix.kind === "varint") return { code: readVarint(g, end, path, out), signed: false };
  const n = g.fresh("n");
  const w = byteWidth(prefix);
  out.push(fixedCheck(g, w, end, path));
  out.push(...readCountAt(g, prefix, { base: "$p", k: 0 }, n, path), `$p += ${w};`);
  return { code: n, signed: prefix.signed && prefix.bits < 64 };
}

function readVarint(g: FnGen, end: string, path: Path, out: string[]): string {
  const v = g.fresh("v");
  const p = pathCode(path);
  out.push(
    `if ($p >= ${end}) throw ${g.rt("truncated")}(${g.errName}, ${p}, $p, 1, ${end});`,
    `let ${v} = $t[$p]!;`,
    `if (${v} < 0x80) $p++;`,
    `else {`,
    `${v} = ${g.rt("readVarint")}($t, $p, ${end}, $c);`,
    `if (${v} < 0) throw ${g.rt("varintFailure")}(${g.errName}, ${p}, $p, ${v});`,
    `$p = $c.pos;`,
    `}`,
  );
  return v;
}

/** Throws unless `w` bytes are left at `$p`. */
export function fixedCheck(g: FnGen, w: number, end: string, path: Path): string {
  return `if (${end} - $p < ${w}) throw ${g.rt("truncated")}(${g.errName}, ${pathCode(path)}, $p, ${w}, ${end});`;
}

/** Emits code reading one value of `type` at `$p` (advancing it); returns the expression holding it. */
export function readValue(g: FnGen, type: TypeModel, end: string, path: Path, out: string[], pre?: Count): string {
  const name = g.errName;
  const p = pathCode(path);
  const w = inlineWidth(type);
  if (w !== undefined && pre === undefined) {
    out.push(fixedCheck(g, w, end, path));
    const e = readFixedAt(g, type, { base: "$p", k: 0 }, path, out);
    const v = g.fresh("v");
    out.push(`const ${v} = ${e};`, `$p += ${w};`);
    return v;
  }
  const checkLength = (n: Count, what: string): void => {
    out.push(`if (${n.signed ? `${n.code} < 0 || ` : ""}${n.code} > ${end} - $p) throw ${g.rt("tooLarge")}(${name}, ${p}, $p, "${what}", ${n.code}, ${end} - $p);`);
  };
  switch (type.kind) {
    case "varint": {
      if (type.repr === "number") return readVarint(g, end, path, out);
      const v = g.fresh("v");
      out.push(
        `const ${v} = ${g.rt("readVarintBig")}($t, $p, ${end}, $c);`,
        `if (${v} < 0n) throw ${g.rt("varintFailure")}(${name}, ${p}, $p, ${v});`,
        `$p = $c.pos;`,
      );
      return v;
    }
    case "string":
    case "bytes": {
      const l = type.length;
      const start = g.fresh("s");
      let stop: string;
      switch (l.kind) {
        case "prefix":
        case "field": {
          // The data starts where the length ends: after the prefix just read, or here when the length
          // was an earlier field's.
          const n = pre ?? (l.kind === "prefix" ? readCount(g, l.prefix, end, path, out) : countOf(g, l.field));
          out.push(`const ${start} = $p;`);
          checkLength(n, "length");
          out.push(`$p += ${n.code};`);
          return textOrBytes(g, type.kind, start, "$p", path, out);
        }
        case "rest":
          out.push(`const ${start} = $p;`, `$p = ${end};`);
          return textOrBytes(g, type.kind, start, "$p", path, out);
        case "nul": {
          stop = g.fresh("e");
          out.push(
            `const ${start} = $p;`,
            `const ${stop} = ${g.rt("nulIndex")}($t, $p, ${end});`,
            `if (${stop} < 0) throw ${g.rt("unterminated")}(${name}, ${p}, $p);`,
            `$p = ${stop} + 1;`,
          );
          return textOrBytes(g, type.kind, start, stop, path, out);
        }
        case "fixed":
          throw new Error("fixed strings are read inline");
        default:
          return assertNever(l);
      }
    }
    case "array":
      return readArray(g, type, end, path, out, pre);
    case "struct": {
      const names = g.env.struct(type.struct);
      const v = g.fresh("v");
      const inline = inlinedStruct(type.struct);
      const call = (bound: string): void => {
        if (inline) {
          // Decoded in place: errors name the whole path from this message.
          out.push(`let ${v}: ${names.type};`, "{");
          readLayout(g, type.struct.items, bound, path, out);
          const props = type.struct.items.flatMap((f) => {
            if (f.kind !== "field") return [];
            const local = g.fieldVars.get(f)!;
            return [g.env.prop(f.name) === local ? local : `${g.env.prop(f.name)}: ${local}`];
          });
          out.push(`${v} = { ${props.join(", ")} };`, "}");
          return;
        }
        out.push(
          `let ${v}: ${names.type};`,
          `try {`,
          `${v} = ${names.read}($t, $p, ${bound}, $c);`,
          `} catch ($x) {`,
          `throw ${g.rt("nestDecodeError")}($x, ${name}, ${p});`,
          `}`,
        );
      };
      if (type.sizePrefix === undefined) {
        call(end);
        if (!inline) out.push(`$p = $c.pos;`);
        return v;
      }
      const n = pre ?? readCount(g, type.sizePrefix, end, path, out);
      checkLength(n, "size");
      const b = g.fresh("b");
      out.push(`const ${b} = $p + ${n.code};`);
      const fw = inlineWidth(type);
      const inner = { kind: "struct", struct: type.struct, sizePrefix: undefined } as const;
      const iw = inlineWidth(inner);
      if (iw !== undefined && fw === undefined) {
        out.push(`if (${n.code} !== ${iw}) throw ${g.rt("badValue")}(${name}, ${p}, $p, \`size prefix says \${${n.code}} bytes, the struct takes ${iw}\`);`);
        const e = readFixedAt(g, inner, { base: "$p", k: 0 }, path, out);
        out.push(`const ${v} = ${e};`, `$p = ${b};`);
        return v;
      }
      call(b);
      const at = inline ? "$p" : "$c.pos";
      out.push(`if (${at} !== ${b}) throw ${g.rt("boundMismatch")}(${name}, ${p}, ${at}, ${b});`, `$p = ${b};`);
      return v;
    }
    case "int":
    case "float":
    case "enum":
    case "flags":
    case "prefixed":
      throw new Error(`${type.kind} has a fixed width`);
    default:
      return assertNever(type);
  }
}

function textOrBytes(g: FnGen, kind: "string" | "bytes", start: string, stop: string, path: Path, out: string[]): string {
  if (kind === "bytes") return `$t.subarray(${start}, ${stop})`;
  const s = g.fresh("str");
  out.push(
    `const ${s} = ${g.rt("readUtf8Cached")}($t, ${start}, ${stop}, $c);`,
    `if (${s} === undefined) throw ${g.rt("badUtf8")}(${g.errName}, ${pathCode(path)}, ${start});`,
  );
  return s;
}

function readArray(g: FnGen, type: TypeModel & { kind: "array" }, end: string, path: Path, out: string[], pre?: Count): string {
  const a = g.fresh("a");
  const i = g.fresh("i");
  const p = pathCode(path);
  const declare = (init: string): void => {
    out.push(`const ${a}: ${tsType(type, "value", g.env)} = ${init};`);
  };
  const elementWidth = inlineWidth(type.element);
  const readOne = (body: string[]): void => {
    if (elementWidth !== undefined) {
      const e = readFixedAt(g, type.element, { base: "$p", k: 0 }, indexed(path, i), body);
      body.push(`${a}[${i}] = ${e};`, `$p += ${elementWidth};`);
    } else {
      const e = readValue(g, type.element, end, indexed(path, i), body);
      body.push(`${a}[${i}] = ${e};`);
    }
  };
  const c = type.count;
  if (c.kind === "rest") {
    declare("[]");
    const body: string[] = [];
    const m = minWidth(type.element);
    if (elementWidth !== undefined && elementWidth > 0) {
      out.push(`if ((${end} - $p) % ${elementWidth} !== 0) throw ${g.rt("badValue")}(${g.errName}, ${p}, $p, "rest is not a whole number of ${elementWidth}-byte items");`);
    }
    out.push(`for (let ${i} = 0; $p < ${end}; ${i}++) {`);
    if (m === 0) body.push(`const ${i}s = $p;`);
    readOne(body);
    if (m === 0) body.push(`if ($p === ${i}s) throw ${g.rt("noProgress")}(${g.errName}, ${p}, $p);`);
    out.push(...body, `}`);
    return a;
  }
  let n: Count;
  switch (c.kind) {
    case "fixed":
      n = { code: `${c.count}`, signed: false };
      break;
    case "prefix":
      n = pre ?? readCount(g, c.prefix, end, path, out);
      break;
    case "field":
      n = countOf(g, c.field);
      break;
    default:
      return assertNever(c);
  }
  // Never allocate more items than the bytes left could hold. Items that may take no bytes at all get a
  // fixed allowance instead, so a count of 2^31 still fails at once.
  const per = elementWidth ?? minWidth(type.element);
  const need = per === 1 ? n.code : `${n.code} * ${per}`;
  const limit = per === 0 ? `${end} - $p + ${g.rt("EMPTY_ITEMS_ALLOWANCE")}` : `${end} - $p`;
  const check = c.kind === "fixed" && per === 0 ? undefined : `${per === 0 ? n.code : need} > ${limit}`;
  if (check !== undefined) {
    out.push(`if (${n.signed ? `${n.code} < 0 || ` : ""}${check}) throw ${g.rt("tooLarge")}(${g.errName}, ${p}, $p, "count", ${n.code}, ${end} - $p);`);
  }
  declare(presizedArray(n.code));
  const el = type.element;
  if (el.kind === "struct" && el.sizePrefix === undefined && elementWidth === undefined && !inlinedStruct(el.struct)) {
    // Items that are nothing but a struct call: one try around the loop instead of one per item.
    const names = g.env.struct(el.struct);
    out.push(
      `let ${i} = 0;`,
      "try {",
      `for (; ${i} < ${n.code}; ${i}++) {`,
      `${a}[${i}] = ${names.read}($t, $p, ${end}, $c);`,
      "$p = $c.pos;",
      "}",
      "} catch ($x) {",
      `throw ${g.rt("nestDecodeError")}($x, ${g.errName}, ${pathCode(indexed(path, i))});`,
      "}",
    );
    return a;
  }
  const body: string[] = [];
  readOne(body);
  out.push(`for (let ${i} = 0; ${i} < ${n.code}; ${i}++) {`, ...body, `}`);
  return a;
}
