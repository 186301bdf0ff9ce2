/**
 * `mayHaveExecuted` is exact: a request that failed with `mayHaveExecuted: false` never reached a server.
 * Every request carries a unique id and every backend records the ids it received, so each failure is
 * checked against what the servers actually saw — under every fault class and at several queue depths,
 * with retries, aborts and forced closes. No non-retryable request may be received twice (Ledger).
 * The default run is a few thousand requests per fault class; SOAK=1 runs ten times as many.
 */
import { afterEach, describe, expect, it } from "vitest";
import { IProtoClient, IProtoError } from "../../runtime/index.js";
import { leakCheck, sleep } from "../client/support.js";
import { Backend, IdRequest, Ledger } from "./harness.js";
import { FaultProxy } from "./proxy.js";
import { seeded } from "../support/seeded.js";

const ROUNDS = process.env.SOAK ? 10 : 1;
const PER_CASE = 700;


type Fault = "silent" | "slow" | "reset" | "truncate" | "stall" | "abort" | "force-close";
const FAULTS: readonly Fault[] = ["silent", "slow", "reset", "truncate", "stall", "abort", "force-close"];
const DEPTHS = [1, 8, 256] as const;

describe("mayHaveExecuted is exact", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0)) await step();
  });

  for (const fault of FAULTS) {
    it(`${fault}: no failure that says "not executed" reached a server, at queue depths ${DEPTHS.join(", ")}`, { timeout: 120_000 }, async () => {
      const leaks = leakCheck();
      let checked = 0;
      let falseOnes = 0;
      for (let round = 0; round < ROUNDS; round++) {
        for (const depth of DEPTHS) {
          const rand = seeded(round * 1000 + depth * 7 + FAULTS.indexOf(fault));
          const result = await runCase(fault, depth, rand, cleanup);
          checked += result.failures;
          falseOnes += result.notExecuted;
        }
      }
      // The fault must actually have produced failures of both kinds to check, or the test proves nothing.
      expect(checked).toBeGreaterThan(0);
      if (fault !== "force-close") expect(falseOnes).toBeGreaterThan(0);
      await leaks.check();
    });
  }
});

async function runCase(
  fault: Fault,
  depth: number,
  rand: () => number,
  cleanup: (() => Promise<void>)[],
): Promise<{ failures: number; notExecuted: number }> {
  const backends = await Promise.all([new Backend().start(), new Backend().start()]);
  const proxies = await Promise.all(backends.map((b) => new FaultProxy({ port: b.port }).listen()));
  const client = new IProtoClient({
    servers: proxies.map((p) => p.address).join(","),
    maxParallelPerServer: depth,
    maxParallel: Math.max(2 * depth, 16),
    maxQueued: 100_000,
    maxRequestRetries: 2,
    retryDelay: 1,
    reconnectDelay: 5,
    reconnectDelayMax: 20,
    connectTimeout: 2000,
  });
  let closed = false;
  const closeAll = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await client.close({ force: true });
    await Promise.all(proxies.map((p) => p.close()));
    await Promise.all(backends.map((b) => b.kill()));
  };
  cleanup.push(closeAll);

  if (fault === "silent") for (const p of proxies) p.down.drop = true;
  if (fault === "stall") proxies[0]!.up.stall = true;
  if (fault === "truncate") proxies[1]!.down.truncateAfter = 20 * 40;

  const ledger = new Ledger();
  const failures: { id: number; error: IProtoError }[] = [];
  const sends: Promise<unknown>[] = [];
  const timers: NodeJS.Timeout[] = [];
  for (let i = 0; i < PER_CASE; i++) {
    const id = i + 1;
    const retry = rand() < 0.5;
    // Some replies come after the deadline, some before it; deadlines expire while queued and in flight.
    const delay = fault === "slow" ? Math.floor(rand() * 40) : 0;
    const timeout = 5 + Math.floor(rand() * 60);
    const controller = fault === "abort" ? new AbortController() : undefined;
    if (controller !== undefined) timers.push(setTimeout(() => controller.abort(), Math.floor(rand() * 30)));
    const request = new IdRequest(id, retry, delay, timeout);
    const sent = ledger.track(request, client.send(request, controller ? { signal: controller.signal } : undefined));
    sends.push(sent.catch((error: unknown) => {
      expect(error).toBeInstanceOf(IProtoError);
      failures.push({ id, error: error as IProtoError });
    }));
    // Bursts of sends within one turn and across turns: deadlines land in the same batch as later sends.
    if (rand() < 0.05) await sleep(rand() < 0.5 ? 0 : 2);
  }
  if (fault === "reset") {
    for (let k = 0; k < 4; k++) {
      await sleep(5 + Math.floor(rand() * 10));
      proxies[Math.floor(rand() * 2)]!.reset();
    }
  }
  if (fault === "force-close") {
    await sleep(Math.floor(rand() * 10));
    await client.close({ force: true });
  }
  await Promise.all(sends);
  for (const timer of timers) clearTimeout(timer);

  // Bytes handed to a socket may still be on their way through the proxy: let them land.
  for (const p of proxies) {
    p.up.stall = false;
    p.wake();
  }
  await settleReceipts(backends);
  await Promise.all(backends.map((b) => b.idle()));

  let notExecuted = 0;
  for (const { id, error } of failures) {
    if (error.mayHaveExecuted !== false) continue;
    notExecuted++;
    const receipts = backends.reduce((sum, b) => sum + (b.receipts.get(id) ?? 0), 0);
    expect(receipts, `request ${id} failed with ${error.code}, mayHaveExecuted false, yet a server received it`).toBe(0);
  }
  await ledger.verify(backends, 2);
  await closeAll();
  cleanup.splice(cleanup.indexOf(closeAll), 1);
  return { failures: failures.length, notExecuted };
}

/** Waits until the backends' receipts stop changing for a while. */
async function settleReceipts(backends: readonly Backend[]): Promise<void> {
  const total = (): number => backends.reduce((sum, b) => sum + [...b.receipts.values()].reduce((a, c) => a + c, 0), 0);
  let last = -1;
  for (let quiet = 0; quiet < 4; ) {
    await sleep(25);
    const now = total();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
}
