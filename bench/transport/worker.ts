/**
 * One measurement, in its own process: `worker.ts <client> <port> <inFlight> <warmupMs> <measureMs> [optionsJson]`.
 * Closed loop: `inFlight` workers each send, wait for the reply, send again. Prints one JSON line:
 * { rps, p50, p99, cpuNs } (latencies in microseconds; cpuNs: client CPU time per request, which stays
 * meaningful when other processes compete for the machine).
 */
import { IProtoClient, type IProtoClientOptions } from "../../runtime/index.js";
import { CorkedPromiseClient, MinimalPromiseClient, RawCallbackClient } from "./baselines.js";
import { BenchRequest, BODY } from "./request.js";

const [kind = "iproto", portText = "0", inFlightText = "1", warmupText = "500", measureText = "2000", optionsJson = "{}"] = process.argv.slice(2);
const port = Number(portText);
const inFlight = Number(inFlightText);
/** Read once: the global is an accessor in Node 20. */
const clock = performance;
/**
 * Latency is sampled on every 8th request (the same in perl-client.pl): two clock readings per request
 * cost ~70 ns, a sixth of what a client spends per request at 256 in flight, and would be measured as
 * the client's. Thousands of samples remain per measurement.
 */
const SAMPLE_MASK = 7;
let started = 0;
/** A start time for a sampled request, -1 for the others. */
function startTime(): number {
  return (++started & SAMPLE_MASK) === 0 ? clock.now() : -1;
}
const latencies = new Float64Array(8_000_000);
let samples = 0;
let count = 0;
let measuring = false;
let running = true;

function record(startedAt: number): void {
  if (!measuring) return;
  count++;
  if (startedAt >= 0 && samples < latencies.length) latencies[samples++] = clock.now() - startedAt;
}

async function promiseLoops(send: () => Promise<unknown>): Promise<void> {
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (running) {
        const startedAt = startTime();
        await send();
        record(startedAt);
      }
    }),
  );
}

function rawLoops(client: RawCallbackClient): Promise<void> {
  return new Promise((resolve) => {
    let active = inFlight;
    const loop = (): void => {
      if (!running) {
        if (--active === 0) resolve();
        return;
      }
      const startedAt = startTime();
      client.send(17, BODY, () => {
        record(startedAt);
        loop();
      });
    };
    for (let i = 0; i < inFlight; i++) loop();
  });
}

async function run(): Promise<void> {
  let loops: Promise<void>;
  let close: () => Promise<void> | void;
  if (kind === "iproto") {
    const options = JSON.parse(optionsJson) as Partial<IProtoClientOptions>;
    const client = new IProtoClient({ servers: `127.0.0.1:${port}`, ...options });
    const request = new BenchRequest();
    await client.send(request);
    loops = promiseLoops(() => client.send(request));
    close = () => client.close();
  } else if (kind === "promise" || kind === "corked") {
    const client = kind === "promise" ? new MinimalPromiseClient(port) : new CorkedPromiseClient(port);
    await client.ready();
    loops = promiseLoops(() => client.send(17, BODY));
    close = () => client.close();
  } else {
    const client = new RawCallbackClient(port);
    await client.ready();
    loops = rawLoops(client);
    close = () => client.close();
  }
  await new Promise((resolve) => setTimeout(resolve, Number(warmupText)));
  measuring = true;
  const started = clock.now();
  const cpuBefore = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, Number(measureText)));
  measuring = false;
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (clock.now() - started) / 1000;
  running = false;
  await loops;
  await close();
  const sorted = latencies.subarray(0, samples).sort();
  const at = (q: number): number => Math.round((sorted[Math.min(samples - 1, Math.floor(q * samples))] ?? 0) * 10_000) / 10;
  process.stdout.write(`${JSON.stringify({ rps: Math.round(count / seconds), p50: at(0.5), p99: at(0.99), cpuNs: Math.round(((cpu.user + cpu.system) * 1000) / count) })}\n`);
}

await run();
