/**
 * `compile`: schema files in, generated TypeScript out, in memory — the checks (checkProgram) then the
 * emitter. Writes nothing: callers decide (the CLI writes only when there are no errors at all, through
 * write-compiled.ts, or compares with check-compiled.ts). The emitter (and with it ts-morph and prettier)
 * is loaded on the first call that gets as far as emitting, not when this module is imported: `iprotoc
 * check`, `format` and `breaking` never load it (test/cli/startup.test.ts).
 */
import { isAbsolute, join, relative } from "node:path";
import type { ParseCache, SourceHost } from "../checks/load.js";
import { checkProgram } from "../checks/program.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { EmitCache, EmitCacheStats } from "../emitter/file/emit-cache.js";
import type { GeneratedFile, GeneratedMessage } from "../emitter/emit.js";
import type { EnvEffect } from "../emitter/file/env-effects.js";
import { RUNTIME_MODULE } from "../model/runtime-module.js";
import { DEFAULT_FIELD_NAMING, type FieldNaming } from "../model/property-names.js";
import { fileSystemHostAt } from "./source-host.js";

export interface CompileOptions {
  /** Directory the generated paths are joined to (default: paths relative to the output directory). */
  readonly outDir?: string;
  /** Module specifier generated code imports the runtime from (default `@iprotoc/runtime`). */
  readonly runtimeImport?: string;
  /** Where schema files are read from (default: the file system, relative to `cwd`). */
  readonly host?: SourceHost;
  /** More directories imports may resolve inside (`--import-path`), besides the entry files' own. */
  readonly importRoots?: readonly string[];
  /** Directory relative paths are resolved against, and absolute ones shown relative to (default: process.cwd()). */
  readonly cwd?: string;
  /** Property names of fields: `camel` (default, `user_id` → `userId`) or `keep` (the schema's spelling). */
  readonly names?: FieldNaming;
  /**
   * What earlier runs left to reuse, and where this run leaves its own (`--watch`, repeated runs): parses
   * of unchanged files, and the code of unchanged messages (emitter/file/emit-cache.ts). The output is the
   * same with or without it.
   */
  readonly cache?: CompileCache;
  /** Effects replayed before a module's first message (emitter/emit.ts EmitOptions.precede): for edit-splice.ts. */
  readonly precede?: ReadonlyMap<string, readonly EnvEffect[]>;
}

export interface CompileCache {
  readonly parses?: ParseCache;
  readonly emit?: EmitCache;
}

export interface CompiledFile {
  readonly path: string;
  readonly text: string;
  /** The schema file a module was generated from (none for index.ts). */
  readonly schema?: string;
  /** The module's messages: where each is in the schema and in the text (emitter/emit.ts). */
  readonly messages?: readonly GeneratedMessage[];
  /** Where each service's code is in the text. */
  readonly services?: GeneratedFile["services"];
  /** The schema's declarations other than services, and where each is in the schema. */
  readonly declarations?: GeneratedFile["declarations"];
}

export interface CompileResult {
  /** Empty when there is any error. */
  readonly files: CompiledFile[];
  readonly diagnostics: Diagnostic[];
  /** Text of every schema read (for formatting diagnostics with code frames). */
  readonly sources: ReadonlyMap<string, string>;
  /** With `cache.emit`: how many messages were reused and how many printed. */
  readonly reuse?: EmitCacheStats;
}

export async function compile(entryPaths: readonly string[], options: CompileOptions = {}): Promise<CompileResult> {
  const cwd = options.cwd ?? process.cwd();
  const checked = checkProgram(entryPaths, options.host ?? fileSystemHostAt(cwd), {
    importRoots: options.importRoots ?? [],
    names: options.names ?? DEFAULT_FIELD_NAMING,
    ...(options.cache?.parses ? { parses: options.cache.parses } : {}),
  });
  const errors = checked.diagnostics.filter((d) => d.severity === "error");
  if (checked.program === undefined || errors.length > 0) {
    return { files: [], diagnostics: checked.diagnostics, sources: checked.sources };
  }
  const { emitProgram } = await import("../emitter/emit.js");
  const emitted = await emitProgram(checked.program, {
    runtimeImport: options.runtimeImport ?? RUNTIME_MODULE,
    names: options.names ?? DEFAULT_FIELD_NAMING,
    displayPath: (p) => (isAbsolute(p) ? relative(cwd, p).split("\\").join("/") : p),
    ...(options.cache?.emit ? { cache: options.cache.emit } : {}),
    ...(options.precede ? { precede: options.precede } : {}),
  });
  const files = emitted.files.map((f) => ({ ...f, path: options.outDir === undefined ? f.path : join(options.outDir, f.path) }));
  const reuse = options.cache?.emit?.endRun();
  return { files, diagnostics: checked.diagnostics, sources: checked.sources, ...(reuse ? { reuse } : {}) };
}
