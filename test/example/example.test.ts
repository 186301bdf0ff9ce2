/**
 * The README's first command, as a user runs it: `npm run example` compiles schemas/ into a fresh folder
 * and drives every Box operation through the generated client against the in-memory Box on loopback.
 * Then the program and the code it was generated against type-check strictly.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));

describe("npm run example", () => {
  it("prints the typed result of every Box operation", { timeout: 120_000 }, async () => {
    const { stdout } = await run("npm", ["run", "--silent", "example"], { cwd: root });
    const lines = stdout.trim().split("\n").map((line) => line.replace(/\s+->/, " ->"));
    expect(lines[0]).toMatch(/^iprotoc: compiled schemas\/box\.iproto, .* -> examples\/box-demo\/gen\/ \(\d+ files\)$/);
    expect(lines[1]).toMatch(/^in-memory Box listening on 127\.0\.0\.1:\d+$/);
    expect(lines.slice(2)).toEqual([
      "PING -> ok",
      "INSERT (1, alice, 10) -> count 1 (no tuples asked for)",
      'INSERT (2, bob, 20) +tuple -> count 1 [2,"bob",20]',
      'SELECT id=1 -> count 1 [1,"alice",10]',
      'SELECT id in (1, 2, 3) -> count 3 [1,"alice",10] [2,"bob",20] [3,"carol",30]',
      'SELECT name=bob (index 1) -> count 1 [2,"bob",20]',
      'UPDATE id=1 score+=5, name=... -> count 1 [1,"alice2",15]',
      "DELETE (msg 20) id=2 -> count 1",
      'DELETE (msg 21) id=3 +tuple -> count 1 [3,"carol",30]',
      'CALL t15_echo("x", "yz") -> ["x","yz"]',
      "INSERT duplicate key -> ServerError code 0x00003702: Duplicate key exists in unique index 0",
    ]);

    // The demo and the freshly generated code it imports pass the strict compiler settings.
    const tsc = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));
    await expect(run(process.execPath, [tsc, "-p", "examples/box-demo/tsconfig.json"], { cwd: root })).resolves.toBeDefined();
  });
});
