/**
 * The emit cache on disk, so that repeated runs of `iprotoc generate` reuse the code of unchanged messages
 * (emitter/file/emit-cache.ts). One JSON file per output directory, in `node_modules/.cache/iprotoc/` of the
 * nearest directory up from the working directory that has a `node_modules` (where bundlers and linters
 * keep their caches), or in `--cache-dir`. It is trusted as the code in `node_modules` is: whoever can
 * write there can change what is generated.
 *
 * A cache is only ever an optimisation: one written by another build of the compiler (`compilerDigest`
 * differs), unreadable or malformed is ignored, and one that can't be written is skipped.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { EmitCache } from "../emitter/file/emit-cache.js";
import { COMPILER_VERSION } from "../emitter/file/version.js";
import { writeAtomically } from "./write-atomically.js";

/**
 * The file: a first line naming the format and the compiler build, a second line of JSON — each entry's
 * key, the byte lengths of its statements and its effects, and the byte lengths of the prettier-formatted
 * pairs — then the statements' text, one after another. The text is cut from the bytes by those lengths
 * rather than parsed as JSON strings: reading 8 MB of code for 2,000 messages costs a few milliseconds.
 */
const MAGIC = "iprotoc-emit-cache 3";

interface Header {
  readonly entries: readonly (readonly [key: string, lengths: readonly number[], effects: unknown, settled: unknown])[];
  readonly formatted: readonly (readonly [printed: number, formatted: number])[];
}

/** The default cache directory for `cwd`, or undefined when no directory up from it has `node_modules`. */
export function defaultCacheDir(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (isDirectory(join(dir, "node_modules"))) return join(dir, "node_modules", ".cache", "iprotoc");
    if (dirname(dir) === dir) return undefined;
  }
}

/** The cache file of the output directory `outDir` (absolute) in `cacheDir`. */
export function cacheFileFor(cacheDir: string, outDir: string): string {
  return join(cacheDir, `${createHash("sha1").update(outDir).digest("hex").slice(0, 16)}.cache`);
}

/** The cache saved at `file` by this build of the compiler, or an empty one. */
export function readEmitCache(file: string): EmitCache {
  try {
    const bytes = readFileSync(file);
    const first = bytes.indexOf(0x0a);
    const second = bytes.indexOf(0x0a, first + 1);
    if (first < 0 || second < 0 || bytes.toString("utf8", 0, first) !== `${MAGIC} ${compilerDigest()}`) return new EmitCache();
    const header = JSON.parse(bytes.toString("utf8", first + 1, second)) as Header;
    const body = bytes.toString("utf8", second + 1);
    let at = 0;
    const take = (length: unknown): string => {
      if (typeof length !== "number" || !Number.isSafeInteger(length) || length < 0 || at + length > body.length) throw new RangeError("truncated");
      const text = body.slice(at, at + length);
      at += length;
      return text;
    };
    return EmitCache.fromData({
      entries: header.entries.map(([key, lengths, effects, settled]) => [key, lengths.map(take), effects, settled]),
      formatted: header.formatted.map(([printed, formatted]) => [take(printed), take(formatted)]),
    });
  } catch {
    // Missing, unreadable, truncated or not ours: start empty.
    return new EmitCache();
  }
}

/** Saves `cache` at `file` when it changed (written whole, then renamed over the old one); false when it can't. */
export function writeEmitCache(file: string, cache: EmitCache): boolean {
  if (!cache.changed) return true;
  const data = cache.toData();
  const texts: string[] = [];
  const length = (text: string): number => {
    texts.push(text);
    return text.length;
  };
  const header: Header = {
    entries: data.entries.map(([key, statements, effects, settled]) => [key, statements.map(length), effects, settled]),
    formatted: data.formatted.map(([printed, formatted]) => [length(printed), length(formatted)]),
  };
  if (!writeAtomically(file, `${MAGIC} ${compilerDigest()}\n${JSON.stringify(header)}\n${texts.join("")}`)) return false;
  cache.saved();
  return true;
}

let digest: string | undefined;

/**
 * A digest of the compiler's and the runtime's code as installed (the source tree, or dist/): the version
 * number alone would not change between builds of a working copy, and a cache of another build's output
 * must not be reused. Taken from each file's path, size and modification time (reading the 400 files
 * would cost a first run more than the cache saves a small schema), and the version.
 */
export function compilerDigest(): string {
  if (digest !== undefined) return digest;
  const compilerRoot = fileURLToPath(new URL("../", import.meta.url));
  const hash = createHash("sha1").update(COMPILER_VERSION);
  for (const root of [compilerRoot, join(compilerRoot, "..", "runtime")]) {
    for (const file of codeFiles(root)) {
      const stat = statSync(file);
      hash.update(`\0${file.slice(root.length)}\0${stat.size}\0${stat.mtimeMs}`);
    }
  }
  digest = hash.digest("base64");
  return digest;
}

/** `.ts` and `.js` files below `dir`, sorted; `node_modules` and hidden directories left out. */
function codeFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...codeFiles(path));
    else if (/\.(ts|js)$/.test(entry.name)) out.push(path);
  }
  return out;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
