/**
 * Command-line inputs to schema files: directories expand to every `.iproto` file below them, and a glob
 * the shell left alone (quoted, or matching nothing) is expanded here.
 */
import { type Dirent, existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { normalizePath } from "../../checks/load.js";
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

function isGlob(input: string): boolean {
  return /[*?[]/.test(input);
}

/**
 * Paths matching a shell-style glob (`*`, `?`, `[…]` within a name; `**` for any depth), as the shell
 * writes them: relative to `cwd` when the pattern is, sorted. Hidden names match only a pattern that
 * starts with a dot, as in the shell.
 */
function matchGlob(pattern: string, cwd: string): string[] {
  const normalized = pattern.replaceAll("\\", "/");
  const absolute = normalized.startsWith("/");
  const segments = normalized.split("/").filter((s) => s !== "" && s !== ".");
  const results: string[] = [];
  const walk = (prefix: string, rest: readonly string[]): void => {
    const [segment, ...tail] = rest;
    const here = resolve(cwd, absolute ? `/${prefix}` : prefix || ".");
    if (segment === undefined) {
      results.push(absolute ? `/${prefix}` : prefix);
      return;
    }
    const join = (name: string): string => (prefix === "" ? name : `${prefix}/${name}`);
    if (!isGlob(segment)) {
      if (existsSync(resolve(here, segment))) walk(join(segment), tail);
      return;
    }
    let entries: Dirent[];
    try {
      entries = sortedEntries(here);
    } catch {
      return;
    }
    if (segment === "**") {
      walk(prefix, tail);
      for (const entry of entries) if (entry.isDirectory() && !entry.name.startsWith(".")) walk(join(entry.name), rest);
      return;
    }
    const regex = globSegment(segment);
    for (const entry of entries) {
      if (entry.name.startsWith(".") && !segment.startsWith(".")) continue;
      if (regex.test(entry.name) && (tail.length === 0 || entry.isDirectory())) walk(join(entry.name), tail);
    }
  };
  walk("", segments);
  return [...new Set(results)];
}

function globSegment(segment: string): RegExp {
  let source = "";
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] ?? "";
    if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else if (c === "[" && segment.indexOf("]", i + 2) > 0) {
      const end = segment.indexOf("]", i + 2);
      const body = segment.slice(i + 1, end).replace(/^!/, "^").replaceAll("\\", "\\\\");
      source += `[${body}]`;
      i = end;
    } else source += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}
