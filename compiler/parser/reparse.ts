/**
 * Parsing an edited file again without parsing what the edit did not touch (`--watch`, repeated runs).
 *
 * The edit is found by comparing the texts (common prefix and suffix, widened to whole lines). The units
 * of a file are its top-level statements and, inside a service, its members: each unit owns the text from
 * the end of the one before it (so its doc comment and blank lines) to its own end. The units that own
 * edited text are parsed again as a fragment — members inside `service S{…}`, so the grammar is the same —
 * and the others are kept: those before the edit as they are, those after it moved (move-nodes.ts).
 *
 * The result is the tree a whole parse gives, spans and comments included (test/frontend/reparse.test.ts
 * compares them on random edits). Whenever that is not certain the file is parsed whole: the earlier
 * parse had diagnostics (recovery may have read across units), the fragment has any (recovery in a
 * fragment differs from recovery in the file), an edit touches `package` or `import` lines, or the text
 * has `\r` line breaks.
 */
import type { Declaration, ServiceDecl, ServiceItem } from "../ast/ast.js";
import { SourceText } from "../diagnostics/source.js";
import { parseSchema, type ParsedSchema } from "./parse.js";
import { type Move, Mover } from "./move-nodes.js";

export interface Reparsed {
  readonly parsed: ParsedSchema;
  /** How many units (top-level statements, service members) were kept instead of parsed: 0 for a whole parse. */
  readonly reused: number;
}

/** The edited lines: [start, oldEnd) of the old text became [start, newEnd) of the new one. */
interface Edit {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
  /** Lines added (negative: removed). */
  readonly lines: number;
}

/** The units an edit touches: the text [from, to) of the old file, and the units' indexes [first, end). */
interface Touched {
  readonly from: number;
  readonly to: number;
  readonly first: number;
  readonly end: number;
}

/** A service to wrap member fragments in: the text before the fragment, on the fragment's first line. */
const SERVICE_OPEN = "service S{";

export function reparseSchema(previous: ParsedSchema, text: string): Reparsed {
  const old = previous.source.text;
  const whole = (): Reparsed => ({ parsed: parseSchema(previous.source.path, text), reused: 0 });
  if (previous.diagnostics.length > 0 || old.includes("\r") || text.includes("\r")) return whole();
  const edit = lineEdit(old, text);
  if (edit === undefined) return { parsed: previous, reused: unitCount(previous) };
  return inService(previous, text, edit) ?? atTopLevel(previous, text, edit) ?? whole();
}

function unitCount(parsed: ParsedSchema): number {
  const { ast } = parsed;
  let count = (ast.package ? 1 : 0) + ast.imports.length + ast.declarations.length;
  for (const d of ast.declarations) if (d.kind === "service") count += d.items.length;
  return count;
}

/** The lines that differ, or undefined when the texts are equal. */
function lineEdit(old: string, text: string): Edit | undefined {
  const limit = Math.min(old.length, text.length);
  let prefix = 0;
  while (prefix < limit && old.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  if (prefix === old.length && prefix === text.length) return undefined;
  let suffix = 0;
  while (suffix < limit - prefix && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  const start = old.lastIndexOf("\n", prefix - 1) + 1;
  const lineEnd = old.indexOf("\n", old.length - suffix);
  const oldEnd = lineEnd < 0 ? old.length : lineEnd + 1;
  const newEnd = oldEnd + text.length - old.length;
  return { start, oldEnd, newEnd, lines: countLines(text, start, newEnd) - countLines(old, start, oldEnd) };
}

function countLines(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf("\n", from); at >= 0 && at < to; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

/**
 * The units whose text an edit touches. Unit i owns [bounds[i], bounds[i + 1]]; the last bound up to
 * `end` is the trailing text (blank lines, comments) after the last unit, touched like a unit.
 */
function touched(bounds: readonly number[], end: number, edit: Edit): Touched | undefined {
  let first = -1;
  let last = -1;
  for (let i = 0; i < bounds.length; i++) {
    const lo = bounds[i] ?? 0;
    const hi = bounds[i + 1] ?? end;
    if (lo <= edit.oldEnd && hi >= edit.start) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return undefined;
  return { from: bounds[first] ?? 0, to: bounds[last + 1] ?? end, first, end: Math.min(last + 1, bounds.length - 1) };
}

/** An edit inside one service's body: its touched members are parsed again, wrapped in a service. */
function inService(previous: ParsedSchema, text: string, edit: Edit): Reparsed | undefined {
  const { ast } = previous;
  const old = previous.source.text;
  const service = ast.declarations.find(
    (d): d is ServiceDecl => d.kind === "service" && d.name.span.end.offset <= edit.start && edit.oldEnd <= d.span.end.offset - 1,
  );
  if (service === undefined) return undefined;
  const bodyStart = openBrace(old, service.name.span.end.offset);
  if (bodyStart > edit.start) return undefined;
  const range = touched([bodyStart, ...service.items.map((i) => i.span.end.offset)], service.span.end.offset - 1, edit);
  if (range === undefined) return undefined;
  const source = new SourceText(previous.source.path, text);
  const delta = text.length - old.length;
  const fragment = parseSchema(source.path, SERVICE_OPEN + text.slice(range.from, range.to + delta) + "}");
  const wrapper = fragment.ast.declarations[0];
  if (!isClean(fragment) || fragment.ast.declarations.length !== 1 || wrapper?.kind !== "service") return undefined;

  const fresh = new Mover(fragmentMove(source, range.from, SERVICE_OPEN.length));
  const after = new Mover({ offset: delta, line: edit.lines, columnLine: 0, column: 0 });
  const items: ServiceItem[] = [
    ...service.items.slice(0, range.first),
    ...fresh.node(wrapper.items),
    ...after.node(service.items.slice(range.end)),
  ];
  const span = { file: service.span.file, start: service.span.start, end: after.span(service.span).end };
  const edited: ServiceDecl = { kind: "service", name: service.name, items, doc: service.doc, span };
  const index = ast.declarations.indexOf(service);
  const declarations: Declaration[] = [...ast.declarations.slice(0, index), edited, ...after.node(ast.declarations.slice(index + 1))];
  const parsed = assemble(previous, source, declarations, range, fresh.node(fragment.ast.comments), after);
  return { parsed, reused: unitCount(parsed) - wrapper.items.length - 1 };
}

/** An edit between top-level statements: the touched declarations are parsed again as a file of their own. */
function atTopLevel(previous: ParsedSchema, text: string, edit: Edit): Reparsed | undefined {
  const { ast } = previous;
  const heads = (ast.package ? 1 : 0) + ast.imports.length;
  const units = [...(ast.package ? [ast.package] : []), ...ast.imports, ...ast.declarations];
  const range = touched([0, ...units.map((u) => u.span.end.offset)], previous.source.text.length, edit);
  // `package` and `import` lines are ordered against everything else: an edit of them is parsed whole.
  if (range === undefined || range.first < heads) return undefined;
  const source = new SourceText(previous.source.path, text);
  const delta = text.length - previous.source.text.length;
  const fragment = parseSchema(source.path, text.slice(range.from, range.to + delta));
  if (!isClean(fragment)) return undefined;

  const fresh = new Mover(fragmentMove(source, range.from, 0));
  const after = new Mover({ offset: delta, line: edit.lines, columnLine: 0, column: 0 });
  const declarations: Declaration[] = [
    ...ast.declarations.slice(0, range.first - heads),
    ...fresh.node(fragment.ast.declarations),
    ...after.node(ast.declarations.slice(range.end - heads)),
  ];
  const parsed = assemble(previous, source, declarations, range, fresh.node(fragment.ast.comments), after);
  return { parsed, reused: unitCount(parsed) - unitCount(fragment) };
}

/** A fragment parsed without diagnostics and without `package` or `import` lines (ordered against the rest). */
function isClean(fragment: ParsedSchema): boolean {
  return fragment.diagnostics.length === 0 && fragment.ast.package === undefined && fragment.ast.imports.length === 0;
}

/** Where a fragment's positions go: it starts at `from` of the new text, after `opening` wrapper characters. */
function fragmentMove(source: SourceText, from: number, opening: number): Move {
  const at = source.position(from);
  return { offset: from - opening, line: at.line - 1, columnLine: 1, column: at.column - 1 - opening };
}

/**
 * The offset just after the `{` that opens a service's body (only blanks may come between it and the
 * name), or the name's end when something else does: the first member then owns the brace and an edit
 * of it is parsed whole.
 */
function openBrace(text: string, nameEnd: number): number {
  const brace = text.indexOf("{", nameEnd);
  return brace >= 0 && text.slice(nameEnd, brace).trim() === "" ? brace + 1 : nameEnd;
}

/** The new file: the old one's statements and comments before the edit, the fragment's, the moved rest. */
function assemble(
  previous: ParsedSchema,
  source: SourceText,
  declarations: Declaration[],
  range: Touched,
  comments: ParsedSchema["ast"]["comments"],
  after: Mover,
): ParsedSchema {
  const { ast } = previous;
  const before = ast.comments.filter((c) => c.span.end.offset <= range.from);
  const rest = after.node(ast.comments.filter((c) => c.span.start.offset >= range.to));
  const file = {
    kind: "file",
    path: ast.path,
    package: ast.package,
    imports: ast.imports,
    declarations,
    comments: [...before, ...comments, ...rest],
    span: source.span(0, source.text.length),
  } as const;
  return { ast: file, diagnostics: [], source };
}
