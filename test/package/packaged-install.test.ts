/**
 * The packages as published: `npm pack` both — `@iprotoc/runtime` (what a service runs, no dependencies)
 * and `iprotoc` (compiler and CLI) —, install the runtime alone into a "production" folder (nothing else
 * may come with it), then into a fresh project with the compiler as a devDependency: run that project's
 * `iprotoc` on a schema, type-check the output with tsc, and run a generated client against an
 * IProtoServer — proving `bin`, `exports`, `files` and the shipped types, not just the repo.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
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
import { IProtoClient, IProtoServer } from "@iprotoc/runtime";
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

/** Bytes under `dir`, as `du` counts file sizes. */
function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

async function listed(tarball: string): Promise<string[]> {
  const { stdout } = await run("tar", ["-tzf", tarball], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim().split("\n");
}

describe("the packed tarballs, installed as users install them", () => {
  it("the runtime installs alone; the compiler as a devDependency installs, generates, type-checks and runs", { timeout: 300_000 }, async () => {
    await run("npm", ["pack", "--silent", "--pack-destination", work, "--workspace", "@iprotoc/runtime"], { cwd: root });
    await run("npm", ["pack", "--silent", "--pack-destination", work], { cwd: root });
    const tarballs = readdirSync(work).filter((name) => name.endsWith(".tgz")).sort();
    expect(tarballs).toEqual([expect.stringMatching(/^iprotoc-\d+\.\d+\.\d+\.tgz$/), expect.stringMatching(/^iprotoc-runtime-\d+\.\d+\.\d+\.tgz$/)]);
    const [compilerTgz, runtimeTgz] = tarballs.map((name) => join(work, name)) as [string, string];
    // `npm pack` ran `npm run build`: a development checkout's `npx iprotoc` runs dist's bin directly, so
    // the build itself must leave it executable (tsc writes it 0644).
    expect(statSync(join(root, "dist/compiler/cli/main.js")).mode & 0o111).toBe(0o111);

    // What ships: a LICENSE each, no source maps (they pointed at sources the package lacks), and the
    // compiler without a second copy of the runtime (only the `iprotoc/runtime` re-export).
    const compilerFiles = await listed(compilerTgz);
    const runtimeFiles = await listed(runtimeTgz);
    for (const files of [compilerFiles, runtimeFiles]) {
      expect(files).toContain("package/LICENSE");
      expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
    }
    expect(compilerFiles.filter((f) => f.startsWith("package/dist/runtime/")).sort()).toEqual(["package/dist/runtime/index.d.ts", "package/dist/runtime/index.js"]);
    expect(runtimeFiles).toContain("package/dist/index.js");

    // Production: the runtime alone, and nothing comes with it.
    const production = join(work, "production");
    await run("mkdir", ["-p", production]);
    writeFileSync(join(production, "package.json"), JSON.stringify({ name: "service", private: true, type: "module" }));
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", runtimeTgz], { cwd: production });
    const installed = readdirSync(join(production, "node_modules"), { withFileTypes: true }).filter((e) => !e.name.startsWith("."));
    expect(installed.map((e) => e.name)).toEqual(["@iprotoc"]);
    expect(readdirSync(join(production, "node_modules/@iprotoc"))).toEqual(["runtime"]);
    const runtimePackage = JSON.parse(readFileSync(join(production, "node_modules/@iprotoc/runtime/package.json"), "utf8")) as { dependencies?: object };
    expect(runtimePackage.dependencies).toBeUndefined();
    const bytes = sizeOf(join(production, "node_modules"));
    console.log(`production install of @iprotoc/runtime: ${(bytes / 1024).toFixed(0)} KiB, no dependencies`);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
    const loaded = await run(process.execPath, ["--input-type=module", "-e", 'import { IProtoClient, IProtoServer } from "@iprotoc/runtime"; console.log(typeof IProtoClient, typeof IProtoServer);'], { cwd: production });
    expect(loaded.stdout.trim()).toBe("function function");

    // Development: the runtime as a dependency, the compiler as a devDependency.
    const project = join(work, "project");
    await run("mkdir", ["-p", project]);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user-project", private: true, type: "module" }));
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", runtimeTgz], { cwd: project });
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--save-dev", compilerTgz], { cwd: project });
    const manifest = JSON.parse(readFileSync(join(project, "package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies)).toEqual(["@iprotoc/runtime"]);
    expect(Object.keys(manifest.devDependencies)).toEqual(["iprotoc"]);
    // One runtime in the tree: the compiler uses the project's, not a copy of its own.
    expect(existsSync(join(project, "node_modules/iprotoc/node_modules/@iprotoc/runtime"))).toBe(false);

    // The package ships the Tarantool 1.5 Box schema for MR::Tarantool::Box users to copy.
    const shipped = await run(join(project, "node_modules/.bin/iprotoc"), ["check", "node_modules/iprotoc/schemas/box.iproto"], { cwd: project });
    expect(shipped.stdout).toMatch(/no problems/);

    writeFileSync(join(project, "counter.iproto"), schema);
    const generated = await run(join(project, "node_modules/.bin/iprotoc"), ["counter.iproto", "-o", "gen"], { cwd: project });
    expect(generated.stderr).toBe("");
    expect(readdirSync(join(project, "gen")).sort()).toEqual(["counter.ts", "index.ts"]);
    expect(readFileSync(join(project, "gen/counter.ts"), "utf8")).toContain('from "@iprotoc/runtime"');

    writeFileSync(join(project, "main.ts"), program);
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify(tsconfig));
    await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: project });

    const { stdout } = await run(process.execPath, ["out/main.js"], { cwd: project });
    expect(stdout.trim()).toBe("visits=42");

    // Code generated before the split imports `iprotoc/runtime`: the compiler package still re-exports it.
    const legacy = await run(process.execPath, ["--input-type=module", "-e", 'import { IProtoClient } from "iprotoc/runtime"; import { IProtoClient as Same } from "@iprotoc/runtime"; console.log(IProtoClient === Same);'], { cwd: project });
    expect(legacy.stdout.trim()).toBe("true");
  });
});
