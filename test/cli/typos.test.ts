/**
 * Typos get help: a misspelt command or option is answered with "did you mean", from the same suggestion
 * function the schema diagnostics use (compiler/checks/suggest.ts), instead of being read as an input file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli-in-process.js";

const temp = mkdtempSync(join(tmpdir(), "iprotoc-typos-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
mkdirSync(join(temp, "schemas"));
writeFileSync(join(temp, "schemas/a.iproto"), "struct A {\n  x: u8;\n}\n");

const run = (argv: string[]) => runCli(argv, temp);

describe("misspelt commands", () => {
  it("`iprotoc fromat x` and `iprotoc chek schemas` suggest the command, not generate's usage", async () => {
    expect(await run(["fromat", "x"])).toEqual({
      status: 2,
      stdout: "",
      stderr: "iprotoc: unknown command `fromat`; did you mean `format`?\nRun `iprotoc --help` for the commands.\n",
    });
    const chek = await run(["chek", "schemas"]);
    expect(chek.status).toBe(2);
    expect(chek.stderr).toContain("unknown command `chek`; did you mean `check`?");
    expect(chek.stderr).not.toContain("output directory");
    expect((await run(["braeking"])).stderr).toContain("did you mean `breaking`?");
    expect((await run(["help", "chek"])).stderr).toBe("iprotoc: unknown command `chek`; did you mean `check`?\n");
  });

  it("a word close to no command lists the commands", async () => {
    expect((await run(["launch"])).stderr).toContain("unknown command `launch`; commands: check, generate, format, breaking");
  });

  it("files, directories, paths and globs still go to generate", async () => {
    writeFileSync(join(temp, "chek"), "struct B {\n  y: u8;\n}\n");
    expect((await run(["chek", "-o", "out"])).stdout).toBe("wrote 2 files to out\n");
    expect((await run(["schemas", "-o", "out2"])).status).toBe(0);
    expect((await run(["missing.iproto", "-o", "out3"])).stderr).toContain("cannot read `missing.iproto`");
  });
});

describe("misspelt options", () => {
  it("`--frmat` suggests `--format`; `--no-colr` suggests `--no-color`", async () => {
    const frmat = await run(["check", "--frmat", "json", "schemas"]);
    expect(frmat.status).toBe(2);
    expect(frmat.stderr).toContain("iprotoc: unknown option `--frmat`; did you mean `--format`?\n");
    expect((await run(["check", "--no-colr", "schemas"])).stderr).toContain("did you mean `--no-color`?");
    expect((await run(["generate", "schemas", "-o", "out", "--chekc"])).stderr).toContain("did you mean `--check`?");
  });

  it("an option close to none gets no guess", async () => {
    const r = await run(["check", "--frobnicate", "schemas"]);
    expect(r.stderr).toContain("unknown option `--frobnicate`\n");
  });
});
