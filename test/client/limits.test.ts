import { describe, expect, it } from "vitest";
import { IProtoClient, QueueFullError } from "../../runtime/index.js";
import { leakCheck, SettleTracker, sleep, startServer, U32Request } from "./support.js";

/** A server that answers after `delay` ms and records how many requests it held at once. */
async function slowServer(delay: number, state = { concurrent: 0, peak: 0, seen: 0 }) {
  const started = await startServer(async (_msg, body) => {
    state.seen++;
    state.concurrent++;
    state.peak = Math.max(state.peak, state.concurrent);
    await sleep(delay);
    state.concurrent--;
    return body;
  });
  return { ...started, state };
}

describe("limits", () => {
  it("holds at most the per-server maxParallel in flight; the rest queue and all complete", async () => {
    const leaks = leakCheck();
    const server = await slowServer(10);
    const client = new IProtoClient({ servers: [{ host: "127.0.0.1", port: server.port, maxParallel: 4 }] });
    const tracker = new SettleTracker();
    for (let i = 0; i < 40; i++) tracker.track(client.send(new U32Request(1, [i])));
    expect(client.stats()).toMatchObject({ inFlight: 40, queued: 36, servers: [{ inFlight: 4, queued: 36 }] });
    await tracker.allSettledOnce();
    expect(tracker.values()).toEqual(Array.from({ length: 40 }, (_, i) => [i]));
    expect(server.state.peak).toBe(4);
    await client.close();
    await server.server.close();
    await leaks.check();
  });

  it("holds at most the client maxParallel across servers", async () => {
    const leaks = leakCheck();
    const both = { concurrent: 0, peak: 0, seen: 0 };
    const a = await slowServer(10, both);
    const b = await slowServer(10, both);
    const client = new IProtoClient({ servers: `${a.address},${b.address}`, maxParallel: 6 });
    const tracker = new SettleTracker();
    for (let i = 0; i < 60; i++) tracker.track(client.send(new U32Request(1, [i])));
    expect(client.stats()).toMatchObject({ inFlight: 6, queued: 54 });
    await tracker.allSettledOnce();
    expect(both.peak).toBe(6);
    expect(both.seen).toBe(60);
    await client.close();
    await Promise.all([a.server.close(), b.server.close()]);
    await leaks.check();
  });

  it("rejects at once with EQUEUEFULL when the queue is full", async () => {
    const leaks = leakCheck();
    const server = await slowServer(20);
    const client = new IProtoClient({ servers: server.address, maxParallel: 2, maxQueued: 10 });
    const tracker = new SettleTracker();
    for (let i = 0; i < 100; i++) tracker.track(client.send(new U32Request(1, [i])));
    await Promise.resolve();
    await Promise.resolve();
    // The 88 over the limit are already rejected, before any reply could arrive.
    expect(tracker.errors()).toHaveLength(88);
    expect(tracker.errors().every((e) => e instanceof QueueFullError && e.code === "EQUEUEFULL" && e.mayHaveExecuted === false)).toBe(true);
    await tracker.allSettledOnce();
    expect(tracker.values()).toHaveLength(12);
    await client.close();
    await server.server.close();
    await leaks.check();
  });

  it("counts queued time against the timeout", async () => {
    const leaks = leakCheck();
    const server = await slowServer(150);
    const client = new IProtoClient({ servers: [{ host: "127.0.0.1", port: server.port, maxParallel: 1 }], timeout: 250 });
    const started = performance.now();
    const first = client.send(new U32Request(1, [1]));
    const second = client.send(new U32Request(1, [2])).catch((e: unknown) => e);
    const queuedOnly = client.send(new U32Request(1, [3]), { timeout: 50 }).catch((e: unknown) => e);
    await expect(first).resolves.toEqual([1]);
    expect(await queuedOnly).toMatchObject({ code: "ETIMEDOUT", mayHaveExecuted: false });
    expect(await second).toMatchObject({ code: "ETIMEDOUT", mayHaveExecuted: true });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(245);
    expect(elapsed).toBeLessThan(1000);
    while (server.state.concurrent > 0) await sleep(5);
    await client.close({ force: true });
    await server.server.close();
    await leaks.check();
  });
});
