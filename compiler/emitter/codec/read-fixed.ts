/**
 * Decoding of fixed-width values at a known offset. The caller has already checked, once for the whole
 * run, that the bytes are there; these reads never check bounds themselves.
 */
import { assertNever } from "../../model/assert-never.js";
import type { IntType, StructModel, TypeModel } from "../../model/model.js";
import { byteWidth, fixedWidth, prefixedPrefixBytes, prefixedValueWidth, structFixedWidth } from "../../model/wire.js";
import { type FnGen, type Path, child, indexed, pathCode } from "./fn.js";
import { tsType } from "./ts-types.js";

/** An offset expression: `base + k`, with the constant part kept separate so it folds. */
export interface Off {
  readonly base: string;
  readonly k: number;
}

export function at(off: Off, plus = 0): string {
  const k = off.k + plus;
  if (/^\d+$/.test(off.base)) return `${Number(off.base) + k}`;
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

/**
 * Small non-recursive structs (Box's Key and Tuple) are encoded and decoded inside their user's function,
 * without a call: a call per tuple costs about a tenth of a response's decode time. Bigger structs keep
 * their own functions so generated code stays proportional to the schema.
 */
export function inlinedStruct(struct: StructModel): boolean {
  if (struct.recursive || inlineable(struct)) return false;
  const fields = struct.items.filter((i) => i.kind === "field");
  if (fields.length > 4) return false;
  const plain = (t: TypeModel): boolean =>
    t.kind === "struct" ? t.sizePrefix === undefined && inlineable(t.struct) : t.kind === "array" ? plain(t.element) : true;
  return fields.every((f) => f.kind === "field" && plain(f.type));
}

/**
 * The most values a struct may expand to when its reads and writes are inlined into its users. Beyond
 * it the struct's own functions are called, so generated code stays linear in the schema: a chain of
 * nested fixed structs inlined whole grew with the cube of its depth (100 levels: 13.7 MB of output).
 */
const INLINE_BUDGET = 16;
/** Fixed arrays up to this count are unrolled (write-fixed.ts, read-fixed.ts); longer ones loop. */
export const UNROLLED_COUNT = 8;
const inlineCosts = new WeakMap<StructModel, number>();

/**
 * A fixed struct can be read inline (as an object literal) when it is plain — no roles, no conditions —
 * and small: at most INLINE_BUDGET values once everything inlined into it is counted.
 */
export function inlineable(struct: StructModel): boolean {
  return inlineCost(struct) <= INLINE_BUDGET;
}

/** Values an inlined struct expands to; Infinity when it cannot be inlined at all. Memoized: O(schema). */
function inlineCost(struct: StructModel): number {
  const known = inlineCosts.get(struct);
  if (known !== undefined) return known;
  let cost = 0;
  if (struct.recursive || structFixedWidth(struct) === undefined) cost = Infinity;
  else {
    for (const item of struct.items) {
      if (item.kind === "pad") continue;
      cost += item.role.kind === "value" ? typeCost(item.type) : Infinity;
    }
  }
  inlineCosts.set(struct, cost);
  return cost;
}

function typeCost(type: TypeModel): number {
  if (type.kind === "struct") return inlineable(type.struct) ? inlineCost(type.struct) : Infinity;
  if (type.kind === "array") {
    const count = type.count.kind === "fixed" ? type.count.count : 1;
    return (count <= UNROLLED_COUNT ? count : 1) * typeCost(type.element);
  }
  return 1;
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
      const e = type.endian === "le" ? "LE" : "BE";
      if (type.repr === "bigint") return `${g.rt(`read${type.signed ? "I" : "U"}64${e}`)}($t, ${at(off)})`;
      // As a number: two 32-bit halves, inline (exact while the value is a safe integer).
      const lowAt = type.endian === "le" ? off : shift(off, 4);
      const highAt = type.endian === "le" ? shift(off, 4) : off;
      const low = readIntExpr({ ...type, bits: 32, signed: false }, lowAt);
      const high = readIntExpr({ ...type, bits: 32 }, highAt);
      const v = g.fresh("n");
      const fail = `throw ${g.rt("badValue")}(${name}, ${pathCode(path)}, ${at(off)}, "${type.signed ? "i" : "u"}64 value is not a safe integer (declare it as bigint)");`;
      if (type.signed) {
        out.push(`const ${v} = ${high} * 4294967296 + ${low};`, `if (!Number.isSafeInteger(${v})) ${fail}`);
      } else {
        out.push(`const ${v}h = ${high};`, `if (${v}h > 0x1fffff) ${fail}`, `const ${v} = ${v}h * 4294967296 + ${low};`);
      }
      return v;
    }
    case "float": {
      const w = byteWidth(type);
      const v = g.fresh("f");
      const copy = Array.from({ length: w }, (_, i) => `${g.rtConst("SCRATCH")}[${i}] = $t[${at(off, type.endian === "le" ? i : w - 1 - i)}]!;`);
      out.push(
        `let ${v}: number;`,
        `if (${g.rtConst("HOST_LE")}) {`,
        ...copy,
        `${v} = ${g.rtConst(`SCRATCH_F${type.bits}`)}[0]!;`,
        `} else ${v} = ${g.rt(`readF${type.bits}${type.endian === "le" ? "LE" : "BE"}`)}($t, ${at(off)});`,
      );
      return v;
    }
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
      if (n <= UNROLLED_COUNT) {
        const items: string[] = [];
        for (let i = 0; i < n; i++) items.push(readFixedAt(g, type.element, shift(off, i * w), indexed(path, `${i}`), out));
        return `[${items.join(", ")}]`;
      }
      const a = g.fresh("a");
      const i = g.fresh("i");
      const body: string[] = [];
      const item = readFixedAt(g, type.element, { base: `${at(off)} + ${i} * ${w}`, k: 0 }, indexed(path, i), body);
      out.push(`const ${a}: ${tsType(type, "value", g.env)} = ${presizedArray(`${n}`)};`);
      out.push(`for (let ${i} = 0; ${i} < ${n}; ${i}++) {`, ...body, `${a}[${i}] = ${item};`, `}`);
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
        parts.push(`${g.env.prop(item.name)}: ${readFixedAt(g, item.type, shift(off, k), child(path, item.name), out)}`);
        k += fixedWidth(item.type)!;
      }
      return `{ ${parts.join(", ")} }`;
    }
    case "prefixed": {
      const bytes = prefixedPrefixBytes(type);
      const test = bytes.map((b, i) => `$t[${at(off, i)}] !== ${b}`).join(" || ");
      const reason = `length prefix is not ${prefixedValueWidth(type)}, the width of the value`;
      out.push(`if (${test}) throw ${g.rt("badValue")}(${name}, ${pathCode(path)}, ${at(off)}, ${JSON.stringify(reason)});`);
      return readFixedAt(g, type.value, shift(off, bytes.length), path, out);
    }
    case "varint":
      throw new Error("a varint has no fixed width");
    default:
      return assertNever(type);
  }
}

/**
 * Arrays up to this many items are allocated at their decoded count (`new Array(n)`, then filled by
 * index); longer ones grow from `[]` (a `new Array` that long would start in dictionary mode).
 */
export const PRESIZED_MAX = 4096;

/**
 * A new array for `n` items (`n` checked non-negative and bounded by the bytes left). Sized once, it
 * skips push's growth steps and their slack (an 8-item `push`ed array holds 17 slots): the Box SELECT
 * decode of 100 tuples runs 13–18% faster. Emitted inline at each site, never a shared runtime helper:
 * one `new Array` allocation site for every message would mix their elements kinds (numbers, doubles,
 * objects) and hand every decoder the most general one.
 */
export function presizedArray(n: string): string {
  if (/^\d+$/.test(n)) return Number(n) <= PRESIZED_MAX ? `new Array(${n})` : "[]";
  return `${n} <= ${PRESIZED_MAX} ? new Array(${n}) : []`;
}
