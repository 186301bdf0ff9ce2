/** Schema sources on disk: the SourceHost the compiler and the CLI read schema files through. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { SourceHost } from "../checks/load.js";

/** Reads files from disk; anything unreadable (missing, a directory, no permission) is "not there". */
export const fileSystemHost: SourceHost = {
  readFile(path: string): string | undefined {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
};

/** Reads files from disk, relative paths against `cwd` (paths stay as given, so diagnostics show them so). */
export function fileSystemHostAt(cwd: string): SourceHost {
  return { readFile: (path) => fileSystemHost.readFile(resolve(cwd, path)) };
}
