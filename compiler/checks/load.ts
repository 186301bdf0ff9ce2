/**
 * Loading a compilation: the entry files and everything they import, transitively. Import paths are
 * relative to the importing file, and must stay inside the import roots — the working directory, the
 * directories of the entry files and any `--import-path` (as protoc's -I): an import elsewhere (`../../etc/passwd`, `/dev/zero`)
 * is refused before it is read (E0105), so no content of a foreign file ever shows in a diagnostic.
 * Reports unreadable entries (E0101), missing imports (E0102), import cycles (E0103), repeated imports
 * (E0104), files that are not regular or too large (E0106), invalid UTF-8 (E0107) and import chains past
 * the nesting limit (E0108); returns the files in dependency order (imports first).
 */
import { posix } from "node:path";
import type { ImportDecl } from "../ast/ast.js";
import type { Diagnostics } from "../diagnostics/collector.js";
import type { Span } from "../diagnostics/span.js";
import { parseSchema, type ParsedSchema } from "../parser/parse.js";
import { reparseSchema } from "../parser/reparse.js";
import type { FieldNaming } from "../model/property-names.js";
import { MAX_NESTING } from "./limits.js";
import { normalizePath } from "./paths.js";

/** Where source text comes from: the file system for the CLI, a map of strings in tests. */
export interface SourceHost {
  /** The file's text, or undefined when it does not exist or cannot be read. */
  readFile(path: string): string | undefined;
  /**
   * Why a path that exists will not be read — not a regular file (a FIFO, a device: reading would hang
   * or never end), or over the size limit — or undefined. Hosts without a file system need not say.
   */
  refuse?(path: string): string | undefined;
}

/**
 * Parses of earlier runs, by path (`--watch`): a file whose text is unchanged is not parsed again, an edited
 * one only where it changed. Safe to share: nothing after the parser changes a syntax tree.
 */
export type ParseCache = Map<string, { readonly text: string; readonly parsed: ParsedSchema }>;

export interface LoadOptions {
  /** More directories imports may resolve inside, besides the entry files' own. */
  readonly importRoots?: readonly string[];
  /** The property naming code will be generated with (`--names`): fields that collide under it are E0212. */
  readonly names?: FieldNaming;
  /** Parses to reuse, and where this run's are kept. */
  readonly parses?: ParseCache;
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

function importTarget(importer: string, target: string): string {
  const t = target.replaceAll("\\", "/");
  return normalizePath(t.startsWith("/") ? t : posix.join(posix.dirname(importer), t));
}

function fileSpan(path: string): Span {
  const at = { line: 1, column: 1, offset: 0 };
  return { file: path, start: at, end: at };
}

/** Whether `path` is `root` or below it (both normalized; "." is the working directory). */
function isInside(root: string, path: string): boolean {
  if (root === ".") return !path.startsWith("../") && path !== ".." && !posix.isAbsolute(path) && !/^[^/]*:\//.test(path);
  return path === root || path.startsWith(root.endsWith("/") ? root : `${root}/`);
}

export function loadProgram(entryPaths: readonly string[], host: SourceHost, diagnostics: Diagnostics, options: LoadOptions = {}): LoadedProgram {
  const loaded = new Map<string, LoadedFile | null>();
  // As protoc's -I: the working directory, the entry files' directories and any --import-path.
  const roots = [...new Set([".", ...entryPaths.map((p) => posix.dirname(normalizePath(p))), ...(options.importRoots ?? []).map(normalizePath)])];

  const load = (path: string, depth: number, from: Span | undefined): LoadedFile | undefined => {
    const known = loaded.get(path);
    if (known !== undefined) return known ?? undefined;
    const refused = host.refuse?.(path);
    if (refused !== undefined) {
      diagnostics.error("E0106", `\`${path}\` ${refused}`, from ?? fileSpan(path));
      loaded.set(path, null);
      return undefined;
    }
    const text = host.readFile(path);
    if (text === undefined) {
      loaded.set(path, null);
      return undefined;
    }
    const cached = options.parses?.get(path);
    // An edited file keeps the parse of what the edit did not touch (reparse.ts).
    const parsed = cached === undefined ? parseSchema(path, text) : cached.text === text ? cached.parsed : reparseSchema(cached.parsed, text).parsed;
    options.parses?.set(path, { text, parsed });
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
      if (!roots.some((root) => isInside(root, target))) {
        diagnostics.error("E0105", `\`${decl.path.value}\` is outside the import roots (${roots.map((r) => `\`${r}\``).join(", ")}); add its directory with --import-path`, decl.path.span);
        file.imports.push({ decl, path: target, file: undefined });
        continue;
      }
      if (depth >= MAX_NESTING) {
        diagnostics.error("E0108", `imports chain more than ${MAX_NESTING} files deep here`, decl.path.span);
        file.imports.push({ decl, path: target, file: undefined });
        continue;
      }
      const imported = load(target, depth + 1, decl.path.span);
      // A refused file was reported (E0106) where it was first imported; only a missing one is E0102.
      if (!imported && host.refuse?.(target) === undefined) {
        diagnostics.error("E0102", `cannot find the imported file \`${decl.path.value}\` (looked for \`${target}\`)`, decl.path.span);
      }
      file.imports.push({ decl, path: target, file: imported });
    }
    return file;
  };

  const entries: LoadedFile[] = [];
  for (const raw of entryPaths) {
    const path = normalizePath(raw);
    const refused = loaded.has(path) ? undefined : host.refuse?.(path);
    const file = load(path, 0, undefined);
    if (file) entries.push(file);
    else if (refused === undefined && !entries.some((e) => e.path === path)) diagnostics.error("E0101", `cannot read \`${raw}\``, fileSpan(path));
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
