/**
 * Encoder generation: straight-line writes into a buffer sized exactly beforehand. Consecutive
 * fixed-width fields are written at constant offsets from one position that advances once per run.
 */
import type { FieldModel, IntType, LayoutItem, PrefixType, TypeModel } from "../../model/model.js";
import { fieldsInConditions } from "../../model/refs.js";
import { byteWidth, fixedWidth, intTypeName } from "../../model/wire.js";
import type { EncodeValues } from "./encode-values.js";
import { type FnGen, type Path, child, pathCode } from "./fn.js";
import { type Off, at, shift } from "./read-fixed.js";
import { bind, fillZero, intInvalid, storeInt, writeFixedAt } from "./write-fixed.js";
import { writeCountAt, writeValue } from "./write-value.js";

type RunWrite = (base: Off) => string[];

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
        runSize += byteWidth(prefix);
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
