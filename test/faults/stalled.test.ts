import { expect, it } from "vitest";
import { IProtoClient, IProtoError } from "../../runtime/index.js";
import { leakCheck } from "../client/support.js";
import { Backend, IdRequest, Ledger } from "./harness.js";
import { FaultProxy } from "./proxy.js";

it("100,000 requests against a server that stops reading: bounded queues and memory, typed rejections", async () => {
  const leaks = leakCheck();
  const backend = await new Backend().start();
  const proxy = await new FaultProxy({ port: backend.port }).listen();
  proxy.up.stall = true;
  const client = new IProtoClient({ servers: proxy.address, timeout: 500 });
  const ledger = new Ledger();
  const rssBefore = process.memoryUsage().rss;
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
  const results = await Promise.all(outcomes);
  const rssGrowth = process.memoryUsage().rss - rssBefore;
  expect(peakInFlight).toBeLessThanOrEqual(1000);
  expect(peakQueued).toBeLessThanOrEqual(10_000);
  const codes = new Map<string, number>();
  for (const result of results) {
    expect(result).toBeInstanceOf(IProtoError);
    const code = (result as IProtoError).code;
    codes.set(code, (codes.get(code) ?? 0) + 1);
  }
  expect([...codes.keys()].sort()).toEqual(["EQUEUEFULL", "ETIMEDOUT"]);
  expect((codes.get("EQUEUEFULL") ?? 0) + (codes.get("ETIMEDOUT") ?? 0)).toBe(100_000);
  expect(codes.get("ETIMEDOUT")).toBeGreaterThanOrEqual(11_000);
  // What is held is bounded by the limits, not by the 100,000 sends (the results array itself aside).
  expect(rssGrowth).toBeLessThan(300 * 1024 * 1024);
  const stats = client.stats();
  expect(stats).toMatchObject({ inFlight: 0, queued: 0 });
  expect(stats.servers[0]?.sent).toBeLessThanOrEqual(stats.servers[0]?.timeouts ?? 0);
  await ledger.verify([backend]);
  await client.close();
  await proxy.close();
  await backend.server.close();
  await leaks.check();
});
