/**
 * `iprotoc generate <files|dirs…> -o <dir> [--check]` (also plain `iprotoc <files…> -o <dir>`): compiles
 * schemas to TypeScript. Writes nothing when there is any error; otherwise writes every module and removes
 * the files below `<dir>` it generated before but no longer produces (pipeline/generated-files.ts). With
 * `--check`, writes nothing and exits 1 when the output directory is not exactly what the compiler would
 * write now (CI's stale-code guard). With `--target wireshark` a Lua dissector instead, with `--target
 * tarantool` the Box spaces' server configuration (generate-file.ts).
 *
 * Code of messages that did not change since the last run is reused, not generated again: from the
 * process's session under `--watch`, otherwise from the cache file of the output directory
 * (pipeline/emit-cache-file.ts; `--cache-dir`, `--no-cache`). The output is the same either way.
 */
import { DIAGNOSTIC_FORMATS, formatDiagnostics, type DiagnosticFormat } from "../../diagnostics/render.js";
import { resolve } from "node:path";
import type { EmitCache } from "../../emitter/file/emit-cache.js";
import { checkCompiled } from "../../pipeline/check-compiled.js";
import type { CompileCache, CompiledFile } from "../../pipeline/compile.js";
import { fileSystemHostAt } from "../../pipeline/source-host.js";
import { writeCompiled } from "../../pipeline/write-compiled.js";
import { expandInputs } from "../support/files.js";
import { COLOR_OPTION, IMPORT_PATH_OPTION, NAMES_OPTION, WATCH_OPTION, namesOption } from "../support/args.js";
import { EXIT, UsageError, useColor, type CliIo } from "../support/io.js";
import type { Command } from "../support/command.js";

export const generateCommand: Command = {
  name: "generate",
  summary: "compile schemas to TypeScript (one module per schema file, plus index.ts)",
  usage: "iprotoc generate <files|dirs…> -o <dir> [--check] [--runtime-import <module>] [--names camel|keep] [--format text|json|github] [--color|--no-color] [--watch] [--no-cache] [--cache-dir <dir>] [-I <dir>…] [--target ts|wireshark|tarantool] [--port <ports>]",
  options: [
    { name: "out", short: "o", kind: "string", valueName: "<dir>", description: "output directory (created when missing)" },
    { name: "check", kind: "boolean", description: "write nothing; exit 1 if <dir> holds stale, missing or extra generated files" },
    { name: "runtime-import", kind: "string", valueName: "<module>", description: "module generated code imports the runtime from (default: @iprotoc/runtime)" },
    NAMES_OPTION,
    { name: "format", kind: "string", choices: DIAGNOSTIC_FORMATS, description: "how to print diagnostics (default: text)" },
    COLOR_OPTION,
    WATCH_OPTION,
    IMPORT_PATH_OPTION,
    { name: "cache", kind: "boolean", description: "reuse the code of messages unchanged since the last run (default; --no-cache: generate all of it, and read or write no cache)" },
    { name: "cache-dir", kind: "string", valueName: "<dir>", description: "where that cache is kept (default: node_modules/.cache/iprotoc of the nearest directory up that has node_modules)" },
    { name: "target", kind: "string", choices: ["ts", "wireshark", "tarantool"], description: "what to generate: TypeScript modules (default), a Wireshark Lua dissector (<dir>/iproto.lua, or -o <file>.lua), or the Tarantool 1.5 configuration of the Box spaces (<dir>/spaces.cfg, or -o <file>.cfg)" },
    { name: "port", kind: "string", valueName: "<ports>", description: "--target wireshark: default TCP ports of the dissector's preference (default: 33013), e.g. 33013,34000-34010" },
  ],
  async run(args, io: CliIo): Promise<number> {
    if (args.positionals.length === 0) throw new UsageError("`generate` needs at least one schema file or directory");
    const outDir = args.options.get("out");
    if (typeof outDir !== "string") throw new UsageError("`generate` needs an output directory: -o <dir>");
    // The other targets' modules are loaded for them only: an up-to-date run loads as little as it can.
    if (args.options.get("target") === "wireshark") return (await import("./generate-wireshark.js")).generateWireshark(args, io, outDir);
    if (args.options.has("port")) throw new UsageError("`--port` is for `--target wireshark`");
    if (args.options.get("target") === "tarantool") return (await import("./generate-tarantool.js")).generateTarantool(args, io, outDir);
    const files = expandInputs(args.positionals, io.cwd);
    const runtimeImport = args.options.get("runtime-import");
    const format = (args.options.get("format") ?? "text") as DiagnosticFormat;
    const importRoots = args.lists.get("import-path") ?? [];
    const names = namesOption(args.options.get("names"));
    const check = args.options.get("check") === true;
    // Everything but the schemas' text that the output depends on (run-record.ts).
    const inputs = JSON.stringify([io.cwd, files, resolve(io.cwd, outDir), runtimeImport ?? null, names, importRoots]);
    // Where the emit cache and the record of the last run are kept (none with --no-cache).
    const cacheDir = args.options.get("cache") === false ? undefined : await cacheDirOf(args.options, io);
    const record = cacheDir === undefined ? undefined : await runRecords(cacheDir, outDir, io, inputs);
    const written = record?.upToDate();
    if (written !== undefined) {
      // The directory holds what this build wrote from these very inputs: what `--check` would compare it with.
      io.stdout(`${outDir} is up to date (${written} files${check ? "" : "; nothing it is generated from changed since the last run"})\n`);
      return EXIT.ok;
    }
    const options = { outDir, cwd: io.cwd, importRoots, ...(typeof runtimeImport === "string" ? { runtimeImport } : {}), names };
    // One message edited since the last run: its code is replaced in place, nothing else compiled.
    const spliced = check ? undefined : await record?.splice(files, options);
    if (spliced !== undefined) {
      io.stdout(`wrote ${spliced.path} (message ${spliced.message} edited: only its code recompiled)\n`);
      return EXIT.ok;
    }
    // Loaded here, not at the top: the emitter (and prettier) stays out of every other command.
    const { compile } = await import("../../pipeline/compile.js");
    const cache = await compileCache(args.options.get("cache") !== false, cacheDir, outDir, io);
    const host = record?.host ?? fileSystemHostAt(io.cwd);
    const result = await compile(files, { ...options, cache: cache.use, host });
    if (result.diagnostics.length > 0) io.stderr(formatDiagnostics(result.diagnostics, { format, sources: result.sources, color: useColor(args.options.get("color"), io, "stderr") }));
    const errors = result.diagnostics.filter((d) => d.severity === "error").length;
    if (errors > 0) {
      if (format === "text") io.stderr(`${errors} error${errors === 1 ? "" : "s"}: nothing written to ${outDir}\n`);
      return EXIT.schemaErrors;
    }

    if (check) {
      const report = checkCompiled(result.files, outDir, io.cwd);
      const lines = [
        ...report.stale.map((p) => `stale: ${p}`),
        ...report.missing.map((p) => `missing: ${p}`),
        ...report.extra.map((p) => `extra: ${p}`),
      ];
      if (lines.length === 0) {
        io.stdout(`${outDir} is up to date (${result.files.length} files)\n`);
        return EXIT.ok;
      }
      io.stderr(`${lines.join("\n")}\n${outDir} is out of date: run \`iprotoc generate ${args.positionals.join(" ")} -o ${outDir}\`\n`);
      return EXIT.schemaErrors;
    }

    let removed: string[];
    try {
      removed = writeCompiled(result.files, io.cwd, outDir);
    } catch (error) {
      throw new UsageError(`cannot write to \`${outDir}\`: ${error instanceof Error ? error.message : String(error)}`);
    }
    cache.save();
    record?.save(result.diagnostics.length === 0, result.files, result.sources);
    const gone = removed.length === 0 ? "" : `, removed ${removed.length} no longer generated (${removed.join(", ")})`;
    const reused = result.reuse === undefined || result.reuse.reused === 0 ? "" : ` (reused ${result.reuse.reused} of ${result.reuse.reused + result.reuse.printed} messages)`;
    io.stdout(`wrote ${result.files.length} files to ${outDir}${gone}${reused}\n`);
    return EXIT.ok;
  },
};

/**
 * The records of the last run into `outDir` (pipeline/run-records.ts) in `cacheDir`, beside the emit cache;
 * none under `--watch` (the session keeps what it needs).
 */
async function runRecords(cacheDir: string, outDir: string, io: CliIo, inputs: string) {
  if (io.session !== undefined) return undefined;
  const { RunRecords } = await import("../../pipeline/run-records.js");
  return new RunRecords(cacheDir, resolve(io.cwd, outDir), io.cwd, inputs);
}

/**
 * The caches a run reads and leaves: the session's under `--watch` (loaded from the cache file on its first
 * run), else the cache file's; none with `--no-cache`, or when there is no cache directory and no session.
 */
async function compileCache(enabled: boolean, cacheDir: string | undefined, outDir: string, io: CliIo): Promise<{ use: CompileCache; save(): void }> {
  const none = { use: io.session ? { parses: io.session.parses } : {}, save: () => {} };
  if (!enabled) return none;
  const { cacheFileFor, readEmitCache, writeEmitCache } = await import("../../pipeline/emit-cache-file.js");
  const { EmitCache } = await import("../../emitter/file/emit-cache.js");
  const out = resolve(io.cwd, outDir);
  const file = cacheDir === undefined ? undefined : cacheFileFor(cacheDir, out);
  let emit: EmitCache | undefined = io.session?.emitCaches.get(out);
  if (emit === undefined) {
    if (file === undefined && io.session === undefined) return none;
    emit = file === undefined ? new EmitCache() : readEmitCache(file);
    io.session?.emitCaches.set(out, emit);
  }
  const kept = emit;
  const save = (): void => void (file === undefined || writeEmitCache(file, kept));
  return {
    use: { emit: kept, ...(io.session ? { parses: io.session.parses } : {}) },
    // Under --watch the session saves it when watching stops.
    save: () => void (file === undefined ? undefined : io.session ? io.session.saves.set(file, save) : save()),
  };
}

/** `--cache-dir`, or the default cache directory of the working directory (undefined when it has none). */
async function cacheDirOf(options: ReadonlyMap<string, string | boolean>, io: CliIo): Promise<string | undefined> {
  const dirOption = options.get("cache-dir");
  const { defaultCacheDir } = await import("../../pipeline/emit-cache-file.js");
  return typeof dirOption === "string" ? resolve(io.cwd, dirOption) : defaultCacheDir(io.cwd);
}
