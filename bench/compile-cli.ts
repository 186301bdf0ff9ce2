/**
 * Compile time as users meet it (issue 11): `iprotoc <schema> -o <dir>` through the built CLI, cold (a new
 * process each run), for bench/big-schema.ts at 200 and 2,000 messages. Wall time and peak memory (the
 * child's maxRSS), medians of 3 runs, and the size of what it wrote. Builds the compiler first
 * (`npm run build`) so the figures are those of `npx iprotoc`, not of tsx's transpiling.
 * `npm run bench -- compile`; writes the "Compile time" section of docs/benchmarks.md.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bigSchema } from "./big-schema.js";
import { writeBenchSection } from "./docs-section.js";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(REPO, "dist/compiler/cli/main.js");
// Prints the process's peak memory when it exits (the CLI itself is unchanged).
const RSS_HOOK = `process.on("exit", () => process.stderr.write("\\n@@maxrss " + process.resourceUsage().maxRSS + "\\n"));`;

const build = spawnSync("npm", ["run", "build"], { cwd: REPO, stdio: "inherit" });
if (build.status !== 0) throw new Error("npm run build failed");

const work = mkdtempSync(join(tmpdir(), "iprotoc-compile-"));
writeFileSync(join(work, "hook.cjs"), RSS_HOOK);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function bytesBelow(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

interface Row {
  readonly messages: number;
  readonly schemaKiB: number;
  readonly wallMs: number;
  readonly rssMiB: number;
  readonly outputMiB: number;
}

function measure(messages: number): Row {
  const schema = join(work, `big${messages}.iproto`);
  const text = bigSchema(messages);
  writeFileSync(schema, text);
  const walls: number[] = [];
  const rss: number[] = [];
  let output = 0;
  for (let i = 0; i < 3; i++) {
    const out = join(work, `out${messages}`);
    rmSync(out, { recursive: true, force: true });
    const t0 = performance.now();
    const run = spawnSync(process.execPath, ["--require", join(work, "hook.cjs"), CLI, schema, "-o", out], { cwd: work, encoding: "utf8" });
    walls.push(performance.now() - t0);
    if (run.status !== 0) throw new Error(`iprotoc failed: ${run.stderr}`);
    rss.push(Number(/@@maxrss (\d+)/.exec(run.stderr)?.[1] ?? "0") / 1024);
    output = bytesBelow(out);
  }
  return { messages, schemaKiB: Math.round(text.length / 1024), wallMs: Math.round(median(walls)), rssMiB: Math.round(median(rss)), outputMiB: Math.round((output / 1048576) * 100) / 100 };
}

const rows = [200, 2000].map(measure);
rmSync(work, { recursive: true, force: true });
const table = [
  "| messages | schema | wall, cold (median of 3) | peak memory | output |",
  "|---:|---:|---:|---:|---:|",
  ...rows.map((r) => `| ${r.messages.toLocaleString("en")} | ${r.schemaKiB} KiB | ${(r.wallMs / 1000).toFixed(2)} s | ${r.rssMiB} MiB | ${r.outputMiB} MiB |`),
].join("\n");
const body = `\`node dist/compiler/cli/main.js big.iproto -o out\` (after \`npm run build\`), a new process each run, ${cpus().length} CPUs, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}. Goals (issue 11): 2,000 messages ≤ 5 s and < 500 MB, 200 messages ≤ 1 s.\n\n${table}`;
console.log(body);
writeBenchSection("compile", "Compile time", body);
