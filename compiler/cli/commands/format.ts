/**
 * `iprotoc format <files|dirs…|-> [--check | --write]`: prints schemas in the canonical style (see
 * compiler/format/print-decls.ts). By default the formatted text goes to stdout; `--write` rewrites the
 * files that change and lists them; `--check` writes nothing and lists the files that are not formatted;
 * `--diff` prints a unified diff per such file. Several files printed to stdout each get a `==> path <==`
 * header, as `head` prints them.
 * A file with syntax errors is never formatted: its diagnostics go to stderr, exit status 1, and with
 * `--write` no file is written at all. `-` reads stdin.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { DIAGNOSTIC_FORMATS, formatDiagnostics, type DiagnosticFormat } from "../../diagnostics/render.js";
import { formatSchema } from "../../format/format.js";
import { fileSystemHost } from "../../pipeline/source-host.js";
import { expandInputs } from "../support/files.js";
import { unifiedDiff } from "../support/unified-diff.js";
import { COLOR_OPTION } from "../support/args.js";
import { EXIT, UsageError, useColor, type CliIo } from "../support/io.js";
import type { Command } from "../support/command.js";

const STDIN = "-";

function readInput(path: string, cwd: string): string {
  // As every schema read: regular files of bounded size only (a FIFO or /dev/zero would never end).
  const refused = path === STDIN ? undefined : fileSystemHost.refuse?.(resolve(cwd, path));
  if (refused !== undefined) throw new UsageError(`cannot format \`${path}\`: it ${refused}`);
  try {
    return path === STDIN ? readFileSync(0, "utf8") : readFileSync(resolve(cwd, path), "utf8");
  } catch {
    throw new UsageError(`cannot read \`${path}\``);
  }
}

export const formatCommand: Command = {
  name: "format",
  summary: "print schemas in the canonical style (or --check / --write them)",
  usage: "iprotoc format <files|dirs…|-> [--check | --diff | --write] [--format text|json|github] [--color|--no-color]",
  options: [
    { name: "check", kind: "boolean", description: "write nothing; list the files that are not formatted and exit 1 if any" },
    { name: "diff", kind: "boolean", description: "write nothing; print a unified diff for each file that is not formatted and exit 1 if any" },
    { name: "write", kind: "boolean", description: "rewrite the files that are not formatted, and list them" },
    { name: "format", kind: "string", choices: DIAGNOSTIC_FORMATS, description: "how to print syntax errors (default: text)" },
    COLOR_OPTION,
  ],
  run(args, io: CliIo): number {
    if (args.positionals.length === 0) throw new UsageError("`format` needs schema files or directories, or `-` for stdin");
    const check = args.options.get("check") === true;
    const diff = args.options.get("diff") === true;
    const write = args.options.get("write") === true;
    if ((check || diff) && write) throw new UsageError(`\`--${check ? "check" : "diff"}\` and \`--write\` exclude each other`);
    const stdin = args.positionals.includes(STDIN);
    if (stdin && (write || args.positionals.length > 1)) throw new UsageError("`-` (stdin) must be the only input, without --write");
    const files = stdin ? [STDIN] : expandInputs(args.positionals, io.cwd);

    const diagnostics: Diagnostic[] = [];
    const sources = new Map<string, string>();
    const changed: { path: string; before: string; text: string }[] = [];
    const printed: { path: string; text: string }[] = [];
    for (const path of files) {
      const text = readInput(path, io.cwd);
      const result = formatSchema(path === STDIN ? "<stdin>" : path, text);
      if (!result.ok) {
        diagnostics.push(...result.diagnostics);
        sources.set(path === STDIN ? "<stdin>" : path, text);
        continue;
      }
      if (result.changed) changed.push({ path, before: text, text: result.text });
      printed.push({ path, text: result.text });
    }
    if (diagnostics.length > 0) {
      const format = (args.options.get("format") ?? "text") as DiagnosticFormat;
      io.stderr(formatDiagnostics(diagnostics, { format, sources, color: useColor(args.options.get("color"), io, "stderr") }));
    }
    if (check || diff) {
      const shown = (path: string): string => (path === STDIN ? "<stdin>" : path);
      if (diff) io.stdout(changed.map((c) => unifiedDiff(shown(c.path), c.before, c.text)).join(""));
      else io.stdout(changed.map((c) => `${shown(c.path)}\n`).join(""));
      if (changed.length > 0 && (args.options.get("format") ?? "text") === "text") {
        const n = changed.length;
        const fix = stdin ? "" : `: run \`iprotoc format --write ${args.positionals.join(" ")}\``;
        io.stderr(`${n} file${n === 1 ? " is" : "s are"} not formatted${fix}\n`);
      }
      return diagnostics.length > 0 || changed.length > 0 ? EXIT.schemaErrors : EXIT.ok;
    }
    if (diagnostics.length > 0) return EXIT.schemaErrors;
    if (!write) {
      // One file: its text alone (so `> file` works). Several: `==> path <==` before each, as head(1).
      if (printed.length === 1) io.stdout(printed[0]?.text ?? "");
      else io.stdout(printed.map((p, i) => `${i === 0 ? "" : "\n"}==> ${p.path} <==\n${p.text}`).join(""));
      return EXIT.ok;
    }
    for (const { path, text } of changed) {
      try {
        writeFileSync(resolve(io.cwd, path), text);
      } catch {
        throw new UsageError(`cannot write \`${path}\``);
      }
      io.stdout(`${path}\n`);
    }
    return EXIT.ok;
  },
};
