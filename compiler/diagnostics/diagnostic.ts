import type { Span } from "./span.js";

export type Severity = "error" | "warning";

/** A secondary location that explains a diagnostic ("first declared here"). */
export interface RelatedInformation {
  readonly message: string;
  readonly span: Span;
}

/**
 * One problem found in a schema. Phases collect these; they do not throw. `code` is stable across
 * releases (CI scripts and tests match on it); `message` is for people.
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly related?: readonly RelatedInformation[];
}
