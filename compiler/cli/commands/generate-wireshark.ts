/**
 * `iprotoc generate --target wireshark <files|dirs…> -o <file.lua|dir> [--port <ports>] [--check]`: the
 * schemas as one Lua dissector (compiler/wireshark). `-o` ending in `.lua` is the file; otherwise the
 * dissector is `<dir>/iproto.lua`. With `--check`, writes nothing and exits 1 when that file differs.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { checkProgram } from "../../checks/program.js";
import { formatDiagnostics, type DiagnosticFormat } from "../../diagnostics/render.js";
import { fileSystemHostAt } from "../../pipeline/source-host.js";
import { emitWireshark } from "../../wireshark/emit.js";
import { expandInputs } from "../support/files.js";
import type { ParsedArgs } from "../support/args.js";
import { EXIT, UsageError, useColor, type CliIo } from "../support/io.js";

/** Default of the dissector's TCP ports preference: Tarantool 1.5's primary port. */
export const DEFAULT_WIRESHARK_PORTS = "33013";

export function generateWireshark(args: ParsedArgs, io: CliIo, outDir: string): number {
  const port = args.options.get("port");
  const ports = typeof port === "string" ? port.replace(/\s+/g, "") : DEFAULT_WIRESHARK_PORTS;
  if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(ports) || ports.split(/[,-]/).some((p) => Number(p) > 65535)) {
    throw new UsageError(`--port: expected TCP ports like 33013 or 33013,34000-34010, got \`${ports}\``);
  }
  const files = expandInputs(args.positionals, io.cwd);
  const format = (args.options.get("format") ?? "text") as DiagnosticFormat;
  const checked = checkProgram(files, fileSystemHostAt(io.cwd), { importRoots: args.lists.get("import-path") ?? [] });
  if (checked.diagnostics.length > 0) io.stderr(formatDiagnostics(checked.diagnostics, { format, sources: checked.sources, color: useColor(args.options.get("color"), io, "stderr") }));
  const errors = checked.diagnostics.filter((d) => d.severity === "error").length;
  if (checked.program === undefined || errors > 0) {
    if (format === "text") io.stderr(`${errors} error${errors === 1 ? "" : "s"}: nothing written to ${outDir}\n`);
    return EXIT.schemaErrors;
  }
  const shown = (p: string) => (isAbsolute(p) ? relative(io.cwd, p).split("\\").join("/") : p);
  const { text } = emitWireshark(checked.program, { ports, schemaPaths: checked.program.files.map((f) => shown(f.path)) });
  const target = outDir.endsWith(".lua") ? outDir : join(outDir, "iproto.lua");
  const path = resolve(io.cwd, target);
  if (args.options.get("check") === true) {
    let current: string | undefined;
    try {
      current = readFileSync(path, "utf8");
    } catch {
      current = undefined;
    }
    if (current === text) {
      io.stdout(`${target} is up to date\n`);
      return EXIT.ok;
    }
    io.stderr(`${current === undefined ? "missing" : "stale"}: ${target}\n${target} is out of date: run \`iprotoc generate --target wireshark ${args.positionals.join(" ")} -o ${outDir}\`\n`);
    return EXIT.schemaErrors;
  }
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(`cannot write to \`${target}\`: ${error instanceof Error ? error.message : String(error)}`);
  }
  io.stdout(`wrote ${target}\n`);
  return EXIT.ok;
}
