/**
 * Command-line inputs to schema files: directories expand to every `.iproto` file below them, and a glob
 * the shell left alone (quoted, or matching nothing) is expanded here, by tinyglobby (braces included).
 */
import { type Dirent, readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { globSync, isDynamicPattern } from "tinyglobby";
import { normalizePath } from "../../checks/paths.js";
import { UsageError } from "./io.js";

/**
 * The schema files named by the inputs, in order, each once. Paths stay as the user wrote them (relative
 * ones relative to `cwd`), so diagnostics show the same paths. Missing inputs, globs that match nothing
 * and directories without any schema are UsageErrors.
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
  const expand = (input: string, isDirectory: boolean): void => {
    if (!isDirectory) {
      add(input);
      return;
    }
    const found = schemasBelow(resolve(cwd, input)).map((abs) => join(input, relative(resolve(cwd, input), abs)));
    if (found.length === 0) throw new UsageError(`no .iproto files in \`${input}\``);
    found.forEach(add);
  };
  for (const input of inputs) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(resolve(cwd, input)).isDirectory();
    } catch {
      if (!isGlob(input)) throw new UsageError(`cannot read \`${input}\`: no such file or directory`);
      const matches = matchGlob(input, cwd);
      if (matches.length === 0) throw new UsageError(`no files match \`${input}\``);
      for (const match of matches) expand(match, statSync(resolve(cwd, match)).isDirectory());
      continue;
    }
    expand(input, isDirectory);
  }
  return files;
}

/** Every `.iproto` file below a directory, sorted; hidden directories and node_modules are skipped. */
function schemasBelow(dir: string): string[] {
  const result: string[] = [];
  for (const entry of sortedEntries(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith(".") && entry.name !== "node_modules") result.push(...schemasBelow(path));
    } else if (entry.name.endsWith(".iproto")) {
      result.push(path);
    }
  }
  return result;
}

function sortedEntries(dir: string): Dirent[] {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Whether the shell would have expanded `input` (`*`, `?`, `[…]`, `{a,b}`, extglobs). */
function isGlob(input: string): boolean {
  return isDynamicPattern(input.replaceAll("\\", "/"));
}

/**
 * Paths matching a shell-style glob (tinyglobby: `*`, `?`, `[…]`, braces `{box,users}`, `**` for any
 * depth), files and directories, as the shell writes them: relative to `cwd` when the pattern is, absolute
 * when it is, sorted. Hidden names match only a pattern that spells the dot, as in the shell.
 */
function matchGlob(pattern: string, cwd: string): string[] {
  const normalized = pattern.replaceAll("\\", "/");
  const matches = globSync(normalized, { cwd, onlyFiles: false, expandDirectories: false, dot: false, absolute: isAbsolute(normalized) });
  return matches.map((m) => (m.endsWith("/") && m.length > 1 ? m.slice(0, -1) : m)).sort();
}
