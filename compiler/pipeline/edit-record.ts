/**
 * The edit record: what a clean `generate` run needs kept so that the next run, after an edit inside one
 * message, can put that message's new code in place without compiling the rest (edit-splice.ts). Kept
 * beside the run record (run-record.ts), which says what else changed, and under the same rules: only an
 * optimisation, ignored when unreadable, malformed or written by another build of the compiler.
 *
 * It holds each schema that declares messages, as compiled, and per module each message: where its
 * declaration is in the schema (from its leading comments to its closing brace), where its code is in the
 * module, and what emitting it did to the module's env (its shared codecs are what couple it to others).
 */
import { isEffectList, type EnvEffect } from "../emitter/file/env-effects.js";
import type { CompiledFile } from "./compile.js";
import { withLeadingComments } from "./edit-region.js";
import { readRecordFile, writeRecordFile } from "./record-file.js";

const FORMAT = "iprotoc-edit 1";

/** One message as the record keeps it. */
export interface RecordedMessage {
  readonly name: string;
  readonly code: number;
  /** Its declaration with its leading comments, `[start, end)` in the schema's text. */
  readonly start: number;
  readonly end: number;
  /** Its code, `[outStart, outEnd)` in the module's UTF-8 bytes (the splice never decodes the module). */
  readonly outStart: number;
  readonly outEnd: number;
  readonly effects: readonly EnvEffect[];
}

export interface RecordedModule {
  /** The schema's path, as the program names it. */
  readonly schema: string;
  /** The module's path, as compile returned it (relative to the working directory). */
  readonly out: string;
  readonly messages: readonly RecordedMessage[];
  /** Each service's client, handler and dispatcher, `[outStart, outEnd)` in the module's bytes. */
  readonly services: readonly RecordedService[];
  /** The schema's declarations other than services, with their leading comments: what a small program may leave out. */
  readonly declarations: readonly RecordedDeclaration[];
}

export interface RecordedDeclaration {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

export interface RecordedService {
  readonly name: string;
  readonly outStart: number;
  readonly outEnd: number;
}

export interface EditRecord {
  /** The run's inputs (generate.ts: everything but the schemas' text the output depends on). */
  readonly inputs: string;
  /** The text of each schema that declares messages, as compiled. */
  readonly schemas: ReadonlyMap<string, string>;
  readonly modules: readonly RecordedModule[];
}

/** The record of a run that compiled `sources` into `files`; undefined when a module lacks what it needs. */
export function editRecordOf(inputs: string, sources: ReadonlyMap<string, string>, files: readonly CompiledFile[]): EditRecord | undefined {
  const schemas = new Map<string, string>();
  const modules: RecordedModule[] = [];
  for (const file of files) {
    if (file.schema === undefined || file.messages === undefined || file.messages.length === 0) continue;
    const text = sources.get(file.schema);
    if (text === undefined) return undefined;
    // UTF-16 offsets to byte offsets, counting the bytes between one offset and the next, in order.
    const marks = [...file.messages.flatMap((m) => m.output), ...(file.services ?? []).flatMap((s) => s.output)].sort((a, b) => a - b);
    const bytes = new Map<number, number>();
    let at = 0;
    let count = 0;
    for (const mark of marks) {
      count += Buffer.byteLength(file.text.slice(at, mark));
      bytes.set(mark, count);
      at = mark;
    }
    const messages: RecordedMessage[] = [];
    for (const m of file.messages) {
      if (m.effects === undefined) return undefined;
      const [outStart, outEnd] = [bytes.get(m.output[0])!, bytes.get(m.output[1])!];
      messages.push({ name: m.name, code: m.code, start: withLeadingComments(text, m.source[0]), end: m.source[1], outStart, outEnd, effects: m.effects });
    }
    const services = (file.services ?? []).map((s) => ({ name: s.name, outStart: bytes.get(s.output[0])!, outEnd: bytes.get(s.output[1])! }));
    schemas.set(file.schema, text);
    const declarations = (file.declarations ?? []).map((d) => ({ name: d.name, start: withLeadingComments(text, d.source[0]), end: d.source[1] })).sort((a, b) => a.start - b.start);
    modules.push({ schema: file.schema, out: file.path, messages, services, declarations });
  }
  return { inputs, schemas, modules };
}

/** A message saved: its effects as indexes into Saved.effects (most messages' effects are alike). */
type SavedMessage = [name: string, code: number, start: number, end: number, outStart: number, outEnd: number, effects: number[]];

interface Saved {
  readonly schemas: [string, string][];
  /** Every distinct effect, once. */
  readonly effects: EnvEffect[];
  readonly modules: {
    schema: string;
    out: string;
    messages: SavedMessage[];
    services: [name: string, outStart: number, outEnd: number][];
    declarations: [name: string, start: number, end: number][];
  }[];
}

/** Saves `record` at `file`; false when it can't. */
export function writeEditRecord(file: string, record: EditRecord): boolean {
  const effects: EnvEffect[] = [];
  const indexes = new Map<string, number>();
  const indexOf = (e: EnvEffect): number => {
    const key = e.join("\u0000");
    let i = indexes.get(key);
    if (i === undefined) indexes.set(key, (i = effects.push(e) - 1));
    return i;
  };
  const saved: Saved = {
    schemas: [...record.schemas],
    modules: record.modules.map((m) => ({
      schema: m.schema,
      out: m.out,
      messages: m.messages.map((x) => [x.name, x.code, x.start, x.end, x.outStart, x.outEnd, x.effects.map(indexOf)]),
      services: m.services.map((x) => [x.name, x.outStart, x.outEnd]),
      declarations: m.declarations.map((x) => [x.name, x.start, x.end]),
    })),
    effects,
  };
  return writeRecordFile(file, FORMAT, record.inputs, saved);
}

/** The record at `file` when it is well-formed, of this compiler and of these `inputs`. */
export function readEditRecord(file: string, inputs: string): EditRecord | undefined {
  const saved = readRecordFile<Saved>(file, FORMAT, inputs);
  if (saved === undefined) return undefined;
  try {
    if (!isEffectList(saved.effects)) return undefined;
    const table = saved.effects;
    const schemas = new Map<string, string>();
    for (const [path, text] of saved.schemas) {
      if (typeof path !== "string" || typeof text !== "string") return undefined;
      schemas.set(path, text);
    }
    const modules = saved.modules.map((m): RecordedModule => {
      const text = schemas.get(m.schema);
      if (typeof m.out !== "string" || text === undefined) throw new Error("malformed");
      let last = 0;
      let lastOut = 0;
      const messages = m.messages.map(([name, code, start, end, outStart, outEnd, indexes]): RecordedMessage => {
        const offsets = [start, end, outStart, outEnd];
        if (typeof name !== "string" || !Number.isSafeInteger(code) || !offsets.every(Number.isSafeInteger)) throw new Error("malformed");
        // In order, inside the schema and the module: the splice cuts both at these offsets.
        if (start < last || end < start || end > text.length || outStart < lastOut || outEnd < outStart) throw new Error("malformed");
        const effects = indexes.map((i) => table[i]);
        if (!effects.every((e) => e !== undefined)) throw new Error("malformed");
        last = end;
        lastOut = outEnd;
        return { name, code, start, end, outStart, outEnd, effects: effects as EnvEffect[] };
      });
      const services = m.services.map(([name, outStart, outEnd]): RecordedService => {
        if (typeof name !== "string" || !Number.isSafeInteger(outStart) || !Number.isSafeInteger(outEnd) || outStart < 0 || outEnd < outStart) throw new Error("malformed");
        return { name, outStart, outEnd };
      });
      let lastDeclaration = 0;
      const declarations = m.declarations.map(([name, start, end]): RecordedDeclaration => {
        if (typeof name !== "string" || !Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < lastDeclaration || end < start || end > text.length) throw new Error("malformed");
        lastDeclaration = end;
        return { name, start, end };
      });
      return { schema: m.schema, out: m.out, messages, services, declarations };
    });
    return { inputs, schemas, modules };
  } catch {
    return undefined;
  }
}
