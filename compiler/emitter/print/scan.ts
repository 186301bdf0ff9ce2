/** Bracket, string and identifier scanning over generated code. */

/** Index of the closing quote of the string or template literal opening at `i`. */
export function skipQuoted(text: string, i: number): number {
  const q = text[i];
  let j = i + 1;
  while (j < text.length && text[j] !== q) j += text[j] === "\\" ? 2 : 1;
  return j;
}

/** Index of the bracket matching the one at `open` (strings skipped); −1 if none. */
export function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === "`") i = skipQuoted(text, i);
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if ((c === ")" || c === "]" || c === "}") && --depth === 0) return i;
  }
  return -1;
}

/**
 * The first index of `text` outside brackets and strings (brackets and quotes themselves not offered)
 * for which `stop` is true, or −1: the one walk the printer's top-level searches share.
 */
export function findTopLevel(text: string, stop: (i: number) => boolean): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === "`") i = skipQuoted(text, i);
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (depth === 0 && stop(i)) return i;
  }
  return -1;
}

/** `text` split at commas outside brackets and strings, each part trimmed. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  findTopLevel(text, (i) => {
    if (text[i] === ",") {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
    return false;
  });
  const last = text.slice(start).trim();
  if (last !== "") parts.push(last);
  return parts;
}

/**
 * `text` split at `separator` where it stands outside `<>`, `()`, `[]` and `{}` (a `=>` opens nothing): type
 * arguments, union members, typed parameters — splitTopLevel does not count `<>`, which code compares with.
 */
export function splitTypeList(text: string, separator: "," | "|"): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "<" || c === "(" || c === "[" || c === "{") depth++;
    else if ((c === ">" && text[i - 1] !== "=") || c === ")" || c === "]" || c === "}") depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/**
 * Whether `name` occurs in `text` as a whole identifier: generated code drops or renames what it never
 * reads (projects' `noUnusedLocals`, `noUnusedParameters`). An occurrence in a string or as a property
 * name counts too, so an answer of true may keep an unread name, never drop a read one.
 */
export function namedIn(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (!isIdentifierPart(text.charCodeAt(at - 1)) && !isIdentifierPart(text.charCodeAt(at + name.length))) return true;
  }
  return false;
}

/** ASCII letters, digits, `$`, `_`, and anything past ASCII (which only identifiers and strings hold here). */
function isIdentifierPart(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 36 || code === 95 || code > 127;
}
