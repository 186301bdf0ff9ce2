/**
 * Rendering diagnostics as text: one entry point for every output format (`--format text|json|github`).
 * The files are render-*.ts so that "format" in a file name means only the schema printer
 * (compiler/format/); the public function keeps its published name, formatDiagnostics.
 */
import type { Diagnostic } from "./diagnostic.js";
import { renderGithub, renderJson } from "./render-machine.js";
import { renderText, type SourceLookup } from "./render-text.js";

export type DiagnosticFormat = "text" | "json" | "github";

export const DIAGNOSTIC_FORMATS: readonly DiagnosticFormat[] = ["text", "json", "github"];

export interface FormatOptions {
  readonly format?: DiagnosticFormat;
  /** Source text by path, for the code frames of the text format. */
  readonly sources?: SourceLookup | ReadonlyMap<string, string>;
  /** ANSI colours in the text format. */
  readonly color?: boolean;
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatOptions = {}): string {
  switch (options.format ?? "text") {
    case "json":
      return renderJson(diagnostics);
    case "github":
      return renderGithub(diagnostics);
    case "text": {
      const sources = options.sources;
      const lookup: SourceLookup = sources === undefined ? () => undefined : typeof sources === "function" ? sources : (p) => sources.get(p);
      return renderText(diagnostics, lookup, options.color ?? false);
    }
  }
}
