/**
 * Start-up: `iprotoc --version`, `check`, `format` and `breaking` never load the emitter's heavy
 * dependencies (ts-morph, which brings TypeScript, and prettier), and Chevrotain comes from its one-file
 * bundle, not the ~2,400 modules of its package entry. Proved structurally, not by timing: the real CLI
 * runs in a child process with a module-resolution hook that logs every module it resolves.
 * (docs/benchmarks.md "CLI start-up" has the times.)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const TSX = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;
const temp = mkdtempSync(join(tmpdir(), "iprotoc-startup-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

// A resolve hook (run in Node's loader thread) appending each resolved URL to the file $IPROTOC_MODULE_LOG.
writeFileSync(
  join(temp, "hooks.mjs"),
  `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.IPROTOC_MODULE_LOG, result.url + "\\n");
  return result;
}
`,
);
writeFileSync(join(temp, "register.mjs"), `import { register } from "node:module";\nregister("./hooks.mjs", import.meta.url);\n`);

/** The packages (node_modules/<name>) the CLI resolved while running `argv`, with its exit status. */
function packagesLoaded(name: string, argv: string[]): { status: number | null; packages: Set<string> } {
  const log = join(temp, `${name}.log`);
  writeFileSync(log, "");
  const r = spawnSync(process.execPath, ["--import", TSX, "--import", pathToFileURL(join(temp, "register.mjs")).href, "compiler/cli/main.ts", ...argv], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, IPROTOC_MODULE_LOG: log },
  });
  const packages = new Set<string>();
  for (const url of readFileSync(log, "utf8").split("\n")) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
    if (match && match[1] !== "tsx" && match[1] !== "get-tsconfig" && match[1] !== "esbuild") packages.add(match[2] === "lib/chevrotain.mjs" ? "chevrotain (bundle)" : match[1]!);
  }
  return { status: r.status, packages };
}

const EMITTER_ONLY = ["ts-morph", "@ts-morph/common", "typescript", "prettier"];

describe("what the CLI loads", () => {
  it.each([
    ["version", ["--version"]],
    ["check", ["check", "schemas/users.iproto"]],
    ["format", ["format", "schemas/users.iproto"]],
    ["breaking", ["breaking", "schemas", "--against", "."]],
  ])("`iprotoc %s` loads neither ts-morph nor prettier, and Chevrotain only as its bundle", (name, argv) => {
    const { status, packages } = packagesLoaded(name, argv);
    expect(status).toBe(0);
    for (const heavy of EMITTER_ONLY) expect(packages).not.toContain(heavy);
    expect(packages).not.toContain("chevrotain");
    expect(packages).not.toContain("lodash-es");
    if (name !== "version") expect(packages).toContain("chevrotain (bundle)");
  }, 90_000);

  it("`iprotoc --version` loads no package at all (not even the parser)", () => {
    const { status, packages } = packagesLoaded("version-only", ["--version"]);
    expect(status).toBe(0);
    expect([...packages]).toEqual([]);
  }, 90_000);

  it("`iprotoc generate` loads neither ts-morph nor TypeScript, and prettier only for a line it must lay out", () => {
    const { status, packages } = packagesLoaded("generate", ["generate", "schemas/users.iproto", "-o", join(temp, "gen")]);
    expect(status).toBe(0);
    expect(packages).toContain("chevrotain (bundle)");
    // The emitter prints its own code model (compiler/emitter/print): half a second of loading saved.
    expect(packages).not.toContain("ts-morph");
    expect(packages).not.toContain("typescript");
  }, 90_000);

  it("`iprotoc generate` (and `--check`) with nothing changed since its last run loads neither the parser nor the emitter", () => {
    const argv = ["generate", "schemas/users.iproto", "-o", join(temp, "again"), "--cache-dir", join(temp, "cache")];
    expect(packagesLoaded("generate-first", argv).status).toBe(0);
    for (const [name, again] of [["generate-again", argv], ["generate-check", [...argv, "--check"]]] as const) {
      const { status, packages } = packagesLoaded(name, [...again]);
      expect(status).toBe(0);
      expect(packages).not.toContain("chevrotain (bundle)");
      expect(packages).not.toContain("prettier");
    }
  }, 90_000);
});
