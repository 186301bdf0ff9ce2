/**
 * `iprotoc format` reads its inputs as every schema is read: regular files of bounded size only, and
 * never rewrites a file whose bytes are not UTF-8 (the rewrite would turn them into U+FFFD for good).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../support/cli-in-process.js";

const temp = mkdtempSync(join(tmpdir(), "iprotoc-format-hostile-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const run = (argv: string[]): Promise<CliRun> => runCli(argv, temp);

describe("iprotoc format on hostile input", () => {
  it("a file with invalid UTF-8 is located (E0107) and never rewritten, byte for byte", async () => {
    // Unformatted, so --write would rewrite it if it were accepted.
    const bytes = Buffer.concat([Buffer.from("struct   S { a: u32; } // caf"), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from("\n")]);
    writeFileSync(join(temp, "latin.iproto"), bytes);
    for (const mode of ["--write", "--check", undefined]) {
      const r = await run(["format", ...(mode ? [mode] : []), "latin.iproto"]);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^latin\.iproto:1:30: error\[E0107\]: invalid UTF-8/);
      expect(readFileSync(join(temp, "latin.iproto")).equals(bytes)).toBe(true);
    }
  });

  it("/dev/zero and a FIFO are refused at once instead of read forever", async () => {
    const devZero = await run(["format", "/dev/zero"]);
    expect(devZero.status).toBe(2);
    expect(devZero.stderr).toMatch(/cannot format `\/dev\/zero`: it is not a regular file/);
    const fifo = join(temp, "pipe.iproto");
    execFileSync("mkfifo", [fifo]);
    const r = await run(["format", "--check", fifo]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is not a regular file/);
  });

  it("a file over the schema size limit is refused with the limit named, and nothing is written", async () => {
    const big = join(temp, "big.iproto");
    writeFileSync(big, `struct   S { a: u32; }\n${"// x\n".repeat(3_400_000)}`);
    const before = readFileSync(big);
    const r = await run(["format", "--write", "big.iproto"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/over the \d+-byte limit/);
    expect(readFileSync(big).equals(before)).toBe(true);
  });
});
