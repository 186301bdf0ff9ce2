/** Collects diagnostics for a phase. Phases report and carry on; they never throw for a schema problem. */
import type { DiagnosticCode } from "./codes.js";
import type { Diagnostic, RelatedInformation } from "./diagnostic.js";
import type { Span } from "./span.js";

export class Diagnostics {
  readonly list: Diagnostic[] = [];

  error(code: DiagnosticCode, message: string, span: Span, related?: readonly RelatedInformation[]): void {
    this.list.push(
      related && related.length > 0
        ? { code, severity: "error", message, span, related }
        : { code, severity: "error", message, span },
    );
  }
}

/** Diagnostics in a stable order: by file (in the given order, unknown files last), then position, then code. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[], fileOrder: readonly string[] = []): Diagnostic[] {
  const rank = new Map(fileOrder.map((f, i) => [f, i] as const));
  return [...diagnostics].sort((a, b) => {
    const fa = rank.get(a.span.file) ?? Number.MAX_SAFE_INTEGER;
    const fb = rank.get(b.span.file) ?? Number.MAX_SAFE_INTEGER;
    if (fa !== fb) return fa - fb;
    if (a.span.file !== b.span.file) return a.span.file < b.span.file ? -1 : 1;
    if (a.span.start.offset !== b.span.start.offset) return a.span.start.offset - b.span.start.offset;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}
