/**
 * Prettier with fixed options: generated output must not depend on a .prettierrc found on the user's
 * machine, or two machines would disagree on what is stale.
 */
import { format } from "prettier";
import { INDENT, PRINT_WIDTH } from "../print/width.js";
import { PARALLEL_THRESHOLD, formatInWorkers } from "./prettier-pool.js";

export const PRETTIER_OPTIONS = {
  // babel-ts prints TypeScript exactly as the typescript parser does here, two to three times faster.
  parser: "babel-ts",
  printWidth: PRINT_WIDTH,
  tabWidth: INDENT.length,
  useTabs: false,
  semi: true,
  singleQuote: false,
  trailingComma: "all",
  bracketSpacing: true,
  arrowParens: "always",
  endOfLine: "lf",
} as const;

export function formatTypeScript(text: string): Promise<string> {
  return format(text, PRETTIER_OPTIONS);
}

/** Chunks are formatted in batches of about this many characters (prettier has a fixed cost per call). */
const BATCH = 200_000;

/**
 * Formats the chunks of one module and joins them with one blank line between chunks. Top-level
 * statements format independently of their neighbours, so batching (and parallel batches) give the same
 * text as formatting the chunks one by one.
 */
export async function formatChunks(chunks: readonly string[]): Promise<string> {
  const batches: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const c of chunks) {
    if (c.trim() === "") continue;
    current.push(c.trimEnd());
    size += c.length;
    if (size >= BATCH) {
      batches.push(current.join("\n\n"));
      current = [];
      size = 0;
    }
  }
  if (current.length > 0) batches.push(current.join("\n\n"));
  const total = batches.reduce((n, b) => n + b.length, 0);
  const formatted = total >= PARALLEL_THRESHOLD && batches.length > 1 ? await formatInWorkers(batches) : await formatEach(batches);
  return formatted.map((b) => b.trimEnd()).join("\n\n") + "\n";
}

async function formatEach(batches: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const b of batches) out.push(await formatTypeScript(b));
  return out;
}
