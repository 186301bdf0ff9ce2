/** Machine-readable diagnostics: JSON (one document) and GitHub Actions workflow commands. */
import type { Diagnostic } from "./diagnostic.js";
import type { Span } from "./span.js";

interface JsonLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

function jsonLocation(span: Span): JsonLocation {
  return { file: span.file, line: span.start.line, column: span.start.column, endLine: span.end.line, endColumn: span.end.column };
}

/**
 * `{"diagnostics":[{file,line,column,endLine,endColumn,severity,code,message,related}],"errors":N}`.
 * Lines and columns are 1-based; the end is exclusive.
 */
export function renderJson(diagnostics: readonly Diagnostic[]): string {
  const list = diagnostics.map((d) => ({
    ...jsonLocation(d.span),
    severity: d.severity,
    code: d.code,
    message: d.message,
    related: (d.related ?? []).map((r) => ({ ...jsonLocation(r.span), message: r.message })),
  }));
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return `${JSON.stringify({ diagnostics: list, errors }, null, 2)}\n`;
}

function escapeData(s: string): string {
  return s.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

function escapeProperty(s: string): string {
  return escapeData(s).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

/**
 * One `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::message` line per diagnostic.
 * GitHub's end column is inclusive.
 */
export function renderGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const s = d.span;
      const endColumn = s.end.line === s.start.line ? Math.max(s.start.column, s.end.column - 1) : s.end.column;
      const props = [
        `file=${escapeProperty(s.file)}`,
        `line=${s.start.line}`,
        `col=${s.start.column}`,
        `endLine=${s.end.line}`,
        `endColumn=${endColumn}`,
        `title=${escapeProperty(d.code)}`,
      ].join(",");
      const related = (d.related ?? []).map((r) => ` (${r.message}: ${r.span.file}:${r.span.start.line}:${r.span.start.column})`).join("");
      return `::${d.severity === "error" ? "error" : "warning"} ${props}::${escapeData(`${d.message}${related}`)}\n`;
    })
    .join("");
}
