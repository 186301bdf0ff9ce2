/**
 * Encoding of fixed-width values at a known offset: range checks, then byte stores. The buffer was sized
 * exactly beforehand, so stores need no bounds checks.
 */
import { assertNever } from "../../model/assert-never.js";
import type { IntType, TypeModel } from "../../model/model.js";
import { byteWidth, fixedWidth, intRange, intTypeName, prefixedPrefixBytes } from "../../model/wire.js";
import { type FnGen, type Path, child, defaultCode, indexed, pathCode } from "./fn.js";
import { type Off, UNROLLED_COUNT, at, inlineable, shift } from "./read-fixed.js";

/** A condition that holds when `v` is not a valid value of the integer type (wrong type included). */
export function intInvalid(type: IntType, v: string): string {
  if (type.bits === 64) {
    if (type.repr === "number") return type.signed ? `!Number.isSafeInteger(${v})` : `!(Number.isSafeInteger(${v}) && ${v} >= 0)`;
    const { lo, hi } = intRange(type);
    return `typeof ${v} !== "bigint" || ${v} < ${lo}n || ${v} > ${hi}n`;
  }
  switch (`${type.signed ? "i" : "u"}${type.bits}`) {
    case "u8": return `(${v} & 0xff) !== ${v}`;
    case "i8": return `((${v} << 24) >> 24) !== ${v}`;
    case "u16": return `(${v} & 0xffff) !== ${v}`;
    case "i16": return `((${v} << 16) >> 16) !== ${v}`;
    case "u32": return `${v} >>> 0 !== ${v}`;
    default: return `(${v} | 0) !== ${v}`;
  }
}

/** Byte stores of an integer already known to fit (no check). */
export function storeInt(g: FnGen, type: IntType, v: string, off: Off): string[] {
  const w = byteWidth(type);
  const le = type.endian === "le";
  if (type.bits === 64) {
    const e = le ? "LE" : "BE";
    if (type.repr === "bigint") return [`${g.rt(`write${type.signed ? "I" : "U"}64${e}`)}($t, ${at(off)}, ${v});`];
    // A safe integer as two 32-bit halves (two's complement for negatives), inline.
    const lo = g.fresh("lo");
    const half: IntType = { ...type, bits: 32 };
    return [
      `const ${lo} = ${v} >>> 0;`,
      `const ${lo}h = (${v} - ${lo}) / 4294967296;`,
      ...storeInt(g, half, lo, le ? off : shift(off, 4)),
      ...storeInt(g, half, `${lo}h`, le ? shift(off, 4) : off),
    ];
  }
  const lines: string[] = [];
  for (let i = 0; i < w; i++) {
    const s = 8 * (le ? i : w - 1 - i);
    lines.push(`$t[${at(off, i)}] = ${s === 0 ? v : `${v} >>> ${s}`};`);
  }
  return lines;
}

/** Binds `v` to a local unless it already is a plain identifier. */
export function bind(g: FnGen, v: string, out: string[]): string {
  if (/^[A-Za-z_$][\w$]*$/.test(v)) return v;
  const x = g.fresh("x");
  out.push(`const ${x} = ${v};`);
  return x;
}

export function writeFixedAt(g: FnGen, type: TypeModel, value: string, off: Off, path: Path, out: string[]): void {
  const name = g.errName;
  const p = pathCode(path);
  switch (type.kind) {
    case "int": {
      const v = bind(g, value, out);
      out.push(`if (${intInvalid(type, v)}) throw ${g.rt("outOfRange")}(${name}, ${p}, ${v}, "${intTypeName(type)}");`);
      out.push(...storeInt(g, type, v, off));
      return;
    }
    case "enum":
      return writeFixedAt(g, type.enum.backing, value, off, path, out);
    case "flags":
      return writeFixedAt(g, type.flags.backing, value, off, path, out);
    case "float": {
      const v = bind(g, value, out);
      out.push(`if (typeof ${v} !== "number") throw ${g.rt("outOfRange")}(${name}, ${p}, ${v}, "f${type.bits}");`);
      const w = byteWidth(type);
      out.push(
        `if (${g.rtConst("HOST_LE")}) {`,
        `${g.rtConst(`SCRATCH_F${type.bits}`)}[0] = ${v};`,
        ...Array.from({ length: w }, (_, i) => `$t[${at(off, type.endian === "le" ? i : w - 1 - i)}] = ${g.rtConst("SCRATCH")}[${i}]!;`),
        `} else ${g.rt(`writeF${type.bits}${type.endian === "le" ? "LE" : "BE"}`)}($t, ${at(off)}, ${v});`,
      );
      return;
    }
    case "string":
    case "bytes": {
      if (type.length.kind !== "fixed") throw new Error("not a fixed-width string");
      const { size, pad } = type.length;
      const v = bind(g, value, out);
      const room = pad === "nulterm" ? size - 1 : size;
      const n = g.fresh("n");
      if (pad === "nulterm") {
        const has = type.kind === "string" ? `${g.rt("hasNulChar")}(${v})` : `${v}.indexOf(0) !== -1`;
        out.push(`if (${has}) throw ${g.rt("nulInside")}(${name}, ${p});`);
      }
      if (type.kind === "string") {
        out.push(
          `const ${n} = ${g.rt("writeUtf8Bounded")}($t, ${at(off)}, ${v}, ${room});`,
          `if (${n} < 0) throw ${g.rt("tooLong")}(${name}, ${p}, ${g.rt("utf8Length")}(${v}), ${room});`,
        );
      } else {
        out.push(
          `const ${n} = ${v}.length;`,
          `if (${n} > ${room}) throw ${g.rt("tooLong")}(${name}, ${p}, ${n}, ${room});`,
          `${g.rt("writeBytes")}($t, ${at(off)}, ${v});`,
        );
      }
      out.push(`$t.fill(${pad === "space" ? "0x20" : "0"}, ${at(off)} + ${n}, ${at(off, size)});`);
      return;
    }
    case "array": {
      if (type.count.kind !== "fixed") throw new Error("not a fixed-count array");
      const count = type.count.count;
      const w = fixedWidth(type.element)!;
      const v = bind(g, value, out);
      out.push(`if (${v}.length !== ${count}) throw ${g.rt("lengthMismatch")}(${name}, ${p}, ${count}, ${v}.length);`);
      if (count <= UNROLLED_COUNT) {
        for (let i = 0; i < count; i++) writeFixedAt(g, type.element, `${v}[${i}]!`, shift(off, i * w), indexed(path, `${i}`), out);
        return;
      }
      const i = g.fresh("i");
      const body: string[] = [];
      writeFixedAt(g, type.element, `${v}[${i}]!`, { base: `${at(off)} + ${i} * ${w}`, k: 0 }, indexed(path, i), body);
      out.push(`for (let ${i} = 0; ${i} < ${count}; ${i}++) {`, ...body, `}`);
      return;
    }
    case "struct": {
      const v = bind(g, value, out);
      if (type.sizePrefix !== undefined || !inlineable(type.struct)) {
        const names = g.env.struct(type.struct);
        out.push(`try {`, `${names.write}($t, ${at(off)}, ${v});`, `} catch ($x) {`, `throw ${g.rt("nestEncodeError")}($x, ${name}, ${p});`, `}`);
        return;
      }
      let k = 0;
      for (const item of type.struct.items) {
        if (item.kind === "pad") {
          out.push(...fillZero(off, k, item.size));
          k += item.size;
          continue;
        }
        const d = defaultCode(item, g.env);
        const fv = `${v}.${g.env.prop(item.name)}`;
        writeFixedAt(g, item.type, d === undefined ? fv : `(${fv} ?? ${d})`, shift(off, k), child(path, item.name), out);
        k += fixedWidth(item.type)!;
      }
      return;
    }
    case "prefixed": {
      const bytes = prefixedPrefixBytes(type);
      bytes.forEach((b, i) => out.push(`$t[${at(off, i)}] = ${b};`));
      writeFixedAt(g, type.value, value, shift(off, bytes.length), path, out);
      return;
    }
    case "varint":
      throw new Error("a varint has no fixed width");
    default:
      return assertNever(type);
  }
}

export function fillZero(off: Off, k: number, size: number): string[] {
  if (size <= 4) return Array.from({ length: size }, (_, i) => `$t[${at(off, k + i)}] = 0;`);
  return [`$t.fill(0, ${at(off, k)}, ${at(off, k + size)});`];
}
