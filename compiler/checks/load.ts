/**
 * Loading a compilation: the entry files and everything they import, transitively. Import paths are
 * relative to the importing file. Reports unreadable entries (E0101), missing imports (E0102), import
 * cycles (E0103) and repeated imports (E0104); returns the files in dependency order (imports first).
 */
import { posix } from "node:path";
import type { ImportDecl } from "../ast/ast.js";
import type { Diagnostics } from "../diagnostics/collector.js";
import type { Span } from "../diagnostics/span.js";
import { parseSchema, type ParsedSchema } from "../parser/parse.js";

/** Where source text comes from: the file system for the CLI, a map of strings in tests. */
export interface SourceHost {
  /** The file's text, or undefined when it does not exist or cannot be read. */
  readFile(path: string): string | undefined;
}

export interface ResolvedImport {
  readonly decl: ImportDecl;
  /** Normalized path of the imported file. */
  readonly path: string;
  /** undefined when the file does not exist. */
  readonly file: LoadedFile | undefined;
}

export interface LoadedFile {
  readonly path: string;
  readonly parsed: ParsedSchema;
  readonly imports: ResolvedImport[];
}

export interface LoadedProgram {
  /** Every loaded file, imports before importers. */
  readonly files: readonly LoadedFile[];
}

/** Forward slashes, `.` and `..` folded, no leading `./`. */
export function normalizePath(path: string): string {
  const normalized = posix.normalize(path.replaceAll("\\", "/"));
  return normalized.startsWith("./") ? normalized.slice(2) : normalized;
}

function importTarget(importer: string, target: string): string {
  const t = target.replaceAll("\\", "/");
  return normalizePath(t.startsWith("/") ? t : posix.join(posix.dirname(importer), t));
}

function fileSpan(path: string): Span {
  const at = { line: 1, column: 1, offset: 0 };
  return { file: path, start: at, end: at };
}

export function loadProgram(entryPaths: readonly string[], host: SourceHost, diagnostics: Diagnostics): LoadedProgram {
  const loaded = new Map<string, LoadedFile | null>();

  const load = (path: string): LoadedFile | undefined => {
    const known = loaded.get(path);
    if (known !== undefined) return known ?? undefined;
    const text = host.readFile(path);
    if (text === undefined) {
      loaded.set(path, null);
      return undefined;
    }
    const parsed = parseSchema(path, text);
    const file: LoadedFile = { path, parsed, imports: [] };
    loaded.set(path, file);
    for (const d of parsed.diagnostics) diagnostics.list.push(d);
    const seen = new Map<string, ImportDecl>();
    for (const decl of parsed.ast.imports) {
      if (decl.path.raw === "") continue; // a syntax error was reported
      const target = importTarget(path, decl.path.value);
      const first = seen.get(target);
      if (first) {
        diagnostics.error("E0104", `\`${decl.path.value}\` is already imported`, decl.path.span, [
          { message: "first imported here", span: first.path.span },
        ]);
        continue;
      }
      seen.set(target, decl);
      const imported = load(target);
      if (!imported) {
        diagnostics.error("E0102", `cannot find the imported file \`${decl.path.value}\` (looked for \`${target}\`)`, decl.path.span);
      }
      file.imports.push({ decl, path: target, file: imported });
    }
    return file;
  };

  const entries: LoadedFile[] = [];
  for (const raw of entryPaths) {
    const path = normalizePath(raw);
    const file = load(path);
    if (file) entries.push(file);
    else if (!entries.some((e) => e.path === path)) diagnostics.error("E0101", `cannot read \`${raw}\``, fileSpan(path));
  }
  return { files: dependencyOrder(entries, diagnostics) };
}

/** Post-order over imports from the entries; a back edge is an import cycle. */
function dependencyOrder(entries: readonly LoadedFile[], diagnostics: Diagnostics): LoadedFile[] {
  const order: LoadedFile[] = [];
  const state = new Map<LoadedFile, "active" | "done">();
  const stack: LoadedFile[] = [];
  const visit = (file: LoadedFile): void => {
    state.set(file, "active");
    stack.push(file);
    for (const imp of file.imports) {
      if (!imp.file) continue;
      const s = state.get(imp.file);
      if (s === "active") {
        const cycle = [...stack.slice(stack.indexOf(imp.file)), imp.file].map((f) => f.path);
        diagnostics.error("E0103", `import cycle: ${cycle.join(" → ")}`, imp.decl.span);
      } else if (s === undefined) {
        visit(imp.file);
      }
    }
    stack.pop();
    state.set(file, "done");
    order.push(file);
  };
  for (const entry of entries) if (!state.has(entry)) visit(entry);
  return order;
}
