/**
 * What `decode` and `call` share: `--schema` (files or directories, repeatable or comma-separated),
 * `--service`, `--bytes`, checking the schemas (diagnostics on stderr), and reading an input file or stdin.
 * Loads the checker and the wire codec only: no emitter, no prettier, no ts-morph.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { formatDiagnostics } from "../../diagnostics/render.js";
import { checkProgram } from "../../checks/program.js";
import { fileSystemHostAt } from "../../pipeline/source-host.js";
import type { ProgramModel } from "../../model/model.js";
import { SchemaIndex } from "../../wire/index.js";
import { expandInputs } from "./files.js";
import type { OptionSpec, ParsedArgs } from "./args.js";
import { UsageError, useColor, type CliIo } from "./io.js";

export const SCHEMA_OPTION: OptionSpec = {
  name: "schema",
  short: "s",
  kind: "string",
  repeatable: true,
  valueName: "<files|dirs>",
  description: "schema files or directories (repeatable, or comma-separated)",
};
export const SERVICE_OPTION: OptionSpec = { name: "service", kind: "string", valueName: "<name>", description: "only this service's messages" };
export const BYTES_OPTION: OptionSpec = { name: "bytes", kind: "string", choices: ["hex", "base64"], description: "how bytes values are written in JSON (default: hex)" };

/** The checked program of `--schema`, or undefined (diagnostics printed) when the schemas have errors. */
export function loadSchemas(args: ParsedArgs, io: CliIo, required: boolean): { index: SchemaIndex | undefined; failed: boolean } {
  const inputs = (args.lists.get("schema") ?? []).flatMap((s) => s.split(",")).filter((s) => s !== "");
  if (inputs.length === 0) {
    if (required) throw new UsageError("`--schema <files|dirs>` is required");
    return { index: undefined, failed: false };
  }
  const result = checkProgram(expandInputs(inputs, io.cwd), fileSystemHostAt(io.cwd), { importRoots: args.lists.get("import-path") ?? [] });
  const program: ProgramModel | undefined = result.program;
  if (program === undefined) {
    io.stderr(formatDiagnostics(result.diagnostics, { format: "text", sources: result.sources, color: useColor(undefined, io, "stderr") }));
    return { index: undefined, failed: true };
  }
  const service = args.options.get("service");
  try {
    return { index: new SchemaIndex(program, typeof service === "string" ? service : undefined), failed: false };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** A CliIo may bring its own stdin (tests); otherwise the process's. */
export interface StdinIo {
  readonly readStdin?: () => Promise<Uint8Array>;
}

export async function readInput(name: string | undefined, io: CliIo & StdinIo): Promise<Uint8Array> {
  if (name === undefined || name === "-") {
    if (io.readStdin !== undefined) return io.readStdin();
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return new Uint8Array(Buffer.concat(chunks));
  }
  try {
    return new Uint8Array(readFileSync(resolve(io.cwd, name)));
  } catch (e) {
    throw new UsageError(`cannot read \`${name}\`: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
}
