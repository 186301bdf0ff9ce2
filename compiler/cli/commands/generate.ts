/**
 * `iprotoc generate <files|dirs…> -o <dir> [--check]` (also plain `iprotoc <files…> -o <dir>`): compiles
 * schemas to TypeScript. Writes nothing when there is any error. With `--check`, writes nothing and exits
 * 1 when the output directory is not exactly what the compiler would write now (CI's stale-code guard).
 */
import { DIAGNOSTIC_FORMATS, formatDiagnostics, type DiagnosticFormat } from "../../diagnostics/render.js";
import { checkCompiled } from "../../pipeline/check-compiled.js";
import { compile } from "../../pipeline/compile.js";
import { writeCompiled } from "../../pipeline/write-compiled.js";
import { expandInputs } from "../support/files.js";
import { COLOR_OPTION, IMPORT_PATH_OPTION, NAMES_OPTION, WATCH_OPTION, namesOption } from "../support/args.js";
import { EXIT, UsageError, useColor, type CliIo } from "../support/io.js";
import type { Command } from "../support/command.js";

export const generateCommand: Command = {
  name: "generate",
  summary: "compile schemas to TypeScript (one module per schema file, plus index.ts)",
  usage: "iprotoc generate <files|dirs…> -o <dir> [--check] [--runtime-import <module>] [--names camel|keep] [--format text|json|github] [--color|--no-color] [--watch] [-I <dir>…]",
  options: [
    { name: "out", short: "o", kind: "string", valueName: "<dir>", description: "output directory (created when missing)" },
    { name: "check", kind: "boolean", description: "write nothing; exit 1 if <dir> holds stale, missing or extra generated files" },
    { name: "runtime-import", kind: "string", valueName: "<module>", description: "module generated code imports the runtime from (default: @iprotoc/runtime)" },
    NAMES_OPTION,
    { name: "format", kind: "string", choices: DIAGNOSTIC_FORMATS, description: "how to print diagnostics (default: text)" },
    COLOR_OPTION,
    WATCH_OPTION,
    IMPORT_PATH_OPTION,
  ],
  async run(args, io: CliIo): Promise<number> {
    if (args.positionals.length === 0) throw new UsageError("`generate` needs at least one schema file or directory");
    const outDir = args.options.get("out");
    if (typeof outDir !== "string") throw new UsageError("`generate` needs an output directory: -o <dir>");
    const files = expandInputs(args.positionals, io.cwd);
    const runtimeImport = args.options.get("runtime-import");
    const format = (args.options.get("format") ?? "text") as DiagnosticFormat;
    const result = await compile(files, {
      outDir,
      cwd: io.cwd,
      importRoots: args.lists.get("import-path") ?? [],
      ...(typeof runtimeImport === "string" ? { runtimeImport } : {}),
      names: namesOption(args.options.get("names")),
    });
    if (result.diagnostics.length > 0) io.stderr(formatDiagnostics(result.diagnostics, { format, sources: result.sources, color: useColor(args.options.get("color"), io, "stderr") }));
    const errors = result.diagnostics.filter((d) => d.severity === "error").length;
    if (errors > 0) {
      if (format === "text") io.stderr(`${errors} error${errors === 1 ? "" : "s"}: nothing written to ${outDir}\n`);
      return EXIT.schemaErrors;
    }

    if (args.options.get("check") === true) {
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

    try {
      writeCompiled(result.files, io.cwd);
    } catch (error) {
      throw new UsageError(`cannot write to \`${outDir}\`: ${error instanceof Error ? error.message : String(error)}`);
    }
    io.stdout(`wrote ${result.files.length} files to ${outDir}\n`);
    return EXIT.ok;
  },
};
