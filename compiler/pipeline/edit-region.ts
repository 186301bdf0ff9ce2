/**
 * Text facts the edit splice (edit-splice.ts) stands on: where two versions of a schema differ, where a
 * message's declaration starts once its doc comment is counted, and a schema with declarations blanked out
 * — every offset, line and column kept, so diagnostics and spans mean what they meant in the real file.
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
 * doc comment, `/** … *\/` or `///` lines, and plain comments beside it): blanking a message takes them
 * with it, so no doc comment is left to attach to nothing.
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

/**
 * `text` with each range blanked: every UTF-16 unit but line breaks becomes a space, so what is left keeps
 * its offsets, lines and columns. Ranges are `[start, end)`, in order, not overlapping.
 */
export function blank(text: string, ranges: readonly (readonly [number, number])[]): string {
  const parts: string[] = [];
  // Without a `\r` a line ends where indexOf finds `\n` (the common case, and a fast one).
  const lineEnd = text.includes("\r") ? crlfLineEnd : lfLineEnd;
  let at = 0;
  for (const [start, end] of ranges) {
    parts.push(text.slice(at, start));
    // Line by line: a run of spaces as long as the line, then its break as it was.
    for (let line = start; line < end; ) {
      const br = Math.min(lineEnd(text, line), end);
      parts.push(spaces(br - line));
      let next = br;
      while (next < end && (text.charCodeAt(next) === 10 || text.charCodeAt(next) === 13)) next++;
      parts.push(text.slice(br, next));
      line = next;
    }
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join("");
}

function lfLineEnd(text: string, from: number): number {
  const i = text.indexOf("\n", from);
  return i < 0 ? text.length : i;
}

function crlfLineEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  return i;
}

let SPACES = " ".repeat(256);

function spaces(n: number): string {
  while (SPACES.length < n) SPACES += SPACES;
  return SPACES.slice(0, n);
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
}

function lineStartOf(text: string, at: number): number {
  let i = at;
  while (i > 0 && text.charCodeAt(i - 1) !== 10 && text.charCodeAt(i - 1) !== 13) i--;
  return i;
}
