/**
 * `generate` run again with nothing changed writes nothing and says so, without compiling
 * (compiler/pipeline/run-record.ts) — and compiles whenever anything the output depends on changed: an
 * entry or imported schema, a file appearing where an import looked, the options, the output directory's
 * files (edited, removed, added), the record itself. Each of those runs must leave exactly what a run
 * without any cache writes.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli-in-process.js";
import { generateBoth, writeProject } from "../support/generate-both.js";

const temp = mkdtempSync(join(tmpdir(), "iprotoc-uptodate-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const UP_TO_DATE = "gen is up to date (3 files; nothing it is generated from changed since the last run)\n";

const lib = (field = "x: u32;"): string => `package lib;\nstruct Point {\n  ${field}\n}\n`;
const main = (extra = ""): string =>
  `package app;\nimport "lib.iproto";\nservice S {\n  message Get = 1 {\n    request {\n      at: lib.Point;\n    }\n  }\n${extra}}\n`;

const project = (name: string): string => writeProject(temp, name, { "main.iproto": main(), "lib.iproto": lib() });

const generate = (dir: string, ...extra: string[]): Promise<string> => generateBoth(dir, "main.iproto", extra);

describe("generate with nothing changed", () => {
  it("writes nothing and says so, leaving every file as it was", async () => {
    const dir = project("same");
    expect(await generate(dir)).toBe("wrote 3 files to gen\n");
    const file = join(dir, "gen", "main.ts");
    const old = new Date("2020-01-01T00:00:00Z");
    utimesSync(file, old, old);
    // The record holds the output's modification times: the run after this one still compiles.
    expect(await generate(dir)).toBe("wrote 3 files to gen (reused 1 of 1 messages)\n");
    expect(statSync(file).mtime.getTime()).toBe(old.getTime());
    expect(await generate(dir)).toBe(UP_TO_DATE);
    expect(await generate(dir)).toBe(UP_TO_DATE);
    expect(statSync(file).mtime.getTime()).toBe(old.getTime());
  });

  it("compiles again when a schema changes: the entry, an imported file, and back", async () => {
    const dir = project("schemas");
    await generate(dir);
    writeFileSync(join(dir, "main.iproto"), main("  message Put = 2 {\n    request {\n      at: lib.Point;\n    }\n  }\n"));
    expect(await generate(dir)).toBe("wrote 3 files to gen (reused 1 of 2 messages)\n");
    expect(await generate(dir)).toBe(UP_TO_DATE);
    writeFileSync(join(dir, "lib.iproto"), lib("x: u64;"));
    expect(await generate(dir)).toBe("wrote 3 files to gen\n");
    expect(readFileSync(join(dir, "gen", "lib.ts"), "utf8")).toContain("x: bigint");
    // Back as it was: compiled again (the emit cache keeps only the last run's code).
    writeFileSync(join(dir, "lib.iproto"), lib());
    expect(await generate(dir)).toBe("wrote 3 files to gen\n");
    expect(await generate(dir)).toBe(UP_TO_DATE);
  });

  it("compiles again when a file the last run found missing appears", async () => {
    const dir = project("appears");
    writeFileSync(join(dir, "main.iproto"), main().replace('import "lib.iproto";', 'import "lib.iproto";\nimport "extra.iproto";'));
    // The import of a missing file is an error: nothing is written, nothing recorded.
    expect((await runCli(["generate", "main.iproto", "-o", "gen", "--cache-dir", "cache"], dir)).status).toBe(1);
    writeFileSync(join(dir, "extra.iproto"), "package extra;\nconst N: u8 = 1;\n");
    expect(await generate(dir)).toBe("wrote 4 files to gen\n");
    expect(await generate(dir)).toBe(UP_TO_DATE.replace("3 files", "4 files"));
    unlinkSync(join(dir, "extra.iproto"));
    expect((await runCli(["generate", "main.iproto", "-o", "gen", "--cache-dir", "cache"], dir)).status).toBe(1);
  });

  it("compiles again when the options change", async () => {
    const dir = project("options");
    await generate(dir);
    expect(await generate(dir, "--names", "keep")).toBe("wrote 3 files to gen\n");
    expect(await generate(dir, "--names", "keep")).toBe(UP_TO_DATE);
    expect(await generate(dir, "--names", "keep", "--runtime-import", "my-runtime")).toBe("wrote 3 files to gen\n");
    expect(readFileSync(join(dir, "gen", "main.ts"), "utf8")).toContain('"my-runtime"');
    expect(await generate(dir, "--names", "keep", "--runtime-import", "my-runtime")).toBe(UP_TO_DATE);
  });

  it("compiles again when the output directory is not as the last run left it", async () => {
    const dir = project("output");
    await generate(dir);
    const file = join(dir, "gen", "main.ts");
    const text = readFileSync(file, "utf8");
    // Edited (same size, another time), removed, and a file added beside them.
    writeFileSync(file, text.replace("DO NOT EDIT", "DO NOT edit"));
    expect(await generate(dir)).toBe("wrote 3 files to gen (reused 1 of 1 messages)\n");
    expect(readFileSync(file, "utf8")).toBe(text);
    unlinkSync(file);
    expect(await generate(dir)).toBe("wrote 3 files to gen (reused 1 of 1 messages)\n");
    expect(readFileSync(file, "utf8")).toBe(text);
    // A file of an earlier run (iprotoc's header) is removed; the record does not hide it.
    writeFileSync(join(dir, "gen", "old.ts"), text);
    expect(await generate(dir)).toBe("wrote 3 files to gen, removed 1 no longer generated (gen/old.ts) (reused 1 of 1 messages)\n");
    expect(await generate(dir)).toBe(UP_TO_DATE);
  });

  it("compiles when the record is missing, malformed, or of another build of the compiler; none with --no-cache or --check", async () => {
    const dir = project("record");
    await generate(dir);
    const record = join(dir, "cache", readdirSync(join(dir, "cache")).find((n) => n.endsWith(".run"))!);
    const good = readFileSync(record, "utf8");
    writeFileSync(record, good.slice(0, -10));
    expect(await generate(dir)).toBe("wrote 3 files to gen (reused 1 of 1 messages)\n");
    writeFileSync(record, JSON.stringify({ ...JSON.parse(good), compiler: "another-build" }));
    expect(await generate(dir)).toBe("wrote 3 files to gen (reused 1 of 1 messages)\n");
    writeFileSync(record, JSON.stringify({ ...JSON.parse(good), reads: "not a list" }));
    expect(await generate(dir)).toBe("wrote 3 files to gen (reused 1 of 1 messages)\n");
    expect(await generate(dir)).toBe(UP_TO_DATE);
    expect((await runCli(["generate", "main.iproto", "-o", "gen", "--cache-dir", "cache", "--no-cache"], dir)).stdout).toBe("wrote 3 files to gen\n");
    expect((await runCli(["generate", "main.iproto", "-o", "gen", "--cache-dir", "cache", "--check"], dir)).stdout).toBe("gen is up to date (3 files)\n");
  });

  it("answers --check from the record, and compares the files when the record does not hold", async () => {
    const dir = project("check");
    await generate(dir);
    const check = (): Promise<{ status: number; stdout: string }> => runCli(["generate", "main.iproto", "-o", "gen", "--cache-dir", "cache", "--check"], dir);
    expect(await check()).toMatchObject({ status: 0, stdout: "gen is up to date (3 files)\n" });
    const file = join(dir, "gen", "main.ts");
    writeFileSync(file, readFileSync(file, "utf8").replace("DO NOT EDIT", "DO NOT edit"));
    expect(await check()).toMatchObject({ status: 1, stdout: "" });
    // --check writes nothing, the record included: the file is still stale, and generate mends it.
    expect(await check()).toMatchObject({ status: 1 });
    expect(await generate(dir)).toBe("wrote 3 files to gen (reused 1 of 1 messages)\n");
    expect(await check()).toMatchObject({ status: 0, stdout: "gen is up to date (3 files)\n" });
  });
});
