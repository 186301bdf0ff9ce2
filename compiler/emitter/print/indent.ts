/**
 * Re-indents generated statements: generators write a statement a line with blocks opened at line ends
 * (`for (…) {`) and closed at line starts (`}`), without indentation; this gives each line two spaces per
 * open bracket, as prettier does. Brackets inside strings, template literals and comments don't count;
 * the lines of a multi-line template literal are kept as written (they are part of its value). A call's
 * parenthesis right before an object or array literal (`f({`) opens no level of its own: prettier hugs
 * that argument, its members one level in and `})` closing both. Each line of code loses the parentheses
 * prettier would drop (parens.ts).
 */

import { dropRedundantParens } from "./parens.js";
import { skipQuoted } from "./scan.js";
import { INDENT } from "./width.js";
import { wrapLine } from "./wrap.js";


/** Scanner state carried from one line to the next. */
interface State {
  depth: number;
  /** The levels each open bracket adds, innermost last: 1, or 0 for a `(` hugging a `{`/`[` after it. */
  open: number[];
  /** Open template literals; each entry counts the `${` braces open inside the innermost one. */
  templates: number[];
  inTemplateText: boolean;
  inBlockComment: boolean;
  /** Depths at which a `case`/`default` label was seen: the statements under a label go one level deeper. */
  labels: number[];
}

/** `text` re-indented under `indent`; blank lines stay empty. */
export function indentBlock(text: string, indent: string): string {
  const state: State = { depth: 0, open: [], templates: [], inTemplateText: false, inBlockComment: false, labels: [] };
  const out: string[] = [];
  for (const line of text.split("\n")) {
    if (state.inTemplateText) {
      out.push(line);
      scan(line, state);
      continue;
    }
    const raw = line.trim();
    const t = state.inBlockComment || raw.startsWith("/") || raw.startsWith("*") ? raw : dropRedundantParens(raw);
    if (t === "") {
      out.push("");
    } else if (state.inBlockComment) {
      out.push(`${indent}${INDENT.repeat(state.depth)}${t.startsWith("*") ? ` ${t}` : t}`);
    } else {
      let closers = 0;
      let closed = 0;
      while (closers < t.length && (t[closers] === "}" || t[closers] === ")" || t[closers] === "]")) {
        closed += state.open[state.open.length - 1 - closers] ?? 1;
        closers++;
      }
      const depth = Math.max(0, state.depth - closed);
      const label = /^(?:case .*|default):(?: \{)?$/.test(t);
      // A label ends the one before it at its depth; a closed block ends the labels inside it.
      while (state.labels.length > 0 && state.labels[state.labels.length - 1]! >= depth + (label ? 0 : 1)) state.labels.pop();
      // Statements under a plain label sit one level deeper than the label (a braced label's block does that).
      const extra = state.labels.length;
      if (label && t.endsWith(":")) state.labels.push(depth);
      out.push(wrapLine(`${indent}${INDENT.repeat(depth + extra)}`, t));
    }
    scan(t === "" ? line : state.inTemplateText ? line : t, state);
  }
  return out.join("\n");
}

function scan(line: string, s: State): void {
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i]!;
    if (s.inBlockComment) {
      const end = line.indexOf("*/", i);
      if (end < 0) return;
      s.inBlockComment = false;
      i = end + 2;
      continue;
    }
    if (s.inTemplateText) {
      if (c === "\\") i += 2;
      else if (c === "`") {
        s.inTemplateText = false;
        s.templates.pop();
        i++;
      } else if (c === "$" && line[i + 1] === "{") {
        s.inTemplateText = false;
        s.templates[s.templates.length - 1] = 1;
        i += 2;
      } else i++;
      continue;
    }
    if (c === "/" && line[i + 1] === "/") return;
    if (c === "/" && line[i + 1] === "*") {
      s.inBlockComment = true;
      i += 2;
      continue;
    }
    if (c === '"' || c === "'") {
      i = skipQuoted(line, i) + 1;
      continue;
    }
    if (c === "`") {
      s.templates.push(0);
      s.inTemplateText = true;
      i++;
      continue;
    }
    const top = s.templates.length - 1;
    if (c === "{" || c === "(" || c === "[") {
      if (top >= 0 && c === "{") s.templates[top]!++;
      else {
        const level = c === "(" && (line[i + 1] === "{" || line[i + 1] === "[") ? 0 : 1;
        s.open.push(level);
        s.depth += level;
      }
    } else if (c === "}" || c === ")" || c === "]") {
      if (top >= 0 && c === "}") {
        if (--s.templates[top]! === 0) s.inTemplateText = true;
      } else s.depth -= s.open.pop() ?? 1;
    }
    i++;
  }
}
