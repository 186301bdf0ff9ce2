/**
 * A service's code after an edit inside one of its messages (edit-splice.ts): its client, handler and
 * dispatcher are made message by message (emitter/decls/emit-service.ts: a method, a handler member and a
 * route each, around a frame that depends on the service alone), and an edit can change the message's
 * own parts — its doc comment, its signature (a required field, `no_reply`), its route's flags. The small
 * programs give the service's code with that one message, before and after; what changed between them is
 * found in the service's whole code on disk and changed the same way there.
 *
 * Each change is placed by its message's own names (`M3Request`, `M3RequestInit`…, unique in the module
 * and written only in that message's parts): every changed line must be a doc comment line or name one of
 * them, the text replaced runs from the change to the nearest line that names one (none when a line it
 * removes names one), and that text must be found exactly once in the code on disk. Otherwise there is no patch (undefined), and the caller compiles.
 */
import { diffLines } from "./line-diff.js";

/** How many unchanged lines a change may reach over to the line naming the message. */
const REACH = 8;

/** `service` (the whole service's code) with the changes from `before` to `after` made, or undefined. */
export function patchService(service: string, before: string, after: string, own: readonly string[]): string | undefined {
  if (before === after) return service;
  const names = own.map((n) => new RegExp(`(?<![\\w$])${n.replace(/\$/g, "\\$")}(?![\\w$])`));
  const names1 = (line: string): boolean => names.some((r) => r.test(line));
  const ops = diffLines(before.split("\n"), after.split("\n"));
  // Each change: the lines it removes and adds, and the unchanged lines around it, in order.
  const patches: { readonly from: string; readonly to: string }[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i]!.kind === " ") {
      i++;
      continue;
    }
    const removed: string[] = [];
    const added: string[] = [];
    let end = i;
    for (; end < ops.length && ops[end]!.kind !== " "; end++) (ops[end]!.kind === "-" ? removed : added).push(ops[end]!.line);
    if (![...removed, ...added].every((line) => isDocLine(line) || names1(line))) return undefined;
    if (removed.some(names1)) {
      // It places itself.
      patches.push({ from: removed.join("\n"), to: added.join("\n") });
      i = end;
      continue;
    }
    // Reach down to a line naming the message, else up; what is reached over is kept as it is.
    let down = end;
    while (down < ops.length && down - end < REACH && ops[down]!.kind === " " && !names1(ops[down]!.line)) down++;
    if (down < ops.length && ops[down]!.kind === " " && names1(ops[down]!.line)) {
      const kept = ops.slice(end, down + 1).map((o) => o.line);
      patches.push({ from: [...removed, ...kept].join("\n"), to: [...added, ...kept].join("\n") });
      i = down + 1;
      continue;
    }
    let up = i - 1;
    while (up >= 0 && i - up <= REACH && ops[up]!.kind === " " && !names1(ops[up]!.line)) up--;
    if (up < 0 || ops[up]!.kind !== " " || !names1(ops[up]!.line)) return undefined;
    // The lines reached over upwards may have been reached by the patch before: then they are one change.
    const kept = ops.slice(up, i).map((o) => o.line);
    patches.push({ from: [...kept, ...removed].join("\n"), to: [...kept, ...added].join("\n") });
    i = end;
  }
  // Each found exactly once, as whole lines, in order, not overlapping; then made from the end back.
  const text = `\n${service}\n`;
  const at: number[] = [];
  let last = 0;
  for (const p of patches) {
    const needle = `\n${p.from}\n`;
    const first = text.indexOf(needle);
    if (first < last || first < 0 || text.indexOf(needle, first + 1) >= 0) return undefined;
    at.push(first);
    last = first + needle.length - 1;
  }
  let out = text;
  for (let k = patches.length - 1; k >= 0; k--) {
    const p = patches[k]!;
    out = out.slice(0, at[k]! + 1) + p.to + out.slice(at[k]! + 1 + p.from.length);
  }
  return out.slice(1, -1);
}

function isDocLine(line: string): boolean {
  const t = line.trimStart();
  return t.startsWith("/**") || t.startsWith("*");
}
