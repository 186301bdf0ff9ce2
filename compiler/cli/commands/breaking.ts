/**
 * `iprotoc breaking <files|dirs…> --against <dir|git-rev>`: reports every change that breaks peers still
 * on the old schemas (rules in compiler/breaking/rules.ts, explained in docs/cli.md). Exit 0 when nothing
 * breaks (warnings allowed), 1 for breaking changes or schema errors on either side, 2 for usage or I/O
 * errors. Writes no files and never checks anything out.
 */
import { relative, resolve } from "node:path";
import { statSync } from "node:fs";
import { AgainstError, openOldTree, type OldTree } from "../../breaking/against.js";
import { checkBreaking } from "../../breaking/breaking.js";
import { DIAGNOSTIC_FORMATS, formatDiagnostics, type DiagnosticFormat } from "../../diagnostics/render.js";
import { normalizePath } from "../../checks/paths.js";
import { fileSystemHostAt } from "../../pipeline/source-host.js";
import { expandInputs } from "../support/files.js";
import { COLOR_OPTION } from "../support/args.js";
import { loadConfig } from "../support/config.js";
import { EXIT, UsageError, useColor, type CliIo } from "../support/io.js";
import type { Command } from "../support/command.js";

interface Inputs {
  readonly newFiles: string[];
  readonly oldFiles: string[];
  /** Inputs with no old counterpart, and where it was looked for: a warning each (a wrong --against compares nothing). */
  readonly unmatched: { readonly input: string; readonly lookedFor: string }[];
}

/** New files as the inputs name them; old files: the same relative paths, and every old file below an input directory. */
function collectInputs(positionals: readonly string[], tree: OldTree, cwd: string): Inputs {
  const newFiles: string[] = [];
  const oldFiles = new Set<string>();
  const unmatched: { input: string; lookedFor: string }[] = [];
  for (const input of positionals) {
    const rel = normalizePath(relative(cwd, resolve(cwd, input)) || ".");
    let isDirectory = false;
    try {
      isDirectory = statSync(resolve(cwd, input)).isDirectory();
    } catch {
      throw new UsageError(`cannot read \`${input}\`: no such file or directory`);
    }
    if (isDirectory) {
      const old = tree.schemasBelow(rel).map((p) => tree.oldPath(p));
      old.forEach((p) => oldFiles.add(p));
      if (old.length === 0) unmatched.push({ input, lookedFor: `schemas below \`${tree.oldPath(rel)}\`` });
      try {
        newFiles.push(...expandInputs([input], cwd));
      } catch (error) {
        // A directory whose schemas were all deleted still has old files to compare.
        if (!(error instanceof UsageError) || old.length === 0) throw error;
      }
    } else {
      newFiles.push(...expandInputs([input], cwd));
      const old = tree.oldPath(rel);
      if (tree.host.readFile(old) !== undefined) oldFiles.add(old);
      else unmatched.push({ input, lookedFor: `\`${old}\`` });
    }
  }
  return { newFiles, oldFiles: [...oldFiles], unmatched };
}

export const breakingCommand: Command = {
  name: "breaking",
  summary: "report schema changes that break peers still on the old version",
  usage: "iprotoc breaking <files|dirs…> --against <dir|git-rev> [--strict-names] [--tail-tolerant] [--config <file>] [--format text|json|github] [--color|--no-color]",
  options: [
    { name: "against", kind: "string", valueName: "<dir|git-rev>", description: "the old schemas: a directory with the same layout, or a git revision (read with git show)" },
    { name: "strict-names", kind: "boolean", description: "also report renames that keep the wire layout" },
    { name: "tail-tolerant", kind: "boolean", description: "old readers ignore trailing bytes and writers upgrade first: appending at the end is safe" },
    { name: "config", kind: "string", valueName: "<file>", description: "settings with the findings to ignore (default: iprotoc.json in the working directory, if any)" },
    { name: "format", kind: "string", choices: DIAGNOSTIC_FORMATS, description: "how to print findings (default: text)" },
    COLOR_OPTION,
  ],
  run(args, io: CliIo): number {
    if (args.positionals.length === 0) throw new UsageError("`breaking` needs at least one schema file or directory");
    const against = args.options.get("against");
    if (typeof against !== "string") throw new UsageError("`breaking` needs the old schemas: --against <dir|git-rev>");
    const config = args.options.get("config");
    const ignores = loadConfig(typeof config === "string" ? config : undefined, io.cwd).breaking;
    let tree: OldTree;
    try {
      tree = openOldTree(against, io.cwd);
    } catch (error) {
      if (error instanceof AgainstError) throw new UsageError(error.message);
      throw error;
    }
    const inputs = collectInputs(args.positionals, tree, io.cwd);
    for (const { input, lookedFor } of inputs.unmatched) {
      io.stderr(`warning: \`${input}\` has no old counterpart in ${tree.description} (looked for ${lookedFor}): it is compared as new\n`);
    }
    // A CI step wired to the wrong --against would otherwise pass forever, having compared nothing.
    if (inputs.oldFiles.length === 0) {
      throw new UsageError(`nothing to compare: no input has an old counterpart in ${tree.description}; --against names the old tree with the same layout as the inputs (e.g. \`--against old\` holding \`old/${normalizePath(relative(io.cwd, resolve(io.cwd, args.positionals[0] ?? ".")))}\`)`);
    }
    const result = checkBreaking({
      old: { paths: inputs.oldFiles, host: tree.host },
      neu: { paths: inputs.newFiles, host: fileSystemHostAt(io.cwd) },
      options: { strictNames: args.options.get("strict-names") === true, tailTolerant: args.options.get("tail-tolerant") === true },
      newPathOf: (old) => tree.newPath(old),
      ignores,
    });
    const format = (args.options.get("format") ?? "text") as DiagnosticFormat;
    let printed = formatDiagnostics(result.diagnostics, { format, sources: result.sources, color: useColor(args.options.get("color"), io, "stdout") });
    if (format === "json" && result.ignored.length > 0) {
      // The accepted findings too, in the same shape, so a CI report can show what was let through.
      const ignored = (JSON.parse(formatDiagnostics(result.ignored, { format: "json" })) as { diagnostics: unknown[] }).diagnostics;
      printed = `${JSON.stringify({ ...(JSON.parse(printed) as object), ignored }, null, 2)}\n`;
    }
    io.stdout(printed);
    const errors = result.diagnostics.filter((d) => d.severity === "error").length;
    const warnings = result.diagnostics.length - errors;
    const ignored = result.ignored.length > 0 ? `, ${result.ignored.length} ignored (${[...new Set(result.ignored.map((d) => d.code))].join(", ")})` : "";
    if (format === "text") io.stdout(`${summary(result.schemaErrors, errors, warnings)}${ignored} against ${tree.description}\n`);
    return errors > 0 ? EXIT.schemaErrors : EXIT.ok;
  },
};

function summary(schemaErrors: boolean, errors: number, warnings: number): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (schemaErrors) return `${plural(errors, "schema error")}: nothing compared`;
  const warned = warnings > 0 ? ` (${plural(warnings, "warning")})` : "";
  return errors === 0 ? `no breaking changes${warned}` : `${plural(errors, "breaking change")}${warned}`;
}
