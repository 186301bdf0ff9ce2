/** One entry point for every diagnostic output format. */
import type { Diagnostic } from "./diagnostic.js";
import { formatGithub, formatJson } from "./format-machine.js";
import { formatText, type SourceLookup } from "./format-text.js";

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
      return formatJson(diagnostics);
    case "github":
      return formatGithub(diagnostics);
    case "text": {
      const sources = options.sources;
      const lookup: SourceLookup = sources === undefined ? () => undefined : typeof sources === "function" ? sources : (p) => sources.get(p);
      return formatText(diagnostics, lookup, options.color ?? false);
    }
  }
}
