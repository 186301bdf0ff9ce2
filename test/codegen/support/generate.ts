/**
 * Tests load generated code the way users do: compile schemas into a directory inside the repository
 * (test/codegen/.gen/<name>, gitignored) and import the modules (vitest maps `@iprotoc/runtime` to
 * runtime/index.ts).
 */
import { mkdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkProgram } from "../../../compiler/checks/program.js";
import { compile } from "../../../compiler/pipeline/compile.js";
import { fileSystemHost } from "../../../compiler/pipeline/source-host.js";
import { writeCompiled } from "../../../compiler/pipeline/write-compiled.js";
import type { MessageModel, ProgramModel, StructModel } from "../../../compiler/model/model.js";

export const REPO = fileURLToPath(new URL("../../../", import.meta.url));
export const GEN = fileURLToPath(new URL("../.gen/", import.meta.url));

/** Generates code for `schemas` (paths relative to the repository) into .gen/<name>; returns its directory. */
export async function generate(name: string, schemas: readonly string[]): Promise<string> {
  const outDir = `${GEN}${name}`;
  const result = await compile(schemas, { cwd: REPO, outDir });
  if (result.files.length === 0) throw new Error(`compile failed: ${JSON.stringify(result.diagnostics.map((d) => `${d.span.file}:${d.span.start.line}: ${d.code} ${d.message}`))}`);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  writeCompiled(result.files, REPO);
  return outDir;
}

export function program(schemas: readonly string[]): ProgramModel {
  const r = checkProgram(schemas.map((s) => `${REPO}${s}`), fileSystemHost);
  if (r.program === undefined) throw new Error(JSON.stringify(r.diagnostics.map((d) => d.message)));
  return r.program;
}

export interface MessageEntry {
  readonly file: string;
  readonly msg: MessageModel;
}

export function messages(p: ProgramModel): MessageEntry[] {
  return p.files.flatMap((f) =>
    f.declarations.flatMap((d) => (d.kind === "service" ? d.messages.map((msg) => ({ file: f.path, msg })) : [])),
  );
}

export function structs(p: ProgramModel): { file: string; struct: StructModel }[] {
  return p.files.flatMap((f) => f.declarations.flatMap((d) => (d.kind === "struct" ? [{ file: f.path, struct: d }] : [])));
}

/** A generated module (`box`, `common/geometry`) of a directory made by `generate`. */
export async function load(dir: string, module: string): Promise<Record<string, unknown>> {
  return (await import(`${dir}/${module}.ts`)) as Record<string, unknown>;
}
