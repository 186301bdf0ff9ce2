/** Writing what `compile` returned to disk. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { CompiledFile } from "./compile.js";

/** Writes compiled files (paths as compile returned them, relative to `cwd`), creating directories. */
export function writeCompiled(files: readonly CompiledFile[], cwd: string = process.cwd()): void {
  for (const f of files) {
    const path = resolve(cwd, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.text);
  }
}
