import v8 from "node:v8";
import vm from "node:vm";
import { expect, it } from "vitest";
import { IProtoClient, IProtoError } from "../../runtime/index.js";
import { leakCheck } from "../client/support.js";
import { Backend, IdRequest, Ledger } from "./harness.js";
import { FaultProxy } from "./proxy.js";

/** Sends 100,000 requests in bursts; returns only a summary, so that nothing of them outlives the call. */
async function storm(client: IProtoClient, backend: Backend) {
  const ledger = new Ledger();
  let peakInFlight = 0;
  let peakQueued = 0;
  const outcomes: Promise<unknown>[] = [];
  // In bursts, so that queues are refilled while earlier requests wait.
  for (let burst = 0; burst < 10; burst++) {
    for (let i = 0; i < 10_000; i++) {
      const request = new IdRequest(burst * 10_000 + i + 1, i % 2 === 0);
      outcomes.push(ledger.track(request, client.send(request)).catch((e: unknown) => e));
    }
    const { inFlight, queued } = client.stats();
    peakInFlight = Math.max(peakInFlight, inFlight);
    peakQueued = Math.max(peakQueued, queued);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const codes = new Map<string, number>();
  let untyped = 0;
  for (const result of await Promise.all(outcomes)) {
    if (result instanceof IProtoError) codes.set(result.code, (codes.get(result.code) ?? 0) + 1);
    else untyped++;
  }
  await ledger.verify([backend]);
  return { peakInFlight, peakQueued, codes: Object.fromEntries(codes), untyped };
}

it("100,000 requests against a server that stops reading: bounded queues and memory, typed rejections", async () => {
  const leaks = leakCheck();
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  const backend = await new Backend().start();
  const proxy = await new FaultProxy({ port: backend.port }).listen();
  proxy.up.stall = true;
  const client = new IProtoClient({ servers: proxy.address, timeout: 500 });
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  const summary = await storm(client, backend);
  const rssGrowth = process.memoryUsage().rss - rssBefore;
  gc();
  const heapRetained = process.memoryUsage().heapUsed - heapBefore;
  console.log(
    `stalled server: ${JSON.stringify(summary)}, frames written ${client.stats().servers[0]?.sent}, ` +
      `rss growth ${(rssGrowth / 1048576).toFixed(0)} MiB (the test holds every outcome), retained after ${(heapRetained / 1048576).toFixed(1)} MiB`,
  );
  expect(summary.peakInFlight).toBeLessThanOrEqual(1000);
  expect(summary.peakQueued).toBeLessThanOrEqual(10_000);
  expect(summary.untyped).toBe(0);
  expect(Object.keys(summary.codes).sort()).toEqual(["EQUEUEFULL", "ETIMEDOUT"]);
  expect((summary.codes.EQUEUEFULL ?? 0) + (summary.codes.ETIMEDOUT ?? 0)).toBe(100_000);
  expect(summary.codes.ETIMEDOUT).toBeGreaterThanOrEqual(11_000);
  // Nothing of the 100,000 requests stays with the client once they settled.
  expect(heapRetained).toBeLessThan(8 * 1024 * 1024);
  const stats = client.stats();
  expect(stats).toMatchObject({ inFlight: 0, queued: 0 });
  expect(stats.servers[0]?.sent).toBeLessThanOrEqual(stats.servers[0]?.timeouts ?? 0);
  await client.close();
  await proxy.close();
  await backend.server.close();
  await leaks.check();
});
