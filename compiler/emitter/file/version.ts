/** The compiler version written into every generated file's header: the package's own version. */
import { readFileSync } from "node:fs";

function readVersion(): string {
  for (const rel of ["../../../package.json", "../../../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "iprotoc" && typeof pkg.version === "string") return pkg.version;
    } catch {
      // try the next location (source tree vs. dist/)
    }
  }
  return "0.0.0";
}

export const COMPILER_VERSION = readVersion();
