/**
 * `iprotoc check <files|dirs…> [--format text|json|github] [--color] [--watch]`: checks schemas and prints
 * every problem. Exit 0 when they are valid, 1 when they have errors, 2 for usage or I/O errors. Writes no
 * files.
 */
import { DIAGNOSTIC_FORMATS, formatDiagnostics, type DiagnosticFormat } from "../../diagnostics/render.js";
import { checkProgram } from "../../checks/program.js";
import { fileSystemHostAt } from "../../pipeline/source-host.js";
import { expandInputs } from "../support/files.js";
import { COLOR_OPTION, IMPORT_PATH_OPTION, NAMES_OPTION, WATCH_OPTION, namesOption } from "../support/args.js";
import { EXIT, UsageError, useColor, type CliIo } from "../support/io.js";
import type { Command } from "../support/command.js";

export const checkCommand: Command = {
  name: "check",
  summary: "check schemas and report every problem",
  usage: "iprotoc check <files|dirs…> [--names camel|keep] [--format text|json|github] [--color|--no-color] [--watch] [-I <dir>…]",
  options: [
    { name: "format", kind: "string", choices: DIAGNOSTIC_FORMATS, description: "how to print diagnostics (default: text)" },
    NAMES_OPTION,
    COLOR_OPTION,
    WATCH_OPTION,
    IMPORT_PATH_OPTION,
  ],
  run(args, io: CliIo): number {
    if (args.positionals.length === 0) throw new UsageError("`check` needs at least one schema file or directory");
    const files = expandInputs(args.positionals, io.cwd);
    const format = (args.options.get("format") ?? "text") as DiagnosticFormat;
    const result = checkProgram(files, fileSystemHostAt(io.cwd), {
      importRoots: args.lists.get("import-path") ?? [],
      names: namesOption(args.options.get("names")),
      ...(io.session ? { parses: io.session.parses } : {}),
    });
    const errors = result.diagnostics.filter((d) => d.severity === "error").length;
    io.stdout(formatDiagnostics(result.diagnostics, { format, sources: result.sources, color: useColor(args.options.get("color"), io, "stdout") }));
    if (format === "text") {
      const checked = `${result.sources.size} file${result.sources.size === 1 ? "" : "s"}`;
      io.stdout(errors === 0 ? `checked ${checked}: no problems\n` : `${errors} error${errors === 1 ? "" : "s"} in ${checked}\n`);
    }
    return errors === 0 ? EXIT.ok : EXIT.schemaErrors;
  },
};
