/**
 * The code generator's entry point: a checked ProgramModel in, one formatted TypeScript module per schema
 * file plus index.ts out. Deterministic: the same model always gives byte-identical text.
 */
import type { ProgramModel } from "../model/model.js";
import type { EmitCache } from "./file/emit-cache.js";
import type { EnvEffect } from "./file/env-effects.js";
import { emitFileChunks, header, printGroup } from "./file/emit-file.js";
import { emitIndex } from "./file/emit-index.js";
import { Fingerprints } from "./file/fingerprint.js";
import { formatModule } from "./file/format-module.js";
import { planProgram, type MessageNames } from "./plan/plan.js";
import { RUNTIME_MODULE } from "../model/runtime-module.js";
import { DEFAULT_FIELD_NAMING, type FieldNaming } from "../model/property-names.js";

export interface EmitOptions {
  /** Module specifier generated code imports the runtime from. Default `@iprotoc/runtime` (RUNTIME_MODULE). */
  readonly runtimeImport?: string;
  /** How a schema path is written in headers (e.g. made relative to the working directory). */
  readonly displayPath?: (schemaPath: string) => string;
  /**
   * Property names of fields: `camel` (default) turns `user_id` into `userId` (the schema's name stays in
   * each property's TSDoc), `keep` writes the schema's spelling. Check with the same naming (E0212).
   */
  readonly names?: FieldNaming;
  /**
   * Code of earlier runs to reuse (`--watch`, repeated runs): messages whose fingerprint is unchanged are
   * not generated again. The output is the same with or without it. The run's unused entries are dropped.
   */
  readonly cache?: EmitCache;
  /**
   * By schema path: what messages emitted before the module's first message would have done to its env,
   * replayed before it (pipeline/edit-splice.ts compiles one message as it would be among messages it
   * leaves out). Throws PrecedingEffectsDoNotHold when they do not hold.
   */
  readonly precede?: ReadonlyMap<string, readonly EnvEffect[]>;
}

export interface GeneratedFile {
  /** Path relative to the output directory, forward slashes. */
  readonly path: string;
  readonly text: string;
  /** The schema file it was generated from, as the program names it (none for index.ts). */
  readonly schema?: string;
  /** The messages the module holds, in order (none for index.ts). */
  readonly messages?: readonly GeneratedMessage[];
  /** The schema's declarations other than services, each with its place in the schema (UTF-16 offsets). */
  readonly declarations?: readonly { readonly name: string; readonly source: readonly [start: number, end: number] }[];
  /** Where each service's client, handler and dispatcher are in the module's text (UTF-16 offsets). */
  readonly services?: readonly { readonly name: string; readonly output: readonly [start: number, end: number] }[];
}

/** Where a message's code is in its module, and where the message is in its schema. */
export interface GeneratedMessage {
  readonly name: string;
  readonly code: number;
  readonly service: string;
  /** The module-level names its code declares (`M3Request`, `M3RequestInit`…): no other code declares them. */
  readonly names: readonly string[];
  /** The message's declaration in its schema file, as UTF-16 offsets: `message` to its closing brace. */
  readonly source: readonly [start: number, end: number];
  /** Its code in the module's text, as UTF-16 offsets. */
  readonly output: readonly [start: number, end: number];
  /** With a cache: what emitting it did to the module's env (its runtime names, shared codecs). */
  readonly effects?: readonly EnvEffect[];
}

/**
 * No diagnostics: the checker reports every schema the generator can't compile, and the generator throws
 * an internal error should one reach it.
 */
export interface EmitResult {
  readonly files: GeneratedFile[];
}

export async function emitProgram(program: ProgramModel, options: EmitOptions = {}): Promise<EmitResult> {
  const runtimeImport = options.runtimeImport ?? RUNTIME_MODULE;
  const display = options.displayPath ?? ((p: string) => p);
  const plans = planProgram(program);
  const cache = options.cache === undefined ? undefined : { emit: options.cache, fingerprints: new Fingerprints(plans) };
  const files: GeneratedFile[] = [];
  for (const file of program.files) {
    const plan = plans.get(file.path)!;
    const chunks = emitFileChunks(file, plan, plans, { runtimeImport, sourcePath: display(file.path), naming: options.names ?? DEFAULT_FIELD_NAMING, ...(cache ? { cache } : {}), ...(options.precede?.has(file.path) ? { precede: options.precede.get(file.path)! } : {}) });
    const module = await formatModule(chunks.groups, options.cache);
    const messages = chunks.messages.map(({ message, group, effects }): GeneratedMessage => ({
      name: message.name,
      code: message.code,
      service: message.service,
      names: ownNames(plan.messages.get(message)!),
      source: [message.span.start.offset, message.span.end.offset],
      output: module.ranges[group]!,
      ...(effects ? { effects } : {}),
    }));
    const services = chunks.services.map(({ name, group }) => ({ name, output: module.ranges[group]! }));
    const declarations = file.declarations.flatMap((d) => (d.kind === "service" ? [] : [{ name: d.name, source: [d.span.start.offset, d.span.end.offset] as const }]));
    files.push({ path: plan.outPath, text: module.text, schema: file.path, messages, services, declarations });
  }
  const sources = program.files.map((f) => display(f.path)).join(", ");
  files.push({ path: "index.ts", text: (await formatModule([printGroup(emitIndex([...plans.values()], header(sources)), true)])).text });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files };
}

function ownNames(n: MessageNames): string[] {
  return [n.request, n.requestInit, n.requestFields, n.response, n.responseInit];
}
