/**
 * Findings to diagnostics. A change inside a shared struct or envelope is found once per message that
 * uses it; it is reported once, at the change, with notes naming where it is used — and, for structs,
 * each use also gets its own B030 finding at the field of the message that uses the struct.
 */
import type { Diagnostic, RelatedInformation } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/span.js";
import type { MessageFindings } from "./compare-messages.js";
import type { Finding } from "./context.js";
import { typeName } from "./describe.js";
import { WARNING_RULES } from "./rules.js";

/** At most this many "used by" notes per finding; the rest are counted. */
const MAX_USE_NOTES = 3;

function spanKey(span: Span): string {
  return `${span.file}:${span.start.offset}-${span.end.offset}`;
}

function where(span: Span): string {
  return `${span.file}:${span.start.line}:${span.start.column}`;
}

interface Entry {
  readonly finding: Finding;
  readonly uses: RelatedInformation[];
  extraUses: number;
}

export class FindingSet {
  private readonly entries = new Map<string, Entry>();

  /** A finding of the schema as a whole (messages, services), with no use site. */
  add(finding: Finding): void {
    this.entry(finding);
  }

  addMessage(result: MessageFindings): void {
    const useSites = new Map<string, { finding: Finding; body: string; count: number }>();
    for (const { finding, body } of result.findings) {
      const entry = this.entry(finding);
      if (finding.container) {
        const span = finding.via?.neu.span ?? result.message.span;
        if (entry.uses.length < MAX_USE_NOTES) entry.uses.push({ message: `in ${body}`, span });
        else entry.extraUses++;
      }
      if (finding.container?.kind === "struct" && finding.via) {
        const key = `${body}|${spanKey(finding.via.neu.span)}`;
        const use = useSites.get(key);
        if (use) use.count++;
        else useSites.set(key, { finding, body, count: 1 });
      }
    }
    for (const { finding, body, count } of useSites.values()) {
      const via = finding.via;
      if (!via) continue;
      const others = count > 1 ? ` and ${count - 1} more` : "";
      this.entry({
        rule: "B030",
        message: `${body} changes on the wire: field \`${via.neu.name}\` (\`${typeName(via.neu.type)}\`) contains a changed struct (${finding.rule} at ${where(finding.newSpan)}${others})`,
        newSpan: via.neu.span,
        oldSpan: via.old.span,
        oldNote: `was \`${via.old.name}: ${typeName(via.old.type)}\``,
        container: undefined,
        via: undefined,
      });
    }
  }

  diagnostics(): Diagnostic[] {
    return [...this.entries.values()].map(({ finding, uses, extraUses }) => {
      const related: RelatedInformation[] = [{ message: finding.oldNote, span: finding.oldSpan }, ...uses];
      if (extraUses > 0) related.push({ message: `and in ${extraUses} more`, span: finding.newSpan });
      return {
        code: finding.rule,
        severity: WARNING_RULES.has(finding.rule) ? "warning" : "error",
        message: finding.message,
        span: finding.newSpan,
        related,
      };
    });
  }

  private entry(finding: Finding): Entry {
    const key = `${finding.rule}|${spanKey(finding.newSpan)}|${spanKey(finding.oldSpan)}|${finding.message}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { finding, uses: [], extraUses: 0 };
      this.entries.set(key, entry);
    }
    return entry;
  }
}
