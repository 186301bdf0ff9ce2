/**
 * The whole repository — compiler, runtime, tests, benchmarks and the committed generated code —
 * passes the strict compiler settings of tsconfig.json (strict, noUncheckedIndexedAccess,
 * exactOptionalPropertyTypes). vitest strips types without checking them, so this is where type errors fail CI.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const tsc = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));

it("tsc --noEmit -p tsconfig.json reports no errors", { timeout: 180_000 }, async () => {
  const result = await run(process.execPath, [tsc, "--noEmit", "-p", "tsconfig.json"], { cwd: root }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }),
  );
  expect(result.stdout).toBe("");
});
