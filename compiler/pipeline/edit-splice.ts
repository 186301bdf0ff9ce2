/**
 * A repeated run after an edit inside one message: that message's new code put in place of its old code in
 * the module on disk, without compiling the rest of the schema (issue 11: one edited message of 2,000
 * regenerated in under a second, cold). The module's other code does not depend on what changed, and this
 * file proves it on every run rather than assuming it; where it cannot, the caller compiles everything.
 *
 * The proof compiles two small programs: the schemas without every other message (edit-region.ts), holding
 * the message as it was, and as it is now. Then:
 * - both compile without a diagnostic, each to exactly one message — the edited one, declared exactly where
 *   the edit is, under the same name and code (so the whole schema's name and code checks still pass: no
 *   check relates the bodies of two messages);
 * - their outputs are identical but for that message's code and its service's (client, handler and
 *   dispatcher): the rest of a module (imports and constants are sets) does not change with one message;
 *   what changed in the service's code is changed the same way in the service's code on disk, placed by
 *   the message's own names (service-patch.ts);
 * - the old message's code in the small program is the code on disk: its code did not depend on the
 *   messages left out;
 * - the small programs' module env held, before the message, what the messages left out before it put
 *   there (their effects replayed: the shared codecs it may find, the names they bound); of the codecs
 *   later messages find, it emits the same as before; and it binds the same new names, in the same order,
 *   as before (`uncoupled`): what a message's code takes from others, and gives them.
 * test/cli/edit-splice.test.ts holds the spliced output byte-identical to a full compile over many edits.
 */
import { resolve } from "node:path";
import { readFileSync } from "node:fs";
import type { SourceHost } from "../checks/load.js";
import type { EnvEffect } from "../emitter/file/env-effects.js";
import type { GeneratedMessage } from "../emitter/emit.js";
import type { CompileOptions, CompileResult, CompiledFile } from "./compile.js";
import { compile } from "./compile.js";
import { changedRegion, namedDeclarations, withLeadingComments, without } from "./edit-region.js";
import type { EditRecord, RecordedMessage, RecordedModule, RecordedService } from "./edit-record.js";
import { patchService } from "./service-patch.js";

export interface SpliceRequest {
  readonly entryPaths: readonly string[];
  /** As for the full compile, without a cache; `host` is the real one, `cwd` set. */
  readonly options: CompileOptions & { readonly host: SourceHost; readonly cwd: string };
  readonly record: EditRecord;
  /** The one schema that changed since the record, and its text now. */
  readonly path: string;
  readonly text: string;
}

export interface Spliced {
  /** The module's path (as compile gives it) and bytes, in pieces: the message's and the service's new code among what was there. */
  readonly module: { readonly path: string; readonly pieces: readonly Buffer[] };
  /** The record of this run. */
  readonly record: EditRecord;
  /** The message recompiled. */
  readonly message: string;
}

export async function spliceEdit(request: SpliceRequest): Promise<Spliced | undefined> {
  const { record, path, text } = request;
  const before = record.schemas.get(path);
  const module = record.modules.find((m) => m.schema === path);
  if (before === undefined || module === undefined) return undefined;
  const region = changedRegion(before, text);
  const index = module.messages.findIndex((m) => m.start <= region.start && region.beforeEnd <= m.end);
  const edited = module.messages[index];
  if (edited === undefined) return undefined;
  const delta = text.length - before.length;

  // Every message left out but the edited one, in every schema; and of the edited schema's other
  // declarations, those nothing left in names. The edited schema as it was and as it is.
  const others = new Map<string, string>();
  for (const m of record.modules) if (m !== module) others.set(m.schema, without(record.schemas.get(m.schema)!, m.messages.map(rangeOf)));
  const otherMessages = module.messages.filter((m) => m !== edited).map(rangeOf);
  const around = without(before, inOrder([...otherMessages, ...module.declarations.map(rangeOf)]));
  const needed = namedDeclarations(before, module.declarations, `${around}\n${text.slice(edited.start, edited.end + delta)}`);
  const left = inOrder([...otherMessages, ...module.declarations.filter((d) => !needed.has(d)).map(rangeOf)]);
  const leftNow = left.map(([start, end]): [number, number] => (start > edited.start ? [start + delta, end + delta] : [start, end]));
  // What the messages before it did to the module's env (shared codecs they emitted above all).
  const precede = new Map([[path, module.messages.slice(0, index).flatMap((m) => m.effects)]]);
  const old = await compileReduced(request, new Map([...others, [path, without(before, left)]]), precede);
  const now = await compileReduced(request, new Map([...others, [path, without(text, leftNow)]]), precede);
  // The message's offsets in the small program plus what was left out before it: its offsets in the schema.
  const shift = left.reduce((sum, [start, end]) => (end <= edited.start ? sum + end - start : sum), 0);
  if (old === undefined || now === undefined) return undefined;
  const oldOne = onlyMessage(old, path);
  const newOne = onlyMessage(now, path);
  if (oldOne === undefined || newOne === undefined) return undefined;
  if (oldOne.message.name !== edited.name || newOne.message.name !== edited.name || oldOne.message.code !== edited.code || newOne.message.code !== edited.code) return undefined;
  if (newOne.message.service !== oldOne.message.service || newOne.message.names.join() !== oldOne.message.names.join()) return undefined;
  if (withLeadingComments(before, oldOne.message.source[0] + shift) !== edited.start || oldOne.message.source[1] + shift !== edited.end) return undefined;
  if (withLeadingComments(text, newOne.message.source[0] + shift) !== edited.start || newOne.message.source[1] + shift !== edited.end + delta) return undefined;

  // Outputs identical but for the message's code and its service's.
  const oldParts = parts(oldOne);
  const newParts = parts(newOne);
  if (oldParts === undefined || newParts === undefined || oldParts.between !== newParts.between) return undefined;
  if (oldParts.before !== newParts.before || oldParts.after !== newParts.after || old.files.length !== now.files.length) return undefined;
  for (let i = 0; i < old.files.length; i++) {
    const a = old.files[i]!;
    const b = now.files[i]!;
    if (a.path !== b.path || (a !== oldOne.file && a.text !== b.text)) return undefined;
  }

  // The code on disk is the small program's: it took nothing from the messages left out.
  const service = module.services.find((x) => x.name === oldOne.message.service);
  let disk: Buffer;
  try {
    disk = readFileSync(resolve(request.options.cwd, module.out));
  } catch {
    return undefined;
  }
  if (service === undefined || oldOne.file.path !== module.out || service.outEnd > disk.length || service.outStart < edited.outEnd) return undefined;
  if (!disk.subarray(edited.outStart, edited.outEnd).equals(Buffer.from(oldParts.code))) return undefined;
  const newEffects = newOne.message.effects;
  if (newEffects === undefined || !uncoupled(module.messages, index, newEffects)) return undefined;
  const serviceCode = patchService(disk.subarray(service.outStart, service.outEnd).toString("utf8"), oldParts.service, newParts.service, oldOne.message.names);
  if (serviceCode === undefined) return undefined;

  const code = Buffer.from(newParts.code);
  const serviceBytes = Buffer.from(serviceCode);
  const pieces = [disk.subarray(0, edited.outStart), code, disk.subarray(edited.outEnd, service.outStart), serviceBytes, disk.subarray(service.outEnd)];
  const moved = { message: code.length - (edited.outEnd - edited.outStart), service: serviceBytes.length - (service.outEnd - service.outStart) };
  return {
    module: { path: module.out, pieces },
    record: updated(record, module, { edited, service, text, delta, moved, effects: newEffects }),
    message: edited.name,
  };
}

/** The small program's compile; undefined when it reports anything (the full compile will say what). */
async function compileReduced(request: SpliceRequest, texts: ReadonlyMap<string, string>, precede: ReadonlyMap<string, readonly EnvEffect[]>): Promise<CompileResult | undefined> {
  const host = request.options.host;
  const reduced: SourceHost = {
    readFile: (p) => texts.get(p) ?? host.readFile(p),
    ...(host.refuse ? { refuse: (p: string) => host.refuse!(p) } : {}),
  };
  const { EmitCache } = await import("../emitter/file/emit-cache.js");
  const { PrecedingEffectsDoNotHold } = await import("../emitter/file/emit-file.js");
  try {
    // A cache of its own, empty: it is what records each message's effects on the env.
    const result = await compile(request.entryPaths, { ...request.options, host: reduced, cache: { emit: new EmitCache() }, precede });
    return result.diagnostics.length === 0 && result.files.length > 0 ? result : undefined;
  } catch (error) {
    if (error instanceof PrecedingEffectsDoNotHold) return undefined;
    throw error;
  }
}

interface OnlyMessage {
  readonly file: CompiledFile;
  readonly message: GeneratedMessage;
}

/** The one message of a small program, in the module of `schema`; undefined when there is not exactly one. */
function onlyMessage(result: CompileResult, schema: string): OnlyMessage | undefined {
  const withMessages = result.files.filter((f) => (f.messages?.length ?? 0) > 0);
  const file = withMessages[0];
  if (withMessages.length !== 1 || file === undefined || file.schema !== schema || file.messages!.length !== 1) return undefined;
  return { file, message: file.messages![0]! };
}

/** A small program's module cut at its one message's code and its service's code. */
interface Parts {
  readonly before: string;
  readonly code: string;
  readonly between: string;
  readonly service: string;
  readonly after: string;
}

function parts(one: OnlyMessage): Parts | undefined {
  const [start, end] = one.message.output;
  const service = one.file.services?.find((s) => s.name === one.message.service)?.output;
  if (service === undefined || service[0] < end) return undefined;
  const text = one.file.text;
  return { before: text.slice(0, start), code: text.slice(start, end), between: text.slice(end, service[0]), service: text.slice(service[0], service[1]), after: text.slice(service[1]) };
}

/**
 * Whether the module's other messages are as they were whatever the message's code now is: of the codecs
 * messages after it find, it emits the same ones under the same names as before (the first message of a
 * layout emits its codec, later ones find it), and of the declarations of other files no message before
 * it bound, it binds the same ones in the same order under the same local names (the env's bindings after
 * it, and the numbers of aliases, are what later messages see; what earlier messages bound, the replay
 * bound as they did).
 */
function uncoupled(messages: readonly RecordedMessage[], index: number, now: readonly EnvEffect[]): boolean {
  const later = new Set<string>();
  for (const m of messages.slice(index + 1)) for (const e of m.effects) if (e[0] === "codec") later.add(e[1]);
  const before = new Set<string>();
  for (const m of messages.slice(0, index)) for (const e of m.effects) if (e[0] === "use") before.add(useKey(e));
  const codecs = (effects: readonly EnvEffect[]): string =>
    effects.flatMap((e) => (e[0] === "codec" && e[3] === 1 && later.has(e[1]) ? [`${e[1]} ${e[2]}`] : [])).sort().join("\n");
  const bindings = (effects: readonly EnvEffect[]): string =>
    [...new Set(effects.flatMap((e) => (e[0] === "use" && !before.has(useKey(e)) ? [`${useKey(e)}\u0000${e[4]}`] : [])))].join("\n");
  const then = messages[index]!.effects;
  return codecs(then) === codecs(now) && bindings(then) === bindings(now);
}

function useKey(e: EnvEffect): string {
  return `${e[1]}\u0000${e[2]}`;
}

function rangeOf(m: { readonly start: number; readonly end: number }): [number, number] {
  return [m.start, m.end];
}

function inOrder(ranges: [number, number][]): [number, number][] {
  return ranges.sort((a, b) => a[0] - b[0]);
}

interface Splice {
  readonly edited: RecordedMessage;
  readonly service: RecordedService;
  /** The schema's new text, and how much longer it is. */
  readonly text: string;
  readonly delta: number;
  /** How many bytes longer the message's code and the service's are. */
  readonly moved: { readonly message: number; readonly service: number };
  readonly effects: readonly EnvEffect[];
}

/** The record after the splice: the schema's new text, offsets past the edit moved, the message's new effects. */
function updated(record: EditRecord, module: RecordedModule, splice: Splice): EditRecord {
  const { edited, service, delta, moved } = splice;
  // Bytes of the module: past the message's code, moved by its change; past the service's, by both.
  const out = (at: number): number => (at < edited.outEnd ? at : at < service.outEnd ? at + moved.message : at + moved.message + moved.service);
  const messages = module.messages.map((m): RecordedMessage => {
    if (m === edited) return { ...m, end: m.end + delta, outEnd: m.outEnd + moved.message, effects: splice.effects };
    const start = m.start < edited.start ? m.start : m.start + delta;
    const end = m.start < edited.start ? m.end : m.end + delta;
    return { ...m, start, end, outStart: out(m.outStart), outEnd: out(m.outEnd) };
  });
  const services = module.services.map((x): RecordedService => (x === service ? { ...x, outStart: out(x.outStart), outEnd: x.outEnd + moved.message + moved.service } : { ...x, outStart: out(x.outStart), outEnd: out(x.outEnd) }));
  return {
    inputs: record.inputs,
    schemas: new Map([...record.schemas].map(([p, t]) => [p, p === module.schema ? splice.text : t] as const)),
    modules: record.modules.map((m) => (m === module ? { ...m, messages, services } : m)),
  };
}
