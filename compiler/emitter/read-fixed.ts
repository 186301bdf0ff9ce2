/**
 * Decoding of fixed-width values at a known offset. The caller has already checked, once for the whole
 * run, that the bytes are there; these reads never check bounds themselves.
 */
import type { IntType, StructModel, TypeModel } from "../model/model.js";
import { type FnGen, type Path, child, indexed, pathCode } from "./fn.js";
import { prop } from "./names.js";
import { tsType } from "./ts-types.js";
import { assertNever, fixedWidth, structFixedSize } from "./wire.js";

/** An offset expression: `base + k`, with the constant part kept separate so it folds. */
export interface Off {
  readonly base: string;
  readonly k: number;
}

export function at(off: Off, plus = 0): string {
  const k = off.k + plus;
  return k === 0 ? off.base : `${off.base} + ${k}`;
}

export function shift(off: Off, by: number): Off {
  return { base: off.base, k: off.k + by };
}

/** Inline expression reading an integer of up to 32 bits. */
export function readIntExpr(type: IntType, off: Off): string {
  const b = (i: number): string => `$t[${at(off, i)}]!`;
  const le = type.endian === "le";
  switch (type.bits) {
    case 8:
      return type.signed ? `((${b(0)} << 24) >> 24)` : b(0);
    case 16: {
      const v = le ? `(${b(0)} | (${b(1)} << 8))` : `((${b(0)} << 8) | ${b(1)})`;
      return type.signed ? `((${v} << 16) >> 16)` : v;
    }
    case 32: {
      const v = le
        ? `(${b(0)} | (${b(1)} << 8) | (${b(2)} << 16) | (${b(3)} << 24))`
        : `((${b(0)} << 24) | (${b(1)} << 16) | (${b(2)} << 8) | ${b(3)})`;
      return type.signed ? v : `(${v} >>> 0)`;
    }
    case 64:
      throw new Error("64-bit integers are read through the runtime");
    default:
      return assertNever(type.bits);
  }
}

/** A fixed struct can be read inline (as an object literal) when it is plain: no roles, no conditions. */
export function inlineable(struct: StructModel): boolean {
  if (struct.recursive || structFixedSize(struct) === undefined) return false;
  return struct.items.every((i) => i.kind === "pad" || (i.role.kind === "value" && inlineType(i.type)));
}

function inlineType(type: TypeModel): boolean {
  if (type.kind === "struct") return inlineable(type.struct);
  if (type.kind === "array") return inlineType(type.element);
  return true;
}

/**
 * Emits whatever checks the read needs into `out` and returns an expression for the value of `type` at
 * `off`. `type` must have a fixed width (and, for structs, be inlineable or is read via its function).
 */
export function readFixedAt(g: FnGen, type: TypeModel, off: Off, path: Path, out: string[]): string {
  const name = g.errName;
  switch (type.kind) {
    case "int": {
      if (type.bits < 64) return readIntExpr(type, off);
      const le = type.endian === "le";
      if (type.repr === "bigint") return `${g.rt(type.signed ? "readI64" : "readU64")}($t, ${at(off)}, ${le})`;
      const v = g.fresh("n");
      out.push(`const ${v} = ${g.rt(type.signed ? "readI64Number" : "readU64Number")}($t, ${at(off)}, ${le});`);
      const bad = type.signed ? `Number.isNaN(${v})` : `${v} < 0`;
      out.push(
        `if (${bad}) throw ${g.rt("badValue")}(${name}, ${pathCode(path)}, ${at(off)}, "${type.signed ? "i" : "u"}64 value is not a safe integer (declare it as bigint)");`,
      );
      return v;
    }
    case "float":
      return `${g.rt(type.bits === 32 ? "readF32" : "readF64")}($t, ${at(off)}, ${type.endian === "le"})`;
    case "enum":
      return readFixedAt(g, type.enum.backing, off, path, out);
    case "flags":
      return readFixedAt(g, type.flags.backing, off, path, out);
    case "string":
    case "bytes": {
      if (type.length.kind !== "fixed") throw new Error("not a fixed-width string");
      const { size, pad } = type.length;
      const start = at(off);
      let end = at(off, size);
      if (pad !== "nul") {
        const e = g.fresh("e");
        if (pad === "space") {
          out.push(`const ${e} = ${g.rt("trimSpaceEnd")}($t, ${start}, ${end});`);
        } else {
          // Perl's pack 'Z' always leaves a NUL; without one the field is malformed (and would not re-encode).
          out.push(`const ${e} = ${g.rt("nulIndex")}($t, ${start}, ${end});`);
          out.push(`if (${e} < 0) throw ${g.rt("unterminated")}(${name}, ${pathCode(path)}, ${start});`);
        }
        end = e;
      }
      if (type.kind === "bytes") return `$t.subarray(${start}, ${end})`;
      const s = g.fresh("s");
      out.push(`const ${s} = ${g.rt("readUtf8")}($t, ${start}, ${end});`);
      out.push(`if (${s} === undefined) throw ${g.rt("badUtf8")}(${name}, ${pathCode(path)}, ${start});`);
      return s;
    }
    case "array": {
      if (type.count.kind !== "fixed") throw new Error("not a fixed-count array");
      const n = type.count.count;
      const w = fixedWidth(type.element)!;
      if (n <= 8) {
        const items: string[] = [];
        for (let i = 0; i < n; i++) items.push(readFixedAt(g, type.element, shift(off, i * w), indexed(path, `${i}`), out));
        return `[${items.join(", ")}]`;
      }
      const a = g.fresh("a");
      const i = g.fresh("i");
      const body: string[] = [];
      const item = readFixedAt(g, type.element, { base: `${at(off)} + ${i} * ${w}`, k: 0 }, indexed(path, i), body);
      out.push(`const ${a}: ${tsType(type, "value", g.env)} = [];`);
      out.push(`for (let ${i} = 0; ${i} < ${n}; ${i}++) {`, ...body, `${a}.push(${item});`, `}`);
      return a;
    }
    case "struct": {
      if (type.sizePrefix !== undefined || !inlineable(type.struct)) throw new Error("struct is not inlineable");
      const parts: string[] = [];
      let k = 0;
      for (const item of type.struct.items) {
        if (item.kind === "pad") {
          k += item.size;
          continue;
        }
        parts.push(`${prop(item.name)}: ${readFixedAt(g, item.type, shift(off, k), child(path, item.name), out)}`);
        k += fixedWidth(item.type)!;
      }
      return `{ ${parts.join(", ")} }`;
    }
    case "varint":
      throw new Error("a varint has no fixed width");
    default:
      return assertNever(type);
  }
}
