/** Running `checkBreaking` on in-memory old/new schema texts, and showing findings compactly. */
import { checkBreaking, type BreakingResult } from "../../compiler/breaking/breaking.js";
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.js";

export const OLD = "old/s.iproto";
export const NEW = "s.iproto";

export interface CompareOptions {
  readonly strict?: boolean;
  readonly tail?: boolean;
  /** More files on both sides (imports), by path relative to the schema. */
  readonly extraOld?: Readonly<Record<string, string>>;
  readonly extraNew?: Readonly<Record<string, string>>;
}

export function compare(old: string, neu: string, options: CompareOptions = {}): BreakingResult {
  const files = new Map<string, string>([[OLD, old], [NEW, neu]]);
  for (const [p, t] of Object.entries(options.extraOld ?? {})) files.set(`old/${p}`, t);
  for (const [p, t] of Object.entries(options.extraNew ?? {})) files.set(p, t);
  const host = { readFile: (p: string) => files.get(p) };
  return checkBreaking({
    old: { paths: [OLD], host },
    neu: { paths: [NEW], host },
    options: { strictNames: options.strict === true, tailTolerant: options.tail === true },
    newPathOf: (p) => (p.startsWith("old/") ? p.slice(4) : undefined),
  });
}

/** `B011 4:7 4:7`: the rule, the new location and the old one (the first related note); `!` marks a warning. */
export function show(d: Diagnostic): string {
  const old = d.related?.[0]?.span;
  const at = (s: { start: { line: number; column: number } }): string => `${s.start.line}:${s.start.column}`;
  return `${d.code}${d.severity === "warning" ? "!" : ""} ${at(d.span)} ${old ? at(old) : "-"}`;
}

export function findings(old: string, neu: string, options: CompareOptions = {}): string[] {
  const result = compare(old, neu, options);
  if (result.schemaErrors) throw new Error(`schema errors: ${result.diagnostics.map((d) => `${d.span.file}:${d.span.start.line} ${d.code} ${d.message}`).join("; ")}`);
  for (const d of result.diagnostics) {
    if (d.span.file !== NEW && !d.span.file.startsWith("s")) throw new Error(`finding located outside the new schema: ${d.span.file}`);
    const oldFile = d.related?.[0]?.span.file;
    if (oldFile !== undefined && !oldFile.startsWith("old/")) throw new Error(`old location not in the old schema: ${oldFile}`);
  }
  return result.diagnostics.map(show);
}
