/** Command-line inputs to schema files: directories expand to every `.iproto` file below them. */
import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { normalizePath } from "../checks/load.js";
import { UsageError } from "./io.js";

/**
 * The schema files named by the inputs, in order, each once. Paths stay as the user wrote them (relative
 * ones relative to `cwd`), so diagnostics show the same paths. Missing inputs and directories without any
 * schema are UsageErrors.
 */
export function expandInputs(inputs: readonly string[], cwd: string): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (path: string): void => {
    const key = resolve(cwd, path);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(normalizePath(path));
  };
  for (const input of inputs) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(resolve(cwd, input)).isDirectory();
    } catch {
      throw new UsageError(`cannot read \`${input}\`: no such file or directory`);
    }
    if (!isDirectory) {
      add(input);
      continue;
    }
    const found = schemasBelow(resolve(cwd, input)).map((abs) => join(input, relative(resolve(cwd, input), abs)));
    if (found.length === 0) throw new UsageError(`no .iproto files in \`${input}\``);
    found.forEach(add);
  }
  return files;
}

/** Every `.iproto` file below a directory, sorted; hidden directories and node_modules are skipped. */
function schemasBelow(dir: string): string[] {
  const result: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith(".") && entry.name !== "node_modules") result.push(...schemasBelow(path));
    } else if (entry.name.endsWith(".iproto")) {
      result.push(path);
    }
  }
  return result;
}
