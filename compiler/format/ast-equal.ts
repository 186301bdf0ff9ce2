/**
 * "Same schema, different layout": two ASTs are equivalent when they differ only in source positions and
 * in the whitespace inside comments (the formatter re-indents comment gutters and trims line ends). The
 * formatter checks its own output with this before handing it out; the tests use it too.
 */
import type * as A from "../ast/ast.js";

/** A comment's text with the whitespace the formatter may change removed. */
export function commentKey(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .join("\n");
}

/** The first difference between two files' ASTs as a path (`declarations.3.items.0.type`), or undefined. */
export function astDifference(a: A.SchemaFile, b: A.SchemaFile): string | undefined {
  return difference(comparable(a), comparable(b), "");
}

function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (value === null || typeof value !== "object") return value;
  const node = value as Record<string, unknown>;
  if (node["kind"] === "comment") return { style: node["style"], text: commentKey(String(node["text"])) };
  if (node["kind"] === "doc") return { doc: node["text"] };
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(node)) {
    if (key === "span") continue;
    out[key] = comparable(v);
  }
  return out;
}

function difference(a: unknown, b: unknown, path: string): string | undefined {
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    return a === b ? undefined : path || "(root)";
  }
  if (Array.isArray(a) !== Array.isArray(b)) return path;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return `${path} (keys)`;
  for (const key of ka) {
    const d = difference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
    if (d !== undefined) return d;
  }
  return undefined;
}
