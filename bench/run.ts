/**
 * `npm run bench`: every benchmark, one after another (they must not share the two CPUs), each writing
 * its section of docs/benchmarks.md. `npm run bench -- codec` runs only the named ones.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const BENCHMARKS = {
  frontend: "bench/frontend-parse.ts",
  codec: "bench/codec/run.ts",
  transport: "bench/transport/run.ts",
  queue: "bench/transport/queue-cost.ts",
  compile: "bench/compile-cli.ts",
} as const;

type BenchmarkName = keyof typeof BENCHMARKS;
const isBenchmark = (name: string): name is BenchmarkName => Object.hasOwn(BENCHMARKS, name);

const root = fileURLToPath(new URL("..", import.meta.url));
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !isBenchmark(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(", ")}; choose from ${Object.keys(BENCHMARKS).join(", ")}`);
  process.exit(2);
}
const names = asked.length > 0 ? asked.filter(isBenchmark) : (Object.keys(BENCHMARKS) as BenchmarkName[]);

let failed = 0;
for (const name of names) {
  console.log(`\n=== ${name} (${BENCHMARKS[name]})`);
  const run = spawnSync(process.execPath, ["--import", "tsx", BENCHMARKS[name]], { cwd: root, stdio: "inherit" });
  if (run.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
