/**
 * Encoding one value at `$p`: varints, strings and bytes by every length form, arrays, structs by call,
 * in place or behind a size prefix.
 */
import { assertNever } from "../../model/assert-never.js";
import type { IntType, StructModel, TypeModel } from "../../model/model.js";
import { byteWidth, fixedWidth, intRange, intTypeName } from "../../model/wire.js";
import { EncodeValues } from "./encode-values.js";
import { type FnGen, type Path, indexed, pathCode } from "./fn.js";
import { type Off, inlinedStruct } from "./read-fixed.js";
import { sizeCode, sizeValue } from "./size.js";
import { bind, storeInt, writeFixedAt } from "./write-fixed.js";
import { writeLayout } from "./write.js";

/** Largest length/count an integer prefix can carry (lengths are numbers, so at most 2^53−1). */
export function prefixMax(prefix: IntType): number {
  const hi = intRange(prefix).hi;
  return hi > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(hi);
}

/** Writes a count/length `n` (a number) as `prefix` at `off`, checking it fits. */
export function writeCountAt(g: FnGen, prefix: IntType, n: string, off: Off, path: Path, what: string): string[] {
  const max = prefixMax(prefix);
  return [
    `if (${n} > ${max}) throw ${g.rt("outOfRange")}(${g.errName}, ${pathCode(path)}, ${n}, "${what} prefix ${intTypeName(prefix)}");`,
    ...storeInt(g, prefix, prefix.bits === 64 && prefix.repr === "bigint" ? `BigInt(${n})` : n, off),
  ];
}

export function writeVarintCount(g: FnGen, n: string): string[] {
  return [`if (${n} < 0x80) $t[$p++] = ${n};`, `else $p = ${g.rt("writeVarint")}($t, $p, ${n});`];
}

/** Writes `value` of `type` at `$p`, advancing it. `prefixDone`: a count/length prefix was written already. */
export function writeValue(g: FnGen, type: TypeModel, value: string, path: Path, out: string[], prefixDone = false): void {
  const name = g.errName;
  const p = pathCode(path);
  const w = fixedWidth(type);
  if (w !== undefined) {
    writeFixedAt(g, type, value, { base: "$p", k: 0 }, path, out);
    out.push(`$p += ${w};`);
    return;
  }
  const v = bind(g, value, out);
  switch (type.kind) {
    case "varint":
      if (type.repr === "bigint") {
        out.push(
          `if (typeof ${v} !== "bigint" || ${v} < 0n || ${v} > 0xffffffffffffffffn) throw ${g.rt("outOfRange")}(${name}, ${p}, ${v}, "varint");`,
          `$p = ${g.rt("writeVarintBig")}($t, $p, ${v});`,
        );
      } else {
        out.push(
          `if (!(Number.isSafeInteger(${v}) && ${v} >= 0)) throw ${g.rt("outOfRange")}(${name}, ${p}, ${v}, "varint");`,
          ...writeVarintCount(g, v),
        );
      }
      return;
    case "string":
      return writeString(g, type, v, path, out);
    case "bytes": {
      const l = type.length;
      if (l.kind === "prefix" && !prefixDone) {
        if (l.prefix.kind === "int") out.push(...writeCountAt(g, l.prefix, `${v}.length`, { base: "$p", k: 0 }, path, "length"), `$p += ${byteWidth(l.prefix)};`);
        else out.push(...writeVarintCount(g, `${v}.length`));
      } else if (l.kind === "field") {
        const n = g.lookupCount(l.field);
        out.push(`if (${v}.length !== ${n}) throw ${g.rt("lengthMismatch")}(${name}, ${p}, ${n}, ${v}.length);`);
      } else if (l.kind === "nul") {
        out.push(`if (${v}.indexOf(0) !== -1) throw ${g.rt("nulInside")}(${name}, ${p});`);
      }
      out.push(`$p = ${g.rt("writeBytes")}($t, $p, ${v});`);
      if (l.kind === "nul") out.push(`$t[$p++] = 0;`);
      return;
    }
    case "array": {
      const c = type.count;
      if (c.kind === "prefix" && !prefixDone) {
        if (c.prefix.kind === "int") out.push(...writeCountAt(g, c.prefix, `${v}.length`, { base: "$p", k: 0 }, path, "count"), `$p += ${byteWidth(c.prefix)};`);
        else out.push(...writeVarintCount(g, `${v}.length`));
      } else if (c.kind === "field" || c.kind === "fixed") {
        const n = c.kind === "field" ? g.lookupCount(c.field) : `${c.count}`;
        out.push(`if (${v}.length !== ${n}) throw ${g.rt("lengthMismatch")}(${name}, ${p}, ${n}, ${v}.length);`);
      }
      const i = g.fresh("i");
      const e = g.fresh("e");
      const el = type.element;
      if (el.kind === "struct" && el.sizePrefix === undefined && fixedWidth(el) === undefined && !inlinedStruct(el.struct)) {
        // Items that are nothing but a struct call: one try around the loop (a try per item costs
        // measurably), which can only catch errors from the nested writer.
        const names = g.env.struct(el.struct);
        out.push(
          `let ${i} = 0;`,
          "try {",
          `for (; ${i} < ${v}.length; ${i}++) $p = ${names.write}($t, $p, ${v}[${i}]!);`,
          "} catch ($x) {",
          `throw ${g.rt("nestEncodeError")}($x, ${name}, ${pathCode(indexed(path, i))});`,
          "}",
        );
        return;
      }
      const body = [`const ${e} = ${v}[${i}]!;`];
      writeValue(g, el, e, indexed(path, i), body);
      out.push(`for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`, ...body, `}`);
      return;
    }
    case "struct": {
      const names = g.env.struct(type.struct);
      const call = inlinedStruct(type.struct)
        ? inlineStruct(g, type.struct, v, path)
        : [`try {`, `$p = ${names.write}($t, $p, ${v});`, `} catch ($x) {`, `throw ${g.rt("nestEncodeError")}($x, ${name}, ${p});`, `}`];
      const sp = type.sizePrefix;
      if (sp === undefined) {
        out.push(...call);
      } else if (sp.kind === "int") {
        const st = g.fresh("st");
        const z = g.fresh("z");
        out.push(`const ${st} = $p;`, `$p += ${byteWidth(sp)};`, ...call, `const ${z} = $p - ${st} - ${byteWidth(sp)};`);
        out.push(...writeCountAt(g, sp, z, { base: st, k: 0 }, path, "size"));
      } else {
        const z = g.fresh("z");
        out.push(`const ${z} = ${names.size}(${v});`, ...writeVarintCount(g, z), ...call);
      }
      return;
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

function writeString(g: FnGen, type: TypeModel & { kind: "string" }, v: string, path: Path, out: string[]): void {
  const name = g.errName;
  const p = pathCode(path);
  const l = type.length;
  const n = g.fresh("n");
  switch (l.kind) {
    case "prefix": {
      if (l.prefix.kind === "int") {
        const pw = byteWidth(l.prefix);
        out.push(`const ${n} = ${g.rt("writeUtf8")}($t, $p + ${pw}, ${v});`);
        out.push(...writeCountAt(g, l.prefix, n, { base: "$p", k: 0 }, path, "length"), `$p += ${pw} + ${n};`);
        return;
      }
      // Up to 42 UTF-16 units encode to at most 126 bytes: a one-byte varint, known before writing; from
      // 128 to 5,461 units, to 128–16,383 bytes: a two-byte one. Either way the text is written first and
      // its length after it, without measuring it again (the sizer did once).
      out.push(
        `if (${v}.length < 43) {`,
        `const ${n} = ${g.rt("writeUtf8")}($t, $p + 1, ${v});`,
        `$t[$p] = ${n};`,
        `$p += 1 + ${n};`,
        `} else if (${v}.length >= 128 && ${v}.length < 5462) {`,
        `const ${n} = ${g.rt("writeUtf8")}($t, $p + 2, ${v});`,
        `$t[$p] = 0x80 | (${n} >>> 7);`,
        `$t[$p + 1] = ${n} & 0x7f;`,
        `$p += 2 + ${n};`,
        `} else {`,
        `$p = ${g.rt("writeVarint")}($t, $p, ${g.rt("utf8Length")}(${v}));`,
        `$p += ${g.rt("writeUtf8")}($t, $p, ${v});`,
        `}`,
      );
      return;
    }
    case "field": {
      const len = g.lookupCount(l.field);
      out.push(
        `const ${n} = ${g.rt("writeUtf8")}($t, $p, ${v});`,
        `if (${n} !== ${len}) throw ${g.rt("lengthMismatch")}(${name}, ${p}, ${len}, ${n});`,
        `$p += ${n};`,
      );
      return;
    }
    case "rest":
      out.push(`$p += ${g.rt("writeUtf8")}($t, $p, ${v});`);
      return;
    case "nul":
      out.push(`if (${g.rt("hasNulChar")}(${v})) throw ${g.rt("nulInside")}(${name}, ${p});`, `$p += ${g.rt("writeUtf8")}($t, $p, ${v});`, `$t[$p++] = 0;`);
      return;
    case "fixed":
      throw new Error("unreachable: fixed width");
    default:
      return assertNever(l);
  }
}

/** Writes a small struct in place (see inlinedStruct): its fields get locals in a block of their own. */
function inlineStruct(g: FnGen, struct: StructModel, value: string, path: Path): string[] {
  const o = g.fresh("o");
  const saved = { lookup: g.lookup, countHook: g.countHook };
  const vals = new EncodeValues(g, struct.items, o, (f, v, out) => sizeCode(sizeValue(g, f.type, v, out)));
  const body: string[] = [];
  writeLayout(g, struct.items, vals, path, body);
  const lines = [`const ${o} = ${value};`, "{", ...vals.declarations(), ...body, "}"];
  g.lookup = saved.lookup;
  g.countHook = saved.countHook;
  return lines;
}
