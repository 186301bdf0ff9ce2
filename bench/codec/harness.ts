/**
 * A small timing harness: every case is warmed up, then the cases run in interleaved rounds (so machine
 * noise hits all of them alike) and each reports the median of its rounds, in operations per second.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// A full collection before every timed round, so one case's garbage is not collected on another's clock
// (decoding 100 tuples allocates ~900 objects; without this the results swing by 2× between runs).
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

const sink: unknown[] = new Array(64);
let slot = 0;

export interface Case {
  readonly name: string;
  readonly run: () => unknown;
}

function timeFor(run: () => unknown, ms: number): number {
  collect();
  const budget = BigInt(Math.round(ms * 1e6));
  const start = process.hrtime.bigint();
  let ops = 0;
  let batch = 16;
  for (;;) {
    for (let i = 0; i < batch; i++) sink[slot++ & 63] = run();
    ops += batch;
    const elapsed = process.hrtime.bigint() - start;
    if (elapsed >= budget) return (ops * 1e9) / Number(elapsed);
    if (batch < 4096) batch *= 2;
  }
}

export function measure(cases: readonly Case[], { rounds = 9, roundMs = 60, warmupMs = 250 } = {}): Map<string, number> {
  for (const c of cases) timeFor(c.run, warmupMs);
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(k + r) % cases.length]!;
      samples.get(c.name)!.push(timeFor(c.run, roundMs));
    }
  }
  const out = new Map<string, number>();
  for (const [name, s] of samples) {
    s.sort((a, b) => a - b);
    out.set(name, s[Math.floor(s.length / 2)]!);
  }
  return out;
}
