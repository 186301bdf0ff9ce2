/**
 * `iprotoc generate` with a cache, checked against a run without any: what the cache tests
 * (test/cli/cache.test.ts, up-to-date.test.ts) ask of every run.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { runCli } from "./cli-in-process.js";

/** Every file below `dir`, by relative path (forward slashes). */
export function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const path = join(dir, name);
    if (statSync(path).isFile()) out[name.split("\\").join("/")] = readFileSync(path, "utf8");
  }
  return out;
}

/** A project directory `root/name` holding `files` (name → text); returns its path. */
export function writeProject(root: string, name: string, files: Readonly<Record<string, string>>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

/**
 * `generate <entry> -o gen --cache-dir cache <extra>` in `dir`, expected to succeed quietly; then the same
 * into `fresh` with `--no-cache`, and the two trees must be equal. Returns the first run's stdout.
 */
export async function generateBoth(dir: string, entry: string, extra: readonly string[] = []): Promise<string> {
  const r = await runCli(["generate", entry, "-o", "gen", "--cache-dir", "cache", ...extra], dir);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  rmSync(join(dir, "fresh"), { recursive: true, force: true });
  expect((await runCli(["generate", entry, "-o", "fresh", "--no-cache", ...extra], dir)).status).toBe(0);
  expect(tree(join(dir, "gen"))).toEqual(tree(join(dir, "fresh")));
  return r.stdout;
}
