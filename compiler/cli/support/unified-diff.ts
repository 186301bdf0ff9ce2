/**
 * A unified diff of two texts, line by line (Myers' O(ND) algorithm), with three lines of context, as
 * `diff -u` and `git diff` print it: `--- a/<path>`, `+++ b/<path>`, then `@@ -l,n +l,n @@` hunks, so
 * `git apply` or `patch -p1` can apply it. For `iprotoc format --diff`.
 */

import { diffLines, type LineOp as Op } from "../../pipeline/line-diff.js";

const CONTEXT = 3;
const NO_NEWLINE = "\\ No newline at end of file";

/** The diff from `before` to `after` of the file `path`, or "" when they are equal. */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return "";
  const a = lines(before);
  const b = lines(after);
  const ops = diffLines(a, b);
  const out = [`--- a/${path}`, `+++ b/${path}`];
  for (const hunk of hunks(ops)) out.push(...hunk);
  return `${out.join("\n")}\n`;
}

/** Lines without their terminators; a last line without one is marked, as diff does. */
function lines(text: string): string[] {
  const split = text.split("\n");
  if (split[split.length - 1] === "") split.pop();
  else split[split.length - 1] += `\n${NO_NEWLINE}`;
  return split;
}

/** Groups of changes with up to CONTEXT lines around them, each as its `@@` line and body. */
function hunks(ops: readonly Op[]): string[][] {
  const result: string[][] = [];
  let i = 0;
  let oldLine = 1;
  let newLine = 1;
  while (i < ops.length) {
    if (ops[i]!.kind === " ") {
      i++;
      oldLine++;
      newLine++;
      continue;
    }
    // A change at i: start CONTEXT lines back, end where CONTEXT*2 unchanged lines follow the last change.
    const back = Math.min(CONTEXT, countBack(ops, i));
    const start = i - back;
    let end = i;
    let lastChange = i;
    while (end < ops.length && end - lastChange <= CONTEXT * 2) {
      if (ops[end]!.kind !== " ") lastChange = end;
      end++;
    }
    end = Math.min(ops.length, lastChange + 1 + CONTEXT);
    const body = ops.slice(start, end);
    const oldCount = body.filter((o) => o.kind !== "+").length;
    const newCount = body.filter((o) => o.kind !== "-").length;
    const oldStart = oldLine - back;
    const newStart = newLine - back;
    const range = (from: number, count: number): string => `${count === 0 ? from - 1 : from},${count}`;
    result.push([`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`, ...body.map((o) => `${o.kind}${o.line}`)]);
    for (let j = i; j < end; j++) {
      if (ops[j]!.kind !== "+") oldLine++;
      if (ops[j]!.kind !== "-") newLine++;
    }
    i = end;
  }
  return result;
}

/** Unchanged lines right before index `i`. */
function countBack(ops: readonly Op[], i: number): number {
  let n = 0;
  while (i - n - 1 >= 0 && ops[i - n - 1]!.kind === " ") n++;
  return n;
}
