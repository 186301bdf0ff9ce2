/** Staleness: whether an output directory holds exactly what `compile` would write now (`generate --check`). */
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { CompiledFile } from "./compile.js";
import { extraGeneratedFiles } from "./generated-files.js";

export interface StaleReport {
  /** Generated files whose content differs from what the compiler writes now. */
  readonly stale: string[];
  /** Files the compiler would write that do not exist. */
  readonly missing: string[];
  /** Generated files (they start with iprotoc's header: generated-files.ts) the compiler would no longer write. */
  readonly extra: string[];
}

/** Compares an output directory with what the compiler would write (`compile` with the same outDir). */
export function checkCompiled(files: readonly CompiledFile[], outDir: string, cwd: string = process.cwd()): StaleReport {
  const stale: string[] = [];
  const missing: string[] = [];
  const expected = new Set(files.map((f) => resolve(cwd, f.path)));
  for (const f of files) {
    let current: string | undefined;
    try {
      current = readFileSync(resolve(cwd, f.path), "utf8");
    } catch {
      current = undefined;
    }
    if (current === undefined) missing.push(f.path);
    else if (current !== f.text) stale.push(f.path);
  }
  const extra = extraGeneratedFiles(outDir, expected, cwd).map((path) => relative(cwd, path).split("\\").join("/"));
  return { stale, missing, extra };
}
