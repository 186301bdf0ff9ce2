/** Schema sources on disk: the SourceHost the compiler and the CLI read schema files through. */
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { SourceHost } from "../checks/load.js";
import { MAX_SCHEMA_BYTES } from "../checks/limits.js";

/** Why a path that exists must not be read (stat only: opening a FIFO would block), or undefined. */
function refuse(path: string): string | undefined {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return undefined; // missing: readFile says so
  }
  if (stats.isDirectory()) return undefined; // "cannot read", as before
  if (!stats.isFile()) return "is not a regular file (a device, a FIFO or a socket): schemas are read from regular files only";
  if (stats.size > MAX_SCHEMA_BYTES) return `is ${stats.size} bytes, over the ${MAX_SCHEMA_BYTES}-byte limit for one schema file`;
  return undefined;
}

/** Reads files from disk; anything unreadable (missing, a directory, no permission) is "not there". */
export const fileSystemHost: SourceHost = {
  readFile(path: string): string | undefined {
    if (refuse(path) !== undefined) return undefined;
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
  refuse,
};

/** Reads files from disk, relative paths against `cwd` (paths stay as given, so diagnostics show them so). */
export function fileSystemHostAt(cwd: string): SourceHost {
  return { readFile: (path) => fileSystemHost.readFile(resolve(cwd, path)), refuse: (path) => refuse(resolve(cwd, path)) };
}
