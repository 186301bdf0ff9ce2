/**
 * Encoder generation: straight-line writes into a buffer sized exactly beforehand. Consecutive
 * fixed-width fields are written at constant offsets from one position that advances once per run.
 */
import type { FieldModel, IntType, LayoutItem, PrefixType, StructModel, TypeModel } from "../model/model.js";
import { EncodeValues } from "./encode-values.js";
import { sizeCode, sizeValue } from "./size.js";
import { inlinedStruct } from "./read-fixed.js";
import { type FnGen, type Path, child, indexed, pathCode } from "./fn.js";
import { type Off, at, shift } from "./read-fixed.js";
import { bind, fillZero, intInvalid, storeInt, writeFixedAt } from "./write-fixed.js";
import { assertNever, fixedWidth, intRange, intTypeName } from "./wire.js";
import { fieldsInConditions } from "./refs.js";

type RunWrite = (base: Off) => string[];

/** Largest length/count an integer prefix can carry (lengths are numbers, so at most 2^53−1). */
function prefixMax(prefix: IntType): number {
  const hi = intRange(prefix).hi;
  return hi > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(hi);
}

/** Writes a count/length `n` (a number) as `prefix` at `off`, checking it fits. */
function writeCountAt(g: FnGen, prefix: IntType, n: string, off: Off, path: Path, what: string): string[] {
  const max = prefixMax(prefix);
  return [
    `if (${n} > ${max}) throw ${g.rt("outOfRange")}(${g.errName}, ${pathCode(path)}, ${n}, "${what} prefix ${intTypeName(prefix)}");`,
    ...storeInt(g, prefix, prefix.bits === 64 && prefix.repr === "bigint" ? `BigInt(${n})` : n, off),
  ];
}

function writeVarintCount(g: FnGen, n: string): string[] {
  return [`if (${n} < 0x80) $t[$p++] = ${n};`, `else $p = ${g.rt("writeVarint")}($t, $p, ${n});`];
}

/** The length or count a prefix of this type carries, and the prefix, when it can be written first. */
function countPrefix(type: TypeModel, value: string): { prefix: PrefixType; n: string } | undefined {
  if (type.kind === "bytes" && type.length.kind === "prefix") return { prefix: type.length.prefix, n: `${value}.length` };
  if (type.kind === "array" && type.count.kind === "prefix") return { prefix: type.count.prefix, n: `${value}.length` };
  return undefined;
}

export function writeLayout(g: FnGen, items: readonly LayoutItem[], vals: EncodeValues, path: Path, out: string[]): void {
  const sizedBy = new Map<FieldModel, FieldModel>();
  for (const item of items) if (item.kind === "field" && item.role.kind === "sizeof") sizedBy.set(item.role.target, item);
  /** sizeof fields written after their target (their position is remembered). */
  const backfill = new Map<FieldModel, string>();
  const early = fieldsInConditions(items);

  let run: RunWrite[] = [];
  let runSize = 0;
  const flush = (): void => {
    if (runSize === 0) return;
    for (const w of run) out.push(...w({ base: "$p", k: 0 }));
    out.push(`$p += ${runSize};`);
    run = [];
    runSize = 0;
  };

  for (const item of items) {
    if (item.kind === "pad") {
      const off = runSize;
      run.push((base) => fillZero(base, off, item.size));
      runSize += item.size;
      continue;
    }
    const f = item;
    const fpath = child(path, f.name);
    const w = fixedWidth(f.type);
    if (f.condition === undefined && !sizedBy.has(f)) {
      const off = runSize;
      if (w !== undefined) {
        if (f.role.kind === "sizeof" && !early.has(f) && f.type.kind === "int") {
          const pos = g.fresh("at");
          backfill.set(f, pos);
          run.push((base) => [`const ${pos} = ${at(base, off)};`]);
        } else {
          const v = vals.get(f);
          run.push((base) => {
            const lines: string[] = [];
            writeFixedAt(g, f.type, v, shift(base, off), fpath, lines);
            return lines;
          });
        }
        runSize += w;
        continue;
      }
      const cp = countPrefix(f.type, vals.get(f));
      if (cp !== undefined && cp.prefix.kind === "int") {
        const prefix = cp.prefix;
        run.push((base) => writeCountAt(g, prefix, cp.n, shift(base, off), fpath, f.type.kind === "array" ? "count" : "length"));
        runSize += prefix.bits / 8;
        flush();
        writeValue(g, f.type, vals.get(f), fpath, out, true);
        continue;
      }
    }
    flush();
    writeField(g, f, sizedBy.get(f), backfill, vals, fpath, out);
  }
  flush();
}

function writeField(
  g: FnGen,
  f: FieldModel,
  sizeField: FieldModel | undefined,
  backfill: ReadonlyMap<FieldModel, string>,
  vals: EncodeValues,
  path: Path,
  out: string[],
): void {
  const v = vals.get(f);
  const start = g.fresh("st");
  if (sizeField !== undefined) out.push(`const ${start} = $p;`);
  if (f.condition === undefined) {
    writeValue(g, f.type, v, path, out);
  } else {
    const body = [`if (${v} === undefined) throw ${g.rt("missingField")}(${g.errName}, ${pathCode(path)});`];
    writeValue(g, f.type, v, path, body);
    out.push(`if (${g.condition(f)}) {`, ...body, `}`);
  }
  if (sizeField === undefined) return;
  const p = pathCode(path);
  const pos = backfill.get(sizeField);
  if (pos === undefined) {
    const n = vals.count(sizeField);
    out.push(`if ($p - ${start} !== ${n}) throw ${g.rt("lengthMismatch")}(${g.errName}, ${p}, ${vals.get(sizeField)}, $p - ${start});`);
    return;
  }
  const type = sizeField.type as IntType;
  const z = g.fresh("z");
  const given = vals.given(sizeField);
  const big = type.repr === "bigint";
  out.push(
    `const ${z} = $p - ${start};`,
    `if (${given} !== undefined && ${given} !== ${big ? `BigInt(${z})` : z}) throw ${g.rt("lengthMismatch")}(${g.errName}, ${p}, ${given}, ${z});`,
  );
  const zv = big ? `BigInt(${z})` : z;
  const zb = bind(g, zv, out);
  out.push(
    `if (${intInvalid(type, zb)}) throw ${g.rt("outOfRange")}(${g.errName}, ${pathCode([sizeField.name])}, ${zb}, "${intTypeName(type)}");`,
    ...storeInt(g, type, zb, { base: pos, k: 0 }),
  );
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
        if (l.prefix.kind === "int") out.push(...writeCountAt(g, l.prefix, `${v}.length`, { base: "$p", k: 0 }, path, "length"), `$p += ${l.prefix.bits / 8};`);
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
        if (c.prefix.kind === "int") out.push(...writeCountAt(g, c.prefix, `${v}.length`, { base: "$p", k: 0 }, path, "count"), `$p += ${c.prefix.bits / 8};`);
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
        out.push(`const ${st} = $p;`, `$p += ${sp.bits / 8};`, ...call, `const ${z} = $p - ${st} - ${sp.bits / 8};`);
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
        const pw = l.prefix.bits / 8;
        out.push(`const ${n} = ${g.rt("writeUtf8")}($t, $p + ${pw}, ${v});`);
        out.push(...writeCountAt(g, l.prefix, n, { base: "$p", k: 0 }, path, "length"), `$p += ${pw} + ${n};`);
        return;
      }
      // Up to 42 UTF-16 units encode to at most 126 bytes: a one-byte varint, known before writing.
      out.push(
        `if (${v}.length < 43) {`,
        `const ${n} = ${g.rt("writeUtf8")}($t, $p + 1, ${v});`,
        `$t[$p] = ${n};`,
        `$p += 1 + ${n};`,
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
