/** Walking an output directory for the TypeScript files in it (check-compiled.ts's "extra" files, run-record.ts). */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every `.ts` file below `dir`, sorted; hidden directories and node_modules are skipped, a missing `dir` is empty. */
export function tsFilesBelow(dir: string): string[] {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) return [];
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name.startsWith(".") || name === "node_modules" ? [] : tsFilesBelow(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}
