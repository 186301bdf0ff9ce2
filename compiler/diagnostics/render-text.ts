/**
 * Human-readable diagnostics, compiler style:
 *
 *     schemas/box.iproto:12:3: error[E0202]: duplicate field `space` in struct `Key`
 *        12 |   space: u32;
 *           |   ^^^^^
 *     schemas/box.iproto:11:3: note: first declared here
 *        11 |   space: u32;
 *           |   ^^^^^
 *
 * Colour (ANSI) only when asked.
 */
import type { Diagnostic } from "./diagnostic.js";
import type { Span } from "./span.js";
import { SourceText } from "./source.js";

export type SourceLookup = (path: string) => string | undefined;

interface Palette {
  readonly error: (s: string) => string;
  readonly note: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly gutter: (s: string) => string;
  readonly caret: (s: string) => string;
}

const plain: Palette = { error: (s) => s, note: (s) => s, bold: (s) => s, gutter: (s) => s, caret: (s) => s };
const ansi = (code: string) => (s: string) => `\x1b[${code}m${s}\x1b[0m`;
const colored: Palette = { error: ansi("1;31"), note: ansi("1;36"), bold: ansi("1"), gutter: ansi("34"), caret: ansi("1;31") };

export function renderText(diagnostics: readonly Diagnostic[], sources: SourceLookup, color = false): string {
  const palette = color ? colored : plain;
  const cache = new Map<string, SourceText | undefined>();
  const sourceOf = (path: string): SourceText | undefined => {
    if (!cache.has(path)) {
      const text = sources(path);
      cache.set(path, text === undefined ? undefined : new SourceText(path, text));
    }
    return cache.get(path);
  };
  const out: string[] = [];
  for (const d of diagnostics) {
    const label = d.severity === "error" ? palette.error(`error[${d.code}]`) : palette.note(`warning[${d.code}]`);
    // One gutter width for the diagnostic and its notes, so their frames line up.
    const width = Math.max(...[d.span, ...(d.related ?? []).map((r) => r.span)].map((s) => String(s.start.line).length));
    out.push(`${location(d.span)}: ${label}: ${palette.bold(d.message)}`);
    out.push(...frame(d.span, sourceOf(d.span.file), palette, width));
    for (const r of d.related ?? []) {
      out.push(`${location(r.span)}: ${palette.note("note")}: ${r.message}`);
      out.push(...frame(r.span, sourceOf(r.span.file), palette, width));
    }
  }
  return out.length > 0 ? `${out.join("\n")}\n` : "";
}

function location(span: Span): string {
  return `${span.file}:${span.start.line}:${span.start.column}`;
}

/** The span's first line, and carets under the span (to the end of that line when it goes on). */
function frame(span: Span, source: SourceText | undefined, palette: Palette, width: number): string[] {
  if (!source || span.start.line > source.lineCount) return [];
  const line = source.line(span.start.line);
  const number = String(span.start.line).padStart(width);
  const pad = " ".repeat(width);
  const startIndex = span.start.column - 1;
  const endIndex = span.end.line === span.start.line ? span.end.column - 1 : line.length;
  const carets = Math.max(1, Math.min(endIndex, line.length) - startIndex);
  // Keep tabs so the carets line up under the text as the terminal shows it.
  const indent = line.slice(0, startIndex).replace(/[^\t]/g, " ");
  return [
    `${palette.gutter(` ${number} |`)}${line.length > 0 ? ` ${line}` : ""}`,
    `${palette.gutter(` ${pad} |`)} ${indent}${palette.caret("^".repeat(carets))}`,
  ];
}
