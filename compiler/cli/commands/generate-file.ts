/**
 * `iprotoc generate --target <wireshark|tarantool>`: targets that turn the checked schemas into one file
 * (a Lua dissector, a Tarantool space configuration). `-o` ending in the target's extension is the file;
 * otherwise the file is `<dir>/<default name>`. With `--check`, writes nothing and exits 1 when that file
 * differs from what would be written.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { checkProgram } from "../../checks/program.js";
import { formatDiagnostics, type DiagnosticFormat } from "../../diagnostics/render.js";
import type { ProgramModel } from "../../model/model.js";
import { fileSystemHostAt } from "../../pipeline/source-host.js";
import { expandInputs } from "../support/files.js";
import { namesOption, type ParsedArgs } from "../support/args.js";
import { EXIT, UsageError, useColor, type CliIo } from "../support/io.js";

export interface FileTarget {
  readonly name: string;
  /** `.lua`, `.cfg`. */
  readonly extension: string;
  /** The file's name when `-o` names a directory. */
  readonly defaultName: string;
  /** The file's text; `schemaPaths` as the header shows them. */
  render(program: ProgramModel, schemaPaths: readonly string[]): string;
}

export function generateFile(target: FileTarget, args: ParsedArgs, io: CliIo, outDir: string): number {
  const files = expandInputs(args.positionals, io.cwd);
  const format = (args.options.get("format") ?? "text") as DiagnosticFormat;
  const checked = checkProgram(files, fileSystemHostAt(io.cwd), {
    importRoots: args.lists.get("import-path") ?? [],
    names: namesOption(args.options.get("names")),
    ...(io.session ? { parses: io.session.parses } : {}),
  });
  if (checked.diagnostics.length > 0) io.stderr(formatDiagnostics(checked.diagnostics, { format, sources: checked.sources, color: useColor(args.options.get("color"), io, "stderr") }));
  const errors = checked.diagnostics.filter((d) => d.severity === "error").length;
  if (checked.program === undefined || errors > 0) {
    if (format === "text") io.stderr(`${errors} error${errors === 1 ? "" : "s"}: nothing written to ${outDir}\n`);
    return EXIT.schemaErrors;
  }
  const shown = (p: string) => (isAbsolute(p) ? relative(io.cwd, p).split("\\").join("/") : p);
  const text = target.render(checked.program, checked.program.files.map((f) => shown(f.path)));
  const out = outDir.endsWith(target.extension) ? outDir : join(outDir, target.defaultName);
  const path = resolve(io.cwd, out);
  if (args.options.get("check") === true) {
    let current: string | undefined;
    try {
      current = readFileSync(path, "utf8");
    } catch {
      current = undefined;
    }
    if (current === text) {
      io.stdout(`${out} is up to date\n`);
      return EXIT.ok;
    }
    io.stderr(`${current === undefined ? "missing" : "stale"}: ${out}\n${out} is out of date: run \`iprotoc generate --target ${target.name} ${args.positionals.join(" ")} -o ${outDir}\`\n`);
    return EXIT.schemaErrors;
  }
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(`cannot write to \`${out}\`: ${error instanceof Error ? error.message : String(error)}`);
  }
  io.stdout(`wrote ${out}\n`);
  return EXIT.ok;
}
