/**
 * Each doc gets a scratch project under test/docs/.work/<pid>/<doc>/ (inside the repository, so
 * node_modules and the repo's strict tsconfig apply; gitignored; per process, as several test runs may
 * share the tree):
 *
 *   schemas/           the repository's schemas/, then the doc's ```iproto blocks that have a path
 *   gen/               `compile` of the doc's shared blocks (only when a ```ts block imports ./gen/…)
 *   block-<line>.ts    each ```ts block that is type-checked
 *
 * Commands of the doc's ```sh and ```console blocks run in that directory. One tsconfig.json in .work/<pid>/
 * type-checks every doc's blocks in one tsc run; `@iprotoc/runtime` (and the older `iprotoc/runtime`) and `iprotoc` resolve to the sources
 * (the repository's tsconfig paths, which tsx follows too when it runs a block).
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { compile } from "../../compiler/pipeline/compile.js";
import { writeCompiled } from "../../compiler/pipeline/write-compiled.js";
import type { CodeBlock } from "./markdown.js";
import type { SchemaBlock } from "./schemas.js";

export const ROOT = join(import.meta.dirname, "../..");
export const WORK = join(import.meta.dirname, ".work", String(process.pid));

export function resetWork(): void {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  writeFileSync(
    join(WORK, "tsconfig.json"),
    `${JSON.stringify({ extends: "../../../../tsconfig.json", compilerOptions: { noEmit: true }, include: ["*/block-*.ts"], exclude: [] }, null, 2)}\n`,
  );
}

/** `README.md` → `.work/<pid>/README`, `docs/cli.md` → `.work/<pid>/docs-cli`. */
export function projectDir(doc: string): string {
  return join(WORK, doc.replace(/\.md$/, "").replaceAll("/", "-"));
}

/** Lays out a doc's project; returns the generator's problems (empty when it has nothing to generate or succeeded). */
export async function buildProject(doc: string, schemas: readonly SchemaBlock[], needsGen: boolean): Promise<string> {
  const dir = projectDir(doc);
  mkdirSync(dir, { recursive: true });
  cpSync(join(ROOT, "schemas"), join(dir, "schemas"), { recursive: true });
  for (const schema of schemas.filter((s) => s.onDisk)) {
    mkdirSync(dirname(join(dir, schema.path)), { recursive: true });
    writeFileSync(join(dir, schema.path), schema.block.text);
  }
  const shared = schemas.filter((s) => s.shared);
  if (!needsGen || shared.length === 0) return "";
  const result = await compile(
    shared.map((s) => s.path),
    { outDir: "gen", cwd: dir },
  );
  if (result.files.length === 0) return result.diagnostics.map((d) => `${d.span.file}:${d.span.start.line}: ${d.code} ${d.message}`).join("\n") || "nothing generated";
  writeCompiled(result.files, dir);
  return "";
}

/** The file a ```ts block is type-checked (and run) as. `export {}` keeps every block a module of its own. */
export function writeTsBlock(block: CodeBlock): string {
  const path = join(projectDir(block.doc), `block-${block.line}.ts`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${block.text}export {};\n`);
  return path;
}
