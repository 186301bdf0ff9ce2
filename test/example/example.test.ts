/**
 * The README's first command, as a user runs it: `npm run example` compiles schemas/ into a fresh folder
 * and drives every Box operation through the typed space client generated from schemas/spaces.iproto
 * against the runtime's MemoryBox on loopback.
 * Then the program and the code it was generated against type-check strictly.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { describeTarantool15, useTarantool15 } from "../support/tarantool15.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));

describe("npm run example", () => {
  it("prints the typed result of every Box operation", { timeout: 120_000 }, async () => {
    const { stdout } = await run("npm", ["run", "--silent", "example"], { cwd: root });
    const lines = stdout.trim().split("\n").map((line) => line.replace(/\s+->/, " ->"));
    expect(lines[0]).toMatch(/^iprotoc: compiled schemas\/box\.iproto, .* -> examples\/box-demo\/gen\/ \(\d+ files\)$/);
    expect(lines[1]).toMatch(/^in-memory Box listening on 127\.0\.0\.1:\d+$/);
    expect(lines.slice(2)).toEqual([
      "insert (1, alice, 10) -> ok",
      'insert (2, bob, 20) +tuple -> [2,"bob",20]',
      'get id=1 -> [1,"alice",10]',
      'selectByPrimary 1, 2, 3 -> [1,"alice",10] [2,"bob",20] [3,"carol",30]',
      'selectByName bob -> [2,"bob",20]',
      'select 1, 2, 3 offset 1 limit 1 -> [2,"bob",20]',
      'update id=1 score+=5, name+="2" -> [1,"alice2",15]',
      "delete id=2 -> count 1",
      'delete id=3 +tuple -> [3,"carol",30]',
      'call t15_echo("x", "yz") -> ["x","yz"]',
      "add duplicate key -> ER_TUPLE_FOUND: Duplicate key exists in unique index 0",
    ]);

    // The demo and the freshly generated code it imports pass the strict compiler settings.
    const tsc = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));
    await expect(run(process.execPath, [tsc, "-p", "examples/box-demo/tsconfig.json"], { cwd: root })).resolves.toBeDefined();
  });
});

// The demo against a real Tarantool 1.5 with the shared example configuration (what `npm run example --
// --servers host:port` does), in this file so it runs after the test above, which writes the same gen/.
describeTarantool15("the example against a real server", "the demo's typed space operations against Tarantool 1.5", () => {
  const server = useTarantool15();

  it("prints the same results as against the in-memory Box", { timeout: 120_000 }, async () => {
    // examples/box-demo/gen/ is what `npm run example` above generated.
    // Not a literal specifier: tsc must not follow it into the demo, whose gen/ only `npm run example` writes
    // (examples/box-demo is excluded from the repository's type check; the test above type-checks it).
    const demo = "../../examples/box-demo/demo.js";
    const { runDemo } = (await import(demo)) as { runDemo: (servers: string, print: (line: string) => void) => Promise<void> };
    const lines: string[] = [];
    await runDemo(server().address, (line) => lines.push(line.replace(/\s+->/, " ->")));
    expect(lines).toContain('update id=1 score+=5, name+="2" -> [1,"alice2",15]');
    expect(lines).toContain('selectByName bob -> [2,"bob",20]');
    expect(lines).toContain('call t15_echo("x", "yz") -> ["x","yz"]');
    expect(lines.at(-1)).toBe("add duplicate key -> ER_TUPLE_FOUND: Duplicate key exists in unique index 0");
    expect(lines).toHaveLength(11);
  });
});
