/**
 * Every benchmark writes its results into docs/benchmarks.md as one section between markers, leaving
 * the other sections (and any prose outside the markers) as they are.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const BENCHMARKS_DOC = fileURLToPath(new URL("../docs/benchmarks.md", import.meta.url));

/** Replaces the block between `<!-- NAME-bench:start -->` and `<!-- NAME-bench:end -->`, or appends it under `## HEADING`. */
export function writeBenchSection(name: string, heading: string, body: string, file = BENCHMARKS_DOC): void {
  const start = `<!-- ${name}-bench:start -->`;
  const end = `<!-- ${name}-bench:end -->`;
  let text = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const block = `${start}\n${body.trim()}\n${end}`;
  if (text.includes(start) && text.includes(end)) {
    text = text.slice(0, text.indexOf(start)) + block + text.slice(text.indexOf(end) + end.length);
  } else {
    text = `${text.trimEnd()}\n\n## ${heading}\n\n${block}\n`;
  }
  writeFileSync(file, text);
}
