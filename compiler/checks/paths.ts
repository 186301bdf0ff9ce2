/**
 * Schema paths as the compiler keys them. Apart from load.ts so that the CLI can name files without
 * loading the parser (an up-to-date `generate` never parses: pipeline/run-record.ts).
 */
import { posix } from "node:path";

/** Forward slashes, `.` and `..` folded, no leading `./`. */
export function normalizePath(path: string): string {
  const normalized = posix.normalize(path.replaceAll("\\", "/"));
  return normalized.startsWith("./") ? normalized.slice(2) : normalized;
}
