/**
 * Text facts the edit splice (edit-splice.ts) stands on: where two versions of a schema differ, where a
 * message's declaration starts once its doc comment is counted, and a schema without some declarations.
 */

/** Where two texts differ: `[start, beforeEnd)` of `before` became `[start, afterEnd)` of `after`. */
export interface ChangedRegion {
  readonly start: number;
  readonly beforeEnd: number;
  readonly afterEnd: number;
}

/** The one region that differs, found from both ends (an edit in one place is one region). */
export function changedRegion(before: string, after: string): ChangedRegion {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < shorter - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, beforeEnd: before.length - tail, afterEnd: after.length - tail };
}

/**
 * Where the declaration starting at `start` begins once the comments right before it are counted (its
 * doc comment, `/** … *\/` or `///` lines, and plain comments beside it): leaving a message out leaves
 * them out with it, so no doc comment is left to attach to nothing.
 */
export function withLeadingComments(text: string, start: number): number {
  let at = start;
  for (;;) {
    let i = at;
    while (i > 0 && isBlank(text.charCodeAt(i - 1))) i--;
    if (text.startsWith("*/", i - 2)) {
      const open = text.lastIndexOf("/*", i - 3);
      if (open < 0) return at;
      at = open;
      continue;
    }
    // A `//` comment line: the text from the line's start to `i` is the comment (nothing else before it).
    const lineStart = lineStartOf(text, i);
    const line = text.slice(lineStart, i);
    const trimmed = line.trimStart();
    if (i > lineStart && trimmed.startsWith("//") && !line.slice(0, line.length - trimmed.length).includes("/")) {
      at = lineStart + (line.length - trimmed.length);
      continue;
    }
    return at;
  }
}

/** `text` without the ranges (`[start, end)`, in order, not overlapping). */
export function without(text: string, ranges: readonly (readonly [number, number])[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    parts.push(text.slice(at, start));
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join("");
}

/** A declaration by name and place: `[start, end)` in its schema's text. */
export interface PlacedDeclaration {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;

/**
 * The declarations (of `text`) that `from` names, those they name, and so on. By words, not by meaning: a
 * declaration named by any word is kept, so what is left out is never needed (a program without one it
 * needed would fail to compile, and nothing would be spliced).
 */
export function namedDeclarations<D extends PlacedDeclaration>(text: string, declarations: readonly D[], from: string): Set<D> {
  const named = new Set<string>();
  const note = (t: string): void => {
    for (const [word] of t.matchAll(WORD)) named.add(word);
  };
  note(from);
  const kept = new Set<D>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of declarations) {
      if (kept.has(d) || !named.has(d.name)) continue;
      kept.add(d);
      note(text.slice(d.start, d.end));
      grew = true;
    }
  }
  return kept;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
}

function lineStartOf(text: string, at: number): number {
  let i = at;
  while (i > 0 && text.charCodeAt(i - 1) !== 10 && text.charCodeAt(i - 1) !== 13) i--;
  return i;
}
