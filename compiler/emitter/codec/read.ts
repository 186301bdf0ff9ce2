/**
 * Decoder generation. A layout becomes straight-line code: consecutive fixed-width fields form a run that
 * is bounds-checked once and read at constant offsets; everything else is checked where it is read. Loops
 * appear only for arrays. Counts and lengths are checked against the bytes left before anything is
 * allocated, so a hostile count fails at once.
 */
import type { FieldModel, LayoutItem, TypeModel } from "../../model/model.js";
import { byteWidth } from "../../model/wire.js";
import { fieldLocal } from "../plan/names.js";
import { type FnGen, type Path, child, pathCode } from "./fn.js";
import { readFixedAt, shift, type Off } from "./read-fixed.js";
import { countOf, fixedCheck, inlineWidth, leadingIntPrefix, readCountAt, readValue } from "./read-value.js";
import { tsType } from "./ts-types.js";

interface RunEntry {
  readonly name: string;
  readonly off: number;
  readonly width: number;
  readonly emit: ((base: Off) => string[]) | undefined;
}

/**
 * Emits code decoding `items` at `$p` (advancing it) into one local per field. With `reads`, a field
 * outside it gets no local (projects' `noUnusedLocals`): one skippable is stepped over, a string is still
 * decoded (its UTF-8 checked) but not bound; others are bound as usual. Callers must include every field
 * the code after reads — an envelope's code and message, the fields conditions and lengths name.
 */
export function readLayout(g: FnGen, items: readonly LayoutItem[], end: string, path: Path, out: string[], reads?: ReadonlySet<FieldModel>): void {
  const sizedBy = new Map<FieldModel, FieldModel>();
  for (const item of items) if (item.kind === "field" && item.role.kind === "sizeof") sizedBy.set(item.role.target, item);

  let run: RunEntry[] = [];
  let runSize = 0;
  const flush = (): void => {
    if (runSize === 0) return;
    // The run's fields as "name offset width …": read only on the error path.
    const layout = JSON.stringify(run.map((e) => `${e.name} ${e.off} ${e.width}`).join(" "));
    out.push(`if (${end} - $p < ${runSize}) throw ${g.rt("truncatedIn")}(${g.errName}, ${pathCode(path)}, $p, ${end}, ${layout});`);
    for (const e of run) if (e.emit) out.push(...e.emit({ base: "$p", k: 0 }));
    out.push(`$p += ${runSize};`);
    run = [];
    runSize = 0;
  };

  for (const item of items) {
    if (item.kind === "pad") {
      run.push({ name: "(pad)", off: runSize, width: item.size, emit: undefined });
      runSize += item.size;
      continue;
    }
    const f = item;
    const fpath = child(path, f.name);
    const local = fieldLocal(f.name);
    if (f.condition === undefined && !sizedBy.has(f)) {
      const w = inlineWidth(f.type);
      const off = runSize;
      if (w !== undefined) {
        if (reads?.has(f) === false && skippable(f.type)) {
          run.push({ name: f.name, off, width: w, emit: undefined });
          runSize += w;
          continue;
        }
        run.push({
          name: f.name, off, width: w,
          emit: (base) => {
            const lines: string[] = [];
            const e = readFixedAt(g, f.type, shift(base, off), fpath, lines);
            lines.push(`const ${local} = ${e};`);
            return lines;
          },
        });
        runSize += w;
        g.fieldVars.set(f, local);
        continue;
      }
      const prefix = leadingIntPrefix(f.type);
      if (prefix !== undefined && prefix.kind === "int") {
        const n = g.fresh("n");
        run.push({ name: f.name, off, width: byteWidth(prefix), emit: (base) => readCountAt(g, prefix, shift(base, off), n, fpath) });
        runSize += byteWidth(prefix);
        flush();
        const body: string[] = [];
        const v = readValue(g, f.type, end, fpath, body, { code: n, signed: prefix.signed });
        if (reads?.has(f) === false && f.type.kind === "string") {
          out.push(...body);
          continue;
        }
        out.push(...body, `const ${local} = ${v};`);
        g.fieldVars.set(f, local);
        continue;
      }
    }
    flush();
    readField(g, f, sizedBy.get(f), end, fpath, out, reads?.has(f) !== false);
  }
  flush();
}

/** A field read where it is (bounds checked on its own), behind its condition; `read` false: see readLayout. */
function readField(g: FnGen, f: FieldModel, sizeField: FieldModel | undefined, end: string, path: Path, out: string[], read: boolean): void {
  const local = fieldLocal(f.name);
  const cond = f.condition === undefined ? undefined : g.condition(f);
  const body: string[] = [];
  let value: string;
  const width = inlineWidth(f.type);
  if (!read && sizeField === undefined && width !== undefined && skippable(f.type)) {
    skipFixed(g, width, end, path, body);
    out.push(...(cond === undefined ? body : [`if (${cond}) {`, ...body, `}`]));
    return;
  }
  if (sizeField !== undefined) {
    const size = countOf(g, sizeField);
    const b = g.fresh("b");
    body.push(`if (${size.signed ? `${size.code} < 0 || ` : ""}${size.code} > ${end} - $p) throw ${g.rt("tooLarge")}(${g.errName}, ${pathCode(path)}, $p, "size", ${size.code}, ${end} - $p);`);
    body.push(`const ${b} = $p + ${size.code};`);
    value = readValue(g, f.type, b, path, body);
    body.push(`if ($p !== ${b}) throw ${g.rt("boundMismatch")}(${g.errName}, ${pathCode(path)}, $p, ${b});`);
  } else {
    value = readValue(g, f.type, end, path, body);
  }
  // A string nothing reads is decoded all the same: its bytes must be valid UTF-8.
  const bound = read || f.type.kind !== "string";
  if (cond === undefined) {
    out.push(...body, ...(bound ? [`const ${local} = ${value};`] : []));
  } else {
    out.push(...(bound ? [`let ${local}: ${tsType(f.type, "value", g.env)} | undefined;`] : []), `if (${cond}) {`, ...body, ...(bound ? [`${local} = ${value};`] : []), `}`);
    if (sizeField !== undefined) {
      // An absent part has size 0: anything else would leave bytes the size claims unaccounted for.
      const size = countOf(g, sizeField);
      out.push(`else if (${size.code} !== 0) throw ${g.rt("badValue")}(${g.errName}, ${pathCode(path)}, $p, \`size says \${${size.code}} bytes of an absent field\`);`);
    }
  }
  if (bound) g.fieldVars.set(f, local);
}

/** Emits code stepping over a value of fixed width `w` at `$p` that nothing reads: its bounds, checked. */
function skipFixed(g: FnGen, w: number, end: string, path: Path, out: string[]): void {
  out.push(fixedCheck(g, w, end, path), `$p += ${w};`);
}

/**
 * Whether reading a value of `type` is a pure expression that can fail no check and needs no runtime
 * helper (integers to 32 bits, enums and flags over them, plain structs of those): one nothing reads is
 * stepped over without being read (skipFixed).
 */
function skippable(type: TypeModel): boolean {
  switch (type.kind) {
    case "int":
      return type.bits <= 32;
    case "enum":
      return skippable(type.enum.backing);
    case "flags":
      return skippable(type.flags.backing);
    case "struct":
      return type.sizePrefix === undefined && inlineWidth(type) !== undefined && type.struct.items.every((i) => i.kind === "pad" || (i.condition === undefined && skippable(i.type)));
    default:
      return false;
  }
}
