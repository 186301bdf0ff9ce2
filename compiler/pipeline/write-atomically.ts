/** Writing a cache file so that a reader never sees half of it: a temporary file, then a rename over it. */
import { mkdirSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** Writes `text` to `file` (creating its directory); false, leaving nothing behind, when it can't. */
export function writeAtomically(file: string, text: string): boolean {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, text);
    renameSync(temporary, file);
    return true;
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // never written
    }
    return false;
  }
}
