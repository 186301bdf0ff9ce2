/** `iprotoc format`: default output, --check, --write, refusal of broken files. In process, plus one real spawn. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../support/cli-in-process.js";

const ROOT = join(import.meta.dirname, "../..");
const temp = mkdtempSync(join(tmpdir(), "iprotoc-format-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const MESSY = "struct   S{a:u32;   // the a\nb : u8 ;}\n";
const CLEAN = "struct S {\n  a: u32; // the a\n  b: u8;\n}\n";
const BROKEN = "struct S { a: u32 b: u8; }\n";

const run = (argv: string[]) => runCli(argv, temp);

const read = (name: string): string => readFileSync(join(temp, name), "utf8");

beforeEach(() => {
  rmSync(join(temp, "s"), { recursive: true, force: true });
  mkdirSync(join(temp, "s/sub"), { recursive: true });
  writeFileSync(join(temp, "s/messy.iproto"), MESSY);
  writeFileSync(join(temp, "s/sub/clean.iproto"), CLEAN);
});

describe("iprotoc format", () => {
  it("prints the formatted schemas to stdout and writes nothing", async () => {
    expect(await run(["format", "s/messy.iproto"])).toEqual({ status: 0, stdout: CLEAN, stderr: "" });
    expect(read("s/messy.iproto")).toBe(MESSY);
  });

  it("--check lists the files that are not formatted, exit 1; exit 0 when all are", async () => {
    expect(await run(["format", "--check", "s"])).toEqual({
      status: 1,
      stdout: "s/messy.iproto\n",
      stderr: "1 file is not formatted: run `iprotoc format --write s`\n",
    });
    expect(read("s/messy.iproto")).toBe(MESSY);
    expect(await run(["format", "--check", "s/sub"])).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("--write rewrites only the files that change and lists them; a second run changes nothing", async () => {
    expect(await run(["format", "--write", "s"])).toEqual({ status: 0, stdout: "s/messy.iproto\n", stderr: "" });
    expect(read("s/messy.iproto")).toBe(CLEAN);
    expect(read("s/sub/clean.iproto")).toBe(CLEAN);
    expect(await run(["format", "--write", "s"])).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(await run(["format", "--check", "s"])).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("a file with syntax errors: diagnostics on stderr, exit 1, and --write writes no file at all", async () => {
    writeFileSync(join(temp, "s/broken.iproto"), BROKEN);
    const r = await run(["format", "--write", "s"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^s\/broken\.iproto:1:19: error\[E0006\]: expected `;`/);
    expect(read("s/broken.iproto")).toBe(BROKEN);
    expect(read("s/messy.iproto")).toBe(MESSY);
    const checked = await run(["format", "--check", "--format", "json", "s"]);
    expect(checked.status).toBe(1);
    expect(checked.stdout).toBe("s/messy.iproto\n");
    expect((JSON.parse(checked.stderr) as { errors: number }).errors).toBe(1);
  });

  it("--diff prints a unified diff per file that is not formatted (git apply / patch -p1 can apply it), exit 1", async () => {
    writeFileSync(join(temp, "s/other.iproto"), "struct T { x: u8; }\n");
    const r = await run(["format", "--diff", "s"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      [
        "--- a/s/messy.iproto",
        "+++ b/s/messy.iproto",
        "@@ -1,2 +1,4 @@",
        "-struct   S{a:u32;   // the a",
        "-b : u8 ;}",
        "+struct S {",
        "+  a: u32; // the a",
        "+  b: u8;",
        "+}",
        "--- a/s/other.iproto",
        "+++ b/s/other.iproto",
        "@@ -1,1 +1,3 @@",
        "-struct T { x: u8; }",
        "+struct T {",
        "+  x: u8;",
        "+}",
        "",
      ].join("\n"),
    );
    expect(r.stderr).toBe("2 files are not formatted: run `iprotoc format --write s`\n");
    expect(read("s/messy.iproto")).toBe(MESSY);
    const patched = spawnSync("patch", ["-p1", "--dry-run"], { cwd: temp, input: r.stdout, encoding: "utf8" });
    if (patched.error === undefined) expect(patched.status).toBe(0);
    expect(await run(["format", "--diff", "s/sub"])).toEqual({ status: 0, stdout: "", stderr: "" });
    expect((await run(["format", "--diff", "--write", "s"])).status).toBe(2);
  });

  it("several files to stdout: a `==> path <==` header before each, as head prints them; one file: its text alone", async () => {
    expect(await run(["format", "s"])).toEqual({ status: 0, stdout: `==> s/messy.iproto <==\n${CLEAN}\n==> s/sub/clean.iproto <==\n${CLEAN}`, stderr: "" });
    expect((await run(["format", "s/sub"])).stdout).toBe(CLEAN);
  });

  it("usage errors exit 2", async () => {
    expect((await run(["format"])).status).toBe(2);
    expect((await run(["format", "--check", "--write", "s"])).status).toBe(2);
    expect((await run(["format", "missing.iproto"])).status).toBe(2);
    expect((await run(["format", "--write", "-"])).status).toBe(2);
  });

  it("the real process formats stdin (`-`)", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "compiler/cli/main.ts", "format", "-"], { cwd: ROOT, input: MESSY, encoding: "utf8", timeout: 30_000 });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, CLEAN, ""]);
  });
});
