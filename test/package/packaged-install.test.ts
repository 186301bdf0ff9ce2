/**
 * The package as published: `npm pack` it, install the tarball into a fresh project outside the repo,
 * run that project's `iprotoc` on a schema, type-check the output with tsc, and run a generated client
 * against an IProtoServer — proving `bin`, `exports`, `files` and the shipped types, not just the repo.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const tsc = join(root, "node_modules/typescript/bin/tsc");
const work = mkdtempSync(join(tmpdir(), "iprotoc-pack-"));

afterAll(() => rmSync(work, { recursive: true, force: true }));

const schema = `
/** A tiny counter service. */
package demo.counter;

service Counter {
  /** Adds \`by\` to the counter \`name\` and returns the new value. */
  message Add = 1 {
    key name;
    request {
      name: string<varint>;
      by: u32;
    }
    response {
      value: u64;
    }
  }
}
`;

const program = `
import { IProtoClient, IProtoServer } from "iprotoc/runtime";
import { CounterClient, createCounterDispatcher } from "./gen/counter.js";

const counters = new Map<string, bigint>();
const server = new IProtoServer({
  host: "127.0.0.1",
  port: 0,
  handler: createCounterDispatcher({
    add(request) {
      const value = (counters.get(request.name) ?? 0n) + BigInt(request.by);
      counters.set(request.name, value);
      return { value };
    },
  }),
});
const { port } = await server.listen();
const client = new IProtoClient({ servers: \`127.0.0.1:\${port}\`, balance: "hash-crc32" });
const counter = new CounterClient(client);
await counter.add({ name: "visits", by: 2 });
const { value } = await counter.add({ name: "visits", by: 40 });
console.log(\`visits=\${value}\`);
await client.close();
await server.close();
`;

const tsconfig = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: false,
    outDir: "out",
    typeRoots: [join(root, "node_modules/@types")],
    types: ["node"],
  },
  include: ["main.ts", "gen"],
};

describe("the packed tarball, installed in a fresh project", () => {
  it("installs, generates, type-checks and runs", { timeout: 300_000 }, async () => {
    await run("npm", ["pack", "--silent", "--pack-destination", work], { cwd: root });
    const tarball = readdirSync(work).find((name) => name.endsWith(".tgz"));
    expect(tarball).toMatch(/^iprotoc-\d+\.\d+\.\d+\.tgz$/);
    // `npm pack` ran `npm run build`: a development checkout's `npx iprotoc` runs dist's bin directly, so
    // the build itself must leave it executable (tsc writes it 0644).
    expect(statSync(join(root, "dist/compiler/cli/main.js")).mode & 0o111).toBe(0o111);

    const project = join(work, "project");
    await run("mkdir", ["-p", project]);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user-project", private: true, type: "module" }));
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", join(work, tarball ?? "")], { cwd: project });

    // The package ships the Tarantool 1.5 Box schema for MR::Tarantool::Box users to copy.
    const shipped = await run(join(project, "node_modules/.bin/iprotoc"), ["check", "node_modules/iprotoc/schemas/box.iproto"], { cwd: project });
    expect(shipped.stdout).toMatch(/no problems/);

    writeFileSync(join(project, "counter.iproto"), schema);
    const generated = await run(join(project, "node_modules/.bin/iprotoc"), ["counter.iproto", "-o", "gen"], { cwd: project });
    expect(generated.stderr).toBe("");
    expect(readdirSync(join(project, "gen")).sort()).toEqual(["counter.ts", "index.ts"]);

    writeFileSync(join(project, "main.ts"), program);
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify(tsconfig));
    await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: project });

    const { stdout } = await run(process.execPath, ["out/main.js"], { cwd: project });
    expect(stdout.trim()).toBe("visits=42");
  });
});
