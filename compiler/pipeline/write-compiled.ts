/** Writing what `compile` returned to disk: the output directory is the compiler's own. */
import { mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import type { CompiledFile } from "./compile.js";
import { extraGeneratedFiles } from "./generated-files.js";

/**
 * Writes compiled files (paths as compile returned them, relative to `cwd`), creating directories, then
 * removes the files below `outDir` that iprotoc generated earlier but no longer produces (their schema
 * is gone or moved), and the directories that leaves empty. A file without iprotoc's header is never
 * touched, nor is one that already holds what would be written (its modification time stays, so watchers
 * and bundlers downstream see no change). Returns the removed files, relative to `cwd`.
 */
export function writeCompiled(files: readonly CompiledFile[], cwd: string = process.cwd(), outDir?: string): string[] {
  for (const f of files) {
    const path = resolve(cwd, f.path);
    if (holds(path, f.text)) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.text);
  }
  if (outDir === undefined) return [];
  const root = resolve(cwd, outDir);
  const removed = extraGeneratedFiles(outDir, new Set(files.map((f) => resolve(cwd, f.path))), cwd);
  for (const path of removed) {
    unlinkSync(path);
    removeEmptyParents(dirname(path), root);
  }
  return removed.map((path) => relative(cwd, path).split("\\").join("/"));
}

/**
 * Does the file at `path` hold exactly `text`? Sizes first (a file that grew by one field is not read),
 * then bytes: decoding megabytes of code costs more.
 */
function holds(path: string, text: string): boolean {
  try {
    if (statSync(path).size !== Buffer.byteLength(text)) return false;
    return readFileSync(path).equals(Buffer.from(text));
  } catch {
    return false;
  }
}

/** Removes `dir` and its parents up to (not including) `root` while they are empty. */
function removeEmptyParents(dir: string, root: string): void {
  for (let at = dir; at.startsWith(root + sep); at = dirname(at)) {
    if (readdirSync(at).length > 0) return;
    rmdirSync(at);
  }
}
