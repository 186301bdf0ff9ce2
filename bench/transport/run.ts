/**
 * Transport benchmark: `npx tsx bench/transport/run.ts [--rounds 3] [--measure 2000] [--no-docs]`.
 *
 * Requests/s and p50/p99 latency over loopback at 1, 16 and 256 requests in flight, against a minimal
 * echo server (C, built with cc; a Node one if cc is missing), for: IProtoClient (timeouts, retries and
 * limits on), a minimal pipelining promise client (write per request, and corked per turn), the same
 * without promises (raw), and Perl MR::IProto async. Each measurement runs in its own process; rounds are
 * interleaved and the median is reported, as the machine may be shared. Also: the per-server
 * maxParallel sweep behind the default, and the deadline queue against a setTimeout per request.
 * Results go to docs/benchmarks.md, section "Transport" (between markers; other sections untouched).
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { timerComparison } from "./timers.js";
import { writeBenchSection } from "../docs-section.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const ROUNDS = option("rounds", 3);
const WARMUP = option("warmup", 500);
const MEASURE = option("measure", 2000);
const WRITE_DOCS = !args.includes("--no-docs");
const IN_FLIGHT = [1, 16, 256];
/** With taskset and two CPUs or more, the server runs on CPU 0 and every client on CPU 1: the same placement for all. */
const PIN = os.cpus().length >= 2 && spawnSync("taskset", ["-c", "0", "true"]).status === 0 && !args.includes("--no-pin");
const pinned = (cpu: number, command: string, rest: readonly string[]): [string, string[]] =>
  PIN ? ["taskset", ["-c", String(cpu), command, ...rest]] : [command, [...rest]];

interface Result {
  rps: number;
  p50: number;
  p99: number;
  /** Client CPU time per request, in nanoseconds. */
  cpuNs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function startEchoServer(cpu = 0): Promise<{ port: number; kind: string; stop(): void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iproto-bench-"));
  const binary = path.join(dir, "echo-server");
  let command: string[];
  let kind: string;
  try {
    execFileSync("cc", ["-O2", "-o", binary, path.join(here, "echo-server.c")], { stdio: "pipe" });
    command = [binary];
    kind = "C (epoll, single thread)";
  } catch {
    command = [process.execPath, path.join(here, "echo-server.mjs")];
    kind = "Node (cc not available)";
  }
  // The server runs until its stdin closes.
  const [file, rest] = pinned(cpu, command[0] as string, command.slice(1));
  const child = spawn(file, rest, { stdio: ["pipe", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    let text = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      text += chunk;
      const match = /PORT (\d+)/.exec(text);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", () => reject(new Error("echo server exited")));
  });
  return {
    port,
    kind,
    stop: () => {
      child.stdin?.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function measure(kind: string, port: number, inFlight: number, options: object = {}, cpu = 1): Result {
  const script = kind === "perl" ? ["perl", [path.join(here, "perl-client.pl"), String(port), String(inFlight), String(WARMUP), String(MEASURE)]] as const
    : [process.execPath, ["--import", "tsx", path.join(here, "worker.ts"), kind, String(port), String(inFlight), String(WARMUP), String(MEASURE), JSON.stringify(options)]] as const;
  const [file, rest] = pinned(cpu, script[0], script[1]);
  const out = spawnSync(file, rest, { cwd: root, encoding: "utf8" });
  const line = out.stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line) as Result;
  } catch {
    throw new Error(`${kind} @${inFlight} failed: ${out.stderr}`);
  }
}

function medianResult(results: Result[]): Result {
  const of = (key: keyof Result): number => median(results.map((r) => r[key] ?? 0));
  return { rps: of("rps"), p50: of("p50"), p99: of("p99"), cpuNs: of("cpuNs") };
}

async function main(): Promise<void> {
  const echo = await startEchoServer();
  // Client and server sharing one CPU (issue 11): every microsecond the client spends is then latency.
  const shared = PIN ? await startEchoServer(1) : undefined;
  const oneCpu = new Map<string, Result[]>();
  const clients = ["iproto", "corked", "promise", "raw", "perl"];
  const cells = new Map<string, Result[]>();
  const sweepSizes = [10, 32, 64, 128, 256, 512, 1024];
  const sweep = new Map<number, Result[]>();
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const inFlight of IN_FLIGHT) {
        for (const client of clients) {
          const result = measure(client, echo.port, inFlight);
          const key = `${client}@${inFlight}`;
          cells.set(key, [...(cells.get(key) ?? []), result]);
          console.log(`round ${round + 1} ${key}: ${JSON.stringify(result)}`);
        }
      }
      for (const client of shared ? ["iproto", "promise", "raw"] : []) {
        const result = measure(client, shared!.port, 1);
        oneCpu.set(client, [...(oneCpu.get(client) ?? []), result]);
        console.log(`round ${round + 1} ${client}@1, one CPU: ${JSON.stringify(result)}`);
      }
      for (const size of sweepSizes) {
        const result = measure("iproto", echo.port, 1024, { maxParallelPerServer: size, maxParallel: 4096 });
        sweep.set(size, [...(sweep.get(size) ?? []), result]);
        console.log(`round ${round + 1} sweep maxParallelPerServer=${size} @1024: ${JSON.stringify(result)}`);
      }
    }
  } finally {
    echo.stop();
    shared?.stop();
  }
  const timers = timerComparison();
  const table = (client: string, inFlight: number): Result => medianResult(cells.get(`${client}@${inFlight}`) ?? []);
  // Ratios per round (the two clients ran back to back), then the median: steadier than a ratio of medians.
  const ratio = (a: string, b: string, inFlight: number, key: keyof Result): number => {
    const as = cells.get(`${a}@${inFlight}`) ?? [];
    const bs = cells.get(`${b}@${inFlight}`) ?? [];
    return median(as.map((r, i) => r[key] / (bs[i]?.[key] ?? Number.NaN)));
  };
  const goals = {
    throughput: ratio("iproto", "corked", 256, "rps"),
    throughputPlain: ratio("iproto", "promise", 256, "rps"),
    cpu: ratio("corked", "iproto", 256, "cpuNs"),
    latency: ratio("iproto", "raw", 1, "p50"),
    latencyOneCpu: oneCpu.size === 0 ? Number.NaN : median((oneCpu.get("iproto") ?? []).map((r, i) => r.p50 / (oneCpu.get("raw")?.[i]?.p50 ?? Number.NaN))),
    promiseOneCpu: oneCpu.size === 0 ? Number.NaN : median((oneCpu.get("promise") ?? []).map((r, i) => r.p50 / (oneCpu.get("raw")?.[i]?.p50 ?? Number.NaN))),
    perl: ratio("iproto", "perl", 256, "rps"),
  };
  const oneCpuTable = new Map([...oneCpu].map(([client, results]) => [client, medianResult(results)]));
  const markdown = render(table, goals, oneCpuTable, new Map([...sweep].map(([size, results]) => [size, medianResult(results)])), timers, echo.kind);
  console.log(`\n${markdown}`);
  if (WRITE_DOCS) writeSection(markdown);
}

function render(
  table: (client: string, inFlight: number) => Result,
  goals: { throughput: number; throughputPlain: number; cpu: number; latency: number; latencyOneCpu: number; promiseOneCpu: number; perl: number },
  oneCpu: Map<string, Result>,
  sweep: Map<number, Result>,
  timers: { queue: number; setTimeout: number },
  serverKind: string,
): string {
  const names: [string, string][] = [
    ["iproto", "IProtoClient (timeouts, retries, limits on)"],
    ["corked", "minimal promise client, corked per turn"],
    ["promise", "minimal promise client, write per request"],
    ["raw", "raw: callbacks, no promises"],
    ["perl", "Perl MR::IProto async (AnyEvent)"],
  ];
  const fmt = (n: number): string => n.toLocaleString("en");
  const lines: string[] = [];
  lines.push(`Loopback, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}; echo server: ${serverKind}${PIN ? "; server pinned to CPU 0, clients to CPU 1" : ""}.`);
  lines.push(`Median of ${ROUNDS} interleaved rounds, each ${MEASURE} ms after ${WARMUP} ms warm-up, one process per measurement; latency sampled on every 8th request.`);
  lines.push(`Latencies in microseconds. Generated by \`npx tsx bench/transport/run.ts\` on ${new Date().toISOString().slice(0, 10)}.`, "");
  lines.push("| client | in flight | requests/s | p50 µs | p99 µs | client CPU ns/request |", "|---|---:|---:|---:|---:|---:|");
  for (const inFlight of IN_FLIGHT) {
    for (const [key, name] of names) {
      const r = table(key, inFlight);
      lines.push(`| ${name} | ${inFlight} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.cpuNs)} |`);
    }
  }
  lines.push("", "Goals (median of per-round ratios, the clients compared having run back to back):", "");
  lines.push(`- 256 in flight, requests/s, IProtoClient / minimal promise client corked per turn: ${goals.throughput.toFixed(2)}× (goal ≥ 0.8×); / write per request: ${goals.throughputPlain.toFixed(2)}×`);
  lines.push(`- 256 in flight, CPU per request, minimal corked promise client / IProtoClient: ${goals.cpu.toFixed(2)}× (the same comparison by cost, steady when the machine is shared)`);
  lines.push(`- 1 in flight, p50, IProtoClient / raw: ${goals.latency.toFixed(2)}× (goal ≤ 1.15×)`);
  if (oneCpu.size > 0) {
    lines.push(`- 1 in flight, client and server on one CPU, p50, IProtoClient / raw: ${goals.latencyOneCpu.toFixed(2)}× (goal ≤ 1.1×); minimal promise client / raw: ${goals.promiseOneCpu.toFixed(2)}×`);
  }
  lines.push(`- 256 in flight, requests/s, IProtoClient / Perl MR::IProto: ${goals.perl.toFixed(0)}× (goal ≥ 50×)`);
  if (oneCpu.size > 0) {
    lines.push("", "1 in flight with the echo server and the client on the same CPU (CPU 1):", "");
    lines.push("| client | requests/s | p50 µs | p99 µs | client CPU ns/request |", "|---|---:|---:|---:|---:|");
    for (const [key, name] of names) {
      const r = oneCpu.get(key);
      if (r) lines.push(`| ${name} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.cpuNs)} |`);
    }
  }
  lines.push("", "Per-server `maxParallel` (1,024 requests offered at once, client limit raised to 4,096):", "");
  lines.push("| per-server maxParallel | requests/s | p50 µs | p99 µs | client CPU ns/request |", "|---:|---:|---:|---:|---:|");
  for (const [size, r] of sweep) lines.push(`| ${size} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.cpuNs)} |`);
  lines.push("", `Deadlines: 1,000,000 requests scheduled and settled — one TimerQueue: ${timers.queue.toFixed(0)} ms; a setTimeout + clearTimeout each: ${timers.setTimeout.toFixed(0)} ms.`);
  return lines.join("\n");
}

function writeSection(body: string): void {
  writeBenchSection("transport", "Transport", body);
  console.log("wrote the Transport section of docs/benchmarks.md");
}

await main();
