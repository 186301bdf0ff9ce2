/**
 * Accepting a deliberate break, as buf's `except` and `ignore` do. Two ways, both by rule code:
 *
 * - configured (`iprotoc.json`, read by the CLI): `ignoreRules` — rules never reported — and `ignore` —
 *   a rule, a declaration, or both; a declaration is named as the schema names it (`Users`, `Users.GetUser`,
 *   `Profile`) or with its package (`example.users.Users.GetUser`), and covers what is declared inside it;
 * - a comment in the new schema, beside the declaration or field the finding is at, or on the line before:
 *   `// iprotoc:ignore-breaking B003 B001 the reason`.
 *
 * A finding is ignored when it matches either; ignored findings do not fail the command but are counted.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/span.js";
import type * as M from "../model/model.js";

export interface IgnoreEntry {
  /** A rule code (`B003`); absent: every rule. */
  readonly rule?: string;
  /** A declaration (`Users.GetUser`, optionally package-qualified); absent: everywhere. */
  readonly declaration?: string;
}

export interface BreakingIgnores {
  readonly ignoreRules: readonly string[];
  readonly ignore: readonly IgnoreEntry[];
}

export const NO_IGNORES: BreakingIgnores = { ignoreRules: [], ignore: [] };

/** The comment that accepts findings: its rule codes, then free text (the reason). */
const COMMENT = /\/\/\s*iprotoc:ignore-breaking\s+(B\d{3}(?:[\s,]+B\d{3})*)/;

/** Splits findings into those still reported and those ignored. */
export function applyIgnores(
  findings: readonly Diagnostic[],
  program: M.ProgramModel,
  sources: ReadonlyMap<string, string>,
  ignores: BreakingIgnores,
): { kept: Diagnostic[]; ignored: Diagnostic[] } {
  const kept: Diagnostic[] = [];
  const ignored: Diagnostic[] = [];
  const comments = new Map<string, Map<number, Set<string>>>();
  const commentsOf = (file: string): Map<number, Set<string>> => {
    let found = comments.get(file);
    if (!found) comments.set(file, (found = ignoreComments(sources.get(file) ?? "")));
    return found;
  };
  for (const finding of findings) {
    const decls = declarationsAt(program, finding.span);
    const byConfig =
      ignores.ignoreRules.includes(finding.code) ||
      ignores.ignore.some((e) => (e.rule === undefined || e.rule === finding.code) && (e.declaration === undefined || decls.some((d) => d.names.includes(e.declaration ?? ""))));
    const lines = [finding.span.start.line, ...decls.map((d) => d.line)];
    const marked = commentsOf(finding.span.file);
    const byComment = lines.some((line) => marked.get(line)?.has(finding.code) === true);
    (byConfig || byComment ? ignored : kept).push(finding);
  }
  return { kept, ignored };
}

/**
 * The declarations (and messages) whose extent contains `span`, outermost first: the names each goes by
 * (bare and package-qualified) and the line it starts on.
 */
export function declarationsAt(program: M.ProgramModel, span: Span): { names: string[]; line: number }[] {
  const file = program.files.find((f) => f.path === span.file);
  if (!file) return [];
  const result: { names: string[]; line: number }[] = [];
  const named = (name: string): string[] => (file.package ? [name, `${file.package}.${name}`] : [name]);
  for (const decl of file.declarations) {
    if (!contains(decl.span, span)) continue;
    result.push({ names: named(decl.name), line: decl.span.start.line });
    if (decl.kind !== "service") continue;
    for (const message of decl.messages) {
      if (contains(message.span, span)) result.push({ names: named(`${decl.name}.${message.name}`), line: message.span.start.line });
    }
  }
  return result;
}

function contains(outer: Span, inner: Span): boolean {
  return outer.file === inner.file && outer.start.offset <= inner.start.offset && inner.start.offset <= outer.end.offset;
}

/**
 * `iprotoc:ignore-breaking` comments of a schema text, by the line they apply to (1-based): their own
 * line when they follow code, else the next line that holds code.
 */
export function ignoreComments(text: string): Map<number, Set<string>> {
  const result = new Map<number, Set<string>>();
  const lines = text.split("\n");
  let pending: string[] = [];
  lines.forEach((line, index) => {
    const match = COMMENT.exec(line);
    const codeBefore = match ? line.slice(0, match.index).trim() !== "" : false;
    const isCode = line.trim() !== "" && !/^\s*(\/\/|\/\*|\*)/.test(line);
    if (match && !codeBefore) {
      pending.push(...(match[1] ?? "").split(/[\s,]+/));
      return;
    }
    const rules = [...(match && codeBefore ? (match[1] ?? "").split(/[\s,]+/) : []), ...(isCode ? pending : [])];
    if (isCode) pending = [];
    if (rules.length > 0) result.set(index + 1, new Set([...(result.get(index + 1) ?? []), ...rules]));
  });
  return result;
}
