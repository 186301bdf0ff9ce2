/**
 * A module's text from its printed statements. The printer (print/print.ts) writes prettier's layout
 * itself, except where a line of code is wider than the print width: choosing how to break it is
 * prettier's job, so those statements (and only those) go through prettier. Top-level statements format
 * independently of their neighbours, so the result is the same as formatting the whole module.
 */
import { PRINT_WIDTH } from "../print/width.js";

/** Statements of one declaration, printed; `lines` joins them with one newline instead of a blank line. */
export interface StatementGroup {
  readonly statements: readonly string[];
  readonly lines?: boolean;
  /** Known to need no prettier (see `settled`): not scanned again. */
  readonly settled?: boolean;
}

/** `group`, marked settled when none of its statements needs prettier (what most of the emitter prints). */
export function settled(group: StatementGroup): StatementGroup {
  return group.statements.some(needsPrettier) ? group : { ...group, settled: true };
}

/** Between statements prettier must format, so its output can be split back into them. */
const MARK = "// @@iprotoc-statement@@";

/** Does any line of code exceed the print width? Comment lines are prettier's to keep as they are. */
export function needsPrettier(text: string): boolean {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    if (end - start > PRINT_WIDTH && wide(text.slice(start, end))) return true;
    start = end + 1;
  }
  return false;
}

function wide(line: string): boolean {
  const t = line.trimStart();
  if (t.startsWith("*") || t.startsWith("/*") || t.startsWith("//")) return false;
  return true;
}

/** Statements prettier formatted in earlier runs (the emit cache keeps them): not formatted again. */
export interface FormatMemo {
  formatted(printed: string): string | undefined;
  setFormatted(printed: string, formatted: string): void;
}

/** A module's text, and where each group's statements landed in it (`[start, end)`, by group index). */
export interface ModuleText {
  readonly text: string;
  /** An empty group's range is empty (where it would have been). */
  readonly ranges: readonly (readonly [start: number, end: number])[];
}

/** The module's text: groups separated by a blank line, each statement as prettier would print it. */
export async function formatModule(groups: readonly StatementGroup[], memo?: FormatMemo): Promise<ModuleText> {
  const formatted = new Map<string, string>();
  const pending = new Set<string>();
  for (const g of groups) {
    if (g.settled === true) continue;
    for (const s of g.statements) {
      if (formatted.has(s) || pending.has(s) || !needsPrettier(s)) continue;
      const known = memo?.formatted(s);
      if (known === undefined) pending.add(s);
      else formatted.set(s, known);
    }
  }
  if (pending.size > 0) {
    // prettier is loaded only when a statement needs it (most modules have none).
    const { formatChunks } = await import("./prettier.js");
    const unique = [...pending];
    const out = (await formatChunks(unique.map((s) => `${s}\n${MARK}`))).split(`${MARK}\n`);
    unique.forEach((s, i) => {
      const text = out[i]!.trim();
      formatted.set(s, text);
      memo?.setFormatted(s, text);
    });
  }
  const parts: string[] = [];
  const ranges: (readonly [number, number])[] = [];
  let at = 0;
  for (const g of groups) {
    if (g.statements.length === 0) {
      ranges.push([at, at]);
      continue;
    }
    if (parts.length > 0) at += 2; // the blank line before it
    const text = g.statements.map((s) => formatted.get(s) ?? s).join(g.lines === true ? "\n" : "\n\n");
    ranges.push([at, at + text.length]);
    parts.push(text);
    at += text.length;
  }
  return { text: `${parts.join("\n\n")}\n`, ranges };
}
