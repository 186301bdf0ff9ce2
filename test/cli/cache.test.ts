/**
 * `generate` reuses the code of messages unchanged since its last run, from a cache file per output
 * directory (compiler/pipeline/emit-cache-file.ts): the output is what a run without it writes, a cache it
 * can't trust is ignored, `--check` and `--no-cache` write none, and files whose text did not change are
 * not rewritten. A run with nothing changed at all is test/cli/up-to-date.test.ts's.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli-in-process.js";
import { generateBoth, writeProject } from "../support/generate-both.js";

const temp = mkdtempSync(join(tmpdir(), "iprotoc-cache-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

// Docs in Cyrillic and with an astral character: the cache file cuts texts by UTF-16 lengths, not bytes.
const message = (name: string, code: number, field: string): string => `  /** ${name}: запрос «${name}» 🚀. */\n  message ${name} = ${code} {\n    request {\n      ${field}\n    }\n    response {\n      ok: u8;\n    }\n  }\n`;
const schema = (getField = "id: u32;"): string =>
  `package app;\nservice S {\n${message("Get", 1, getField)}${message("Put", 2, "id: u32;\n      name: string<varint>;")}${message("Del", 3, "id: u64;")}}\n`;

const project = (name: string): string => writeProject(temp, name, { "s.iproto": schema() });

const generate = (dir: string, ...extra: string[]): Promise<string> => generateBoth(dir, "s.iproto", extra);

describe("generate's cache", () => {
  it("reuses unchanged messages and prints edited ones, with the output of a run without it", async () => {
    const dir = project("reuse");
    expect(await generate(dir)).toBe("wrote 2 files to gen\n");
    const [name] = readdirSync(join(dir, "cache"));
    expect(name).toMatch(/^[0-9a-f]{16}\.cache$/);
    // A run whose messages are all unchanged (a plain comment added) leaves the cache file as it was.
    const file = join(dir, "cache", name!);
    const old = new Date("2020-01-01T00:00:00Z");
    utimesSync(file, old, old);
    writeFileSync(join(dir, "s.iproto"), `${schema()}// a note\n`);
    expect(await generate(dir)).toBe("wrote 2 files to gen (reused 3 of 3 messages)\n");
    expect(statSync(file).mtime.getTime()).toBe(old.getTime());
    writeFileSync(join(dir, "s.iproto"), schema("id: u32;\n      verbose: u8 = 0;"));
    expect(await generate(dir)).toBe("wrote 2 files to gen (reused 2 of 3 messages)\n");
  });

  it("ignores a cache it can't trust: truncated, garbage, or written by another build of the compiler", async () => {
    const dir = project("untrusted");
    await generate(dir);
    const file = join(dir, "cache", readdirSync(join(dir, "cache")).find((n) => n.endsWith(".cache"))!);
    // Each run below generates (the record of the last run forgotten), so it reads the cache file.
    const again = (): Promise<string> => {
      rmSync(file.replace(/\.cache$/, ".run"));
      return generate(dir);
    };
    const good = readFileSync(file);
    writeFileSync(file, good.subarray(0, good.length - 100));
    expect(await again()).toBe("wrote 2 files to gen\n");
    writeFileSync(file, "not a cache\n{]\n");
    expect(await again()).toBe("wrote 2 files to gen\n");
    const other = good.toString("utf8").replace(/^(iprotoc-emit-cache \d+ )\S+/, "$1another-build");
    writeFileSync(file, other);
    expect(await again()).toBe("wrote 2 files to gen\n");
    // Each of those runs saved a good cache again.
    expect(await again()).toBe("wrote 2 files to gen (reused 3 of 3 messages)\n");
  });

  it("writes no cache with --no-cache or --check, and reads it with --check", async () => {
    const dir = project("readonly");
    expect((await runCli(["generate", "s.iproto", "-o", "gen", "--cache-dir", "cache", "--no-cache"], dir)).status).toBe(0);
    expect(existsSync(join(dir, "cache"))).toBe(false);
    expect((await runCli(["generate", "s.iproto", "-o", "gen", "--cache-dir", "cache", "--check"], dir)).stdout).toBe("gen is up to date (2 files)\n");
    expect(existsSync(join(dir, "cache"))).toBe(false);
  });

  it("lives in node_modules/.cache/iprotoc of the nearest directory with node_modules, and nowhere without one", async () => {
    const dir = project("default");
    expect((await runCli(["generate", "s.iproto", "-o", "gen"], dir)).stdout).toBe("wrote 2 files to gen\n");
    expect((await runCli(["generate", "s.iproto", "-o", "gen"], dir)).stdout).toBe("wrote 2 files to gen\n");
    mkdirSync(join(dir, "node_modules"));
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub", "s.iproto"), schema());
    await runCli(["generate", "s.iproto", "-o", "gen"], join(dir, "sub"));
    // The emit cache, the record of the run (run-record.ts) and what an edit inside a message needs (edit-record.ts).
    expect(readdirSync(join(dir, "node_modules", ".cache", "iprotoc")).map((n) => n.replace(/^[0-9a-f]{16}/, "")).sort()).toEqual([".cache", ".edit", ".run"]);
    writeFileSync(join(dir, "sub", "s.iproto"), `${schema()}// a note\n`);
    expect((await runCli(["generate", "s.iproto", "-o", "gen"], join(dir, "sub"))).stdout).toBe("wrote 2 files to gen (reused 3 of 3 messages)\n");
  });

  it("leaves a generated file whose text is unchanged untouched", async () => {
    const dir = project("mtime");
    await generate(dir);
    const file = join(dir, "gen", "s.ts");
    const old = new Date("2020-01-01T00:00:00Z");
    utimesSync(file, old, old);
    // The schema's text changed, its code did not.
    writeFileSync(join(dir, "s.iproto"), `${schema()}// a note\n`);
    expect(await generate(dir)).toBe("wrote 2 files to gen (reused 3 of 3 messages)\n");
    expect(statSync(file).mtime.getTime()).toBe(old.getTime());
    writeFileSync(join(dir, "s.iproto"), schema("id: u16;"));
    await generate(dir);
    expect(statSync(file).mtime.getTime()).not.toBe(old.getTime());
  });
});
