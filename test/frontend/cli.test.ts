/** `iprotoc check`: exit statuses and output formats. Mostly called in-process; a few real spawns. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../support/cli-in-process.js";

const ROOT = join(import.meta.dirname, "../..");
const BROKEN = "test/frontend/errors/e0202-duplicate-field/input.iproto";

const run = (argv: string[], cwd = ROOT): Promise<CliRun> => runCli(argv, cwd);

const temp = mkdtempSync(join(tmpdir(), "iprotoc-cli-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("iprotoc check (in process)", () => {
  it("exit 0 for valid schemas, directories expanded", async () => {
    const r = await run(["check", "schemas"]);
    expect(r).toEqual({ status: 0, stdout: "checked 5 files: no problems\n", stderr: "" });
  });

  it("exit 1 and text diagnostics for schema errors", async () => {
    const r = await run(["check", BROKEN]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      [
        `${BROKEN}:4:3: error[E0202]: duplicate field \`space\` in struct \`Select\``,
        " 4 |   space: u32;",
        "   |   ^^^^^",
        `${BROKEN}:2:3: note: first declared here`,
        " 2 |   space: u32;",
        "   |   ^^^^^",
        "1 error in 1 file",
        "",
      ].join("\n"),
    );
    expect(r.stderr).toBe("");
  });

  it("--format json is one parseable document", async () => {
    const r = await run(["check", "--format", "json", BROKEN]);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout) as { diagnostics: Array<Record<string, unknown>>; errors: number };
    expect(doc.errors).toBe(1);
    expect(doc.diagnostics[0]).toEqual({
      file: BROKEN, line: 4, column: 3, endLine: 4, endColumn: 8, severity: "error", code: "E0202",
      message: "duplicate field `space` in struct `Select`",
      related: [{ file: BROKEN, line: 2, column: 3, endLine: 2, endColumn: 8, message: "first declared here" }],
    });
    const ok = await run(["check", "--format=json", "schemas/box.iproto"]);
    expect(JSON.parse(ok.stdout)).toEqual({ diagnostics: [], errors: 0 });
  });

  it("--format github prints workflow commands", async () => {
    const r = await run(["check", BROKEN, "--format", "github"]);
    expect(r.stdout).toBe(
      `::error file=${BROKEN},line=4,col=3,endLine=4,endColumn=7,title=E0202::duplicate field \`space\` in struct \`Select\` (first declared here: ${BROKEN}:2:3)\n`,
    );
  });

  it("--color adds ANSI colours to the text format only when asked", async () => {
    expect((await run(["check", BROKEN, "--color"])).stdout).toContain("\x1b[1;31merror[E0202]\x1b[0m");
    expect((await run(["check", BROKEN, "--no-color"])).stdout).not.toContain("\x1b[");
  });

  it("exit 2 for usage and I/O errors", async () => {
    expect((await run([])).status).toBe(2);
    expect(await run(["check"])).toMatchObject({ status: 2, stdout: "" });
    expect(await run(["check", "no/such/file.iproto"])).toMatchObject({
      status: 2,
      stderr: expect.stringContaining("iprotoc: cannot read `no/such/file.iproto`: no such file or directory"),
    });
    expect(await run(["check", "--format", "xml", "schemas"])).toMatchObject({ status: 2, stderr: expect.stringContaining("must be one of text, json, github") });
    expect(await run(["check", "--frobnicate", "schemas"])).toMatchObject({ status: 2, stderr: expect.stringContaining("unknown option `--frobnicate`") });
    // Not a command: either "unknown command" or, once a default command exists, its usage error.
    expect(await run(["launch"])).toMatchObject({ status: 2, stdout: "" });
    const empty = join(temp, "empty");
    mkdirSync(empty);
    expect(await run(["check", empty])).toMatchObject({ status: 2, stderr: expect.stringContaining("no .iproto files") });
  });

  it("paths are relative to the working directory; imports resolve from the importing file", async () => {
    mkdirSync(join(temp, "proj/sub"), { recursive: true });
    writeFileSync(join(temp, "proj/sub/a.iproto"), 'import "../b.iproto";\nstruct A { b: B; }\n');
    writeFileSync(join(temp, "proj/b.iproto"), "struct B { x: bytes<rest>; y: u8; }\n");
    const r = await run(["check", "proj"], temp);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("proj/b.iproto:1:12: error[E0504]");
    expect(r.stdout).toContain("1 error in 2 files");
  });

  it("help and version", async () => {
    expect(await run(["--help"])).toMatchObject({ status: 0, stdout: expect.stringMatching(/\n {2}check +check schemas/) });
    expect(await run(["check", "--help"])).toMatchObject({ status: 0, stdout: expect.stringContaining("--format <text|json|github>") });
    expect(await run(["--version"])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^iprotoc \d+\.\d+\.\d+\n$/) });
  });
});

describe("iprotoc check (spawned)", () => {
  const spawn = (args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "compiler/cli/main.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 30_000 });

  it("exit statuses of the real process", () => {
    const ok = spawn(["check", "schemas"]);
    expect([ok.status, ok.stdout]).toEqual([0, "checked 5 files: no problems\n"]);
    const broken = spawn(["check", "--format", "github", BROKEN]);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/^::error file=.*title=E0202::/);
    const usage = spawn(["check", "missing.iproto"]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("cannot read `missing.iproto`");
  });
});
