/**
 * Compile time as users meet it (issue 11): `iprotoc <schema> -o <dir>` through the built CLI, cold (a new
 * process each run), for bench/big-schema.ts at 200 and 2,000 messages (and 2,000 named as users name
 * them, longNamedBigSchema). Wall time and peak memory (the
 * child's maxRSS), medians of 3 runs, and the size of what it wrote; then one message edited, in a repeated
 * run (its code spliced into the module: pipeline/edit-splice.ts), an edit outside any message (a
 * constant added: a compile reusing the cache file's code of every message), that run again with
 * nothing changed, and under `--watch` (time from saving the schema to the run's line, the 100 ms
 * debounce included). Builds the compiler first
 * (`npm run build`) so the figures are those of `npx iprotoc`, not of tsx's transpiling.
 * `npm run bench -- compile`; writes the "Compile time" section of docs/benchmarks.md.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bigSchema, longNamedBigSchema } from "./big-schema.js";
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
  readonly label: string;
  readonly messages: number;
  readonly schemaKiB: number;
  readonly wallMs: number;
  readonly rssMiB: number;
  readonly outputMiB: number;
}

function measure(messages: number, longNames = false): Row {
  const name = `big${messages}${longNames ? "-long" : ""}`;
  const schema = join(work, `${name}.iproto`);
  const text = longNames ? longNamedBigSchema(messages) : bigSchema(messages);
  writeFileSync(schema, text);
  const walls: number[] = [];
  const rss: number[] = [];
  let output = 0;
  for (let i = 0; i < 3; i++) {
    // Its own directories: repeatedEdit's runs must not find this run's files.
    const out = join(work, `measure-out-${name}`);
    const cache = join(work, `measure-cache-${name}`);
    rmSync(out, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
    const t0 = performance.now();
    // A first run: nothing to reuse, its cache written.
    const run = spawnSync(process.execPath, ["--require", join(work, "hook.cjs"), CLI, schema, "-o", out, "--cache-dir", cache], { cwd: work, encoding: "utf8" });
    walls.push(performance.now() - t0);
    if (run.status !== 0) throw new Error(`iprotoc failed: ${run.stderr}`);
    rss.push(Number(/@@maxrss (\d+)/.exec(run.stderr)?.[1] ?? "0") / 1024);
    output = bytesBelow(out);
  }
  return { label: `${messages.toLocaleString("en")}${longNames ? ", names of real length" : ""}`, messages, schemaKiB: Math.round(text.length / 1024), wallMs: Math.round(median(walls)), rssMiB: Math.round(median(rss)), outputMiB: Math.round((output / 1048576) * 100) / 100 };
}

/** `text` with a new field in message M<n>'s request: the edit a user makes. */
function edited(text: string, n: number, field: string): string {
  return text.replace(new RegExp(`(message M${n} = ${n + 1} \\{[^}]*request \\{)`), `$1\n      ${field}: u8;`);
}

/**
 * Repeated runs, each a new process: after one message was edited (spliced), after a constant was added
 * (compiled, every message's code from the cache file), and the same run again with nothing
 * changed (run-record.ts: nothing compiled). Medians of 3 edits each.
 */
function repeatedEdit(messages: number): { edited: number; outside: number; unchanged: number } {
  const schema = join(work, `big${messages}.iproto`);
  const text = bigSchema(messages);
  const argv = [CLI, schema, "-o", join(work, `out${messages}`), "--cache-dir", join(work, `cache${messages}`)];
  const timed = (expect: RegExp): number => {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, argv, { cwd: work, encoding: "utf8" });
    const wall = performance.now() - t0;
    if (!expect.test(run.stdout)) throw new Error(`expected ${expect}: ${run.stdout}${run.stderr}`);
    return wall;
  };
  const edits: number[] = [];
  const outside: number[] = [];
  const again: number[] = [];
  // A constant's value is the edit outside any message; each run differs from the one before in one place.
  const withConst = (schemaText: string, value: number): string => `${schemaText}\nconst ADDED: u32 = ${value};\n`;
  // A first full run, for the records and the cache file the edited runs read.
  writeFileSync(schema, withConst(text, 0));
  timed(/wrote \d+ files/);
  for (let i = 0; i < 3; i++) {
    writeFileSync(schema, withConst(edited(text, messages / 2, `edit${i}`), i));
    edits.push(timed(/only its code recompiled/));
    again.push(timed(/is up to date/));
    writeFileSync(schema, withConst(edited(text, messages / 2, `edit${i}`), i + 1));
    outside.push(timed(/reused \d+ of/));
  }
  return { edited: Math.round(median(edits)), outside: Math.round(median(outside)), unchanged: Math.round(median(again)) };
}

/** `--watch`: from saving a schema with one message edited to the run's summary line, median of 5 edits. */
async function watchEdit(messages: number): Promise<number> {
  const schema = join(work, `watch${messages}.iproto`);
  const text = bigSchema(messages);
  writeFileSync(schema, text);
  const child = spawn(process.execPath, [CLI, schema, "-o", join(work, `watch-out${messages}`), "--watch", "--no-color"], { cwd: work, stdio: ["ignore", "pipe", "inherit"] });
  let pending = "";
  let wake: ((line: string) => void) | undefined;
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    pending += chunk;
    for (let at = pending.indexOf("\n"); at >= 0; at = pending.indexOf("\n")) {
      const line = pending.slice(0, at);
      pending = pending.slice(at + 1);
      wake?.(line);
    }
  });
  const nextLine = () => new Promise<string>((done) => (wake = done));
  try {
    await nextLine();
    const walls: number[] = [];
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 300));
      const line = nextLine();
      const t0 = performance.now();
      writeFileSync(schema, edited(text, messages / 2, `watch${i}`));
      const summary = await line;
      walls.push(performance.now() - t0);
      if (!/reused \d+ of/.test(summary)) throw new Error(`no reuse under --watch: ${summary}`);
    }
    return Math.round(median(walls));
  } finally {
    child.kill("SIGINT");
  }
}

// The same schema with message names as long as users write them (FetchAccountSubscriptions12): the
// lines they make wide are the printer's to break, not prettier's.
const rows = [measure(200), measure(2000), measure(2000, true)];
const edits = [];
for (const messages of [200, 2000]) edits.push({ messages, repeated: repeatedEdit(messages), watch: await watchEdit(messages) });
rmSync(work, { recursive: true, force: true });
const table = [
  "| messages | schema | wall, cold (median of 3) | peak memory | output |",
  "|---:|---:|---:|---:|---:|",
  ...rows.map((r) => `| ${r.label} | ${r.schemaKiB} KiB | ${(r.wallMs / 1000).toFixed(2)} s | ${r.rssMiB} MiB | ${r.outputMiB} MiB |`),
  "",
  "One message edited (a field added), then generated again; and an edit outside any message (a constant added):",
  "",
  "| messages | one message edited: repeated run, cold (spliced) | `--watch` (save to summary line) | a constant added: repeated run (compiled, messages' code from the cache file) | the same run again, nothing changed |",
  "|---:|---:|---:|---:|---:|",
  ...edits.map(
    (e) =>
      `| ${e.messages.toLocaleString("en")} | ${(e.repeated.edited / 1000).toFixed(2)} s | ${(e.watch / 1000).toFixed(2)} s | ${(e.repeated.outside / 1000).toFixed(2)} s | ${(e.repeated.unchanged / 1000).toFixed(2)} s |`,
  ),
].join("\n");
const body = `\`node dist/compiler/cli/main.js big.iproto -o out\` (after \`npm run build\`), a new process each run, ${cpus().length} CPUs, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}. Goals (issue 11): 2,000 messages ≤ 5 s and < 500 MB, 200 messages ≤ 1 s; one edited message of 2,000 regenerated in ≤ 1 s.\n\n${table}`;
console.log(body);
writeBenchSection("compile", "Compile time", body);
