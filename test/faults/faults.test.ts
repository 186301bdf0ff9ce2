import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IProtoClient, IProtoError, type IProtoClientOptions } from "../../runtime/index.js";
import { frame, leakCheck, sleep } from "../client/support.js";
import { Backend, IdRequest, Ledger } from "./harness.js";
import { FaultProxy } from "./proxy.js";

/** Round-robin with random() = 0 walks the servers in list order. */
const inOrder = (): number => 0;

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await sleep(5);
  expect(condition()).toBe(true);
}

describe("fault injection", () => {
  let leaks: ReturnType<typeof leakCheck>;
  let backends: Backend[];
  let proxies: FaultProxy[];
  let client: IProtoClient;
  let ledger: Ledger;
  let nextId: number;

  /**
   * `count` backends, each behind a fault proxy unless `direct` (a killed server must refuse connects,
   * which a proxy in front would hide by accepting them).
   */
  async function setup(count: number, options: Partial<IProtoClientOptions> = {}, direct = false): Promise<void> {
    backends = await Promise.all(Array.from({ length: count }, () => new Backend().start()));
    if (!direct) proxies = await Promise.all(backends.map((b) => new FaultProxy({ port: b.port }).listen()));
    const addresses = direct ? backends.map((b) => b.address) : proxies.map((p) => p.address);
    client = new IProtoClient({ servers: addresses.join(","), random: inOrder, reconnectDelay: 20, reconnectDelayMax: 100, ...options });
  }

  /** Requests alternate between two servers; every other one to each is retryable. */
  const mixed = (i: number): boolean => i % 4 === 0;

  function send(retry: boolean, delay = 0, timeout?: number): Promise<{ id: number }> {
    const request = new IdRequest(nextId++, retry, delay, timeout);
    return ledger.track(request, client.send(request));
  }

  beforeEach(() => {
    leaks = leakCheck();
    ledger = new Ledger();
    nextId = 1;
    backends = [];
    proxies = [];
  });

  afterEach(async () => {
    await ledger.verify(backends);
    await client.close();
    await Promise.all(proxies.map((p) => p.close()));
    await Promise.all(backends.map(async (b) => (await b.idle(), b.server.close())));
    await leaks.check();
  });

  it("a server killed with requests in flight: retryable ones move, the others fail as possibly executed", async () => {
    // Replies come after 3 s, and the kill comes as soon as the first server holds its 100 requests: no
    // reply can beat the kill however slow the machine is (a fixed 30 ms wait lost that race under load).
    await setup(2, { timeout: 30_000 }, true);
    const results = Array.from({ length: 200 }, (_, i) => send(mixed(i), 3000).catch((e: unknown) => e));
    await until(() => backends[0]?.receipts.size === 100, 20_000);
    await backends[0]?.kill();
    const outcomes = await Promise.all(results);
    outcomes.forEach((outcome, i) => {
      if (i % 4 === 2) {
        // Non-retryable, on the killed server: failed, saying it may have run.
        expect(outcome).toBeInstanceOf(IProtoError);
        expect(["ECONNCLOSED", "ECONNRESET"]).toContain((outcome as IProtoError).code);
        expect(outcome).toMatchObject({ mayHaveExecuted: true, tries: 1 });
      } else expect(outcome).toEqual({ id: i + 1 });
    });
    expect(client.stats().servers[0]?.up).toBe(false);
    expect(client.stats().servers[0]?.retries).toBe(50);
  });

  it("a connection reset: unanswered non-retryable requests fail with ECONNRESET", async () => {
    await setup(2);
    proxies[0]!.down.drop = true;
    const results = Array.from({ length: 20 }, (_, i) => send(mixed(i)).catch((e: unknown) => e));
    await sleep(30);
    proxies[0]!.reset();
    proxies[0]!.down.drop = false;
    const outcomes = await Promise.all(results);
    const errors = outcomes.filter((o): o is IProtoError => o instanceof IProtoError);
    expect(errors.length).toBe(5);
    expect(errors.every((e) => e.code === "ECONNRESET" && e.mayHaveExecuted === true && e.tries === 1)).toBe(true);
  });

  it("a server that accepts but never answers: timeouts fire on time, other servers unaffected", async () => {
    await setup(2, { timeout: 200 });
    proxies[0]!.down.drop = true;
    const started = performance.now();
    const timings: number[] = [];
    const results = Array.from({ length: 20 }, (_, i) =>
      send(false).then(
        (r) => (timings[i] = performance.now() - started, r),
        (e: unknown) => (timings[i] = performance.now() - started, e),
      ),
    );
    const outcomes = await Promise.all(results);
    outcomes.forEach((outcome, i) => {
      if (i % 2 === 0) {
        expect(outcome).toMatchObject({ code: "ETIMEDOUT", mayHaveExecuted: true });
        expect(timings[i]).toBeGreaterThanOrEqual(195);
        expect(timings[i]).toBeLessThan(900);
      } else {
        expect(outcome).toEqual({ id: i + 1 });
        expect(timings[i]).toBeLessThan(195);
      }
    });
    expect(client.stats().servers[0]).toMatchObject({ timeouts: 10, up: true });
  });

  it("a server answering one byte a second: the deadline fires on time regardless", async () => {
    await setup(1, { timeout: 300 });
    proxies[0]!.down.split = true;
    proxies[0]!.down.byteInterval = 1000;
    const started = performance.now();
    const error = await send(false).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ETIMEDOUT" });
    expect(performance.now() - started).toBeLessThan(1500);
    await proxies[0]!.drop();
  });

  it("replies split at every byte boundary, and many replies in one chunk", async () => {
    await setup(1);
    proxies[0]!.down.split = true;
    const split = await Promise.all(Array.from({ length: 30 }, () => send(false)));
    expect(split.map((r) => r.id)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    proxies[0]!.down.split = false;
    proxies[0]!.down.coalesceMs = 30;
    const joined = await Promise.all(Array.from({ length: 300 }, () => send(false)));
    expect(joined).toHaveLength(300);
    expect(client.stats().servers[0]).toMatchObject({ received: 330, unknownReplies: 0 });
  });

  it("a corrupt length (0xFFFFFFFF) fails the connection (EPROTO); retryable requests move; the server comes back", async () => {
    await setup(2);
    proxies[0]!.down.delay = 20;
    const results = Array.from({ length: 20 }, (_, i) => send(mixed(i)).catch((e: unknown) => e));
    proxies[0]!.down.corruptLength = true;
    const outcomes = await Promise.all(results);
    outcomes.forEach((outcome, i) => {
      if (i % 4 === 2) expect(outcome).toMatchObject({ code: "EPROTO", mayHaveExecuted: true, tries: 1 });
      else expect(outcome).toEqual({ id: i + 1 });
    });
    // Reconnected, then back in full once it answers a request.
    await until(() => client.stats().servers[0]?.probing === true);
    proxies[0]!.down.corruptLength = false;
    await Promise.all(Array.from({ length: 4 }, () => send(false)));
    expect(client.stats().servers[0]).toMatchObject({ up: true, probing: false });
  });

  it("a truncated frame followed by close: unanswered requests fail, none gets a partial reply", async () => {
    await setup(1);
    proxies[0]!.down.truncateAfter = 12 + 8 + 5;
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => send(false).catch((e: unknown) => e)));
    expect(outcomes[0]).toEqual({ id: 1 });
    for (const outcome of outcomes.slice(1)) expect(outcome).toMatchObject({ code: "ECONNCLOSED", mayHaveExecuted: true });
  });

  it("unknown and duplicate syncs are dropped and counted", async () => {
    await setup(1, { timeout: 150 });
    proxies[0]!.down.duplicate = true;
    const good = await Promise.all(Array.from({ length: 10 }, () => send(false)));
    expect(good).toHaveLength(10);
    await until(() => client.stats().servers[0]?.unknownReplies === 10);
    proxies[0]!.down.duplicate = false;
    proxies[0]!.down.unknownSync = true;
    const lost = await Promise.all(Array.from({ length: 3 }, () => send(false).catch((e: unknown) => e)));
    expect(lost.every((e) => e instanceof IProtoError && e.code === "ETIMEDOUT")).toBe(true);
    proxies[0]!.inject(frame(7, 0xabcdef, new Uint8Array(8)));
    await until(() => client.stats().servers[0]?.unknownReplies === 14);
    expect(client.stats().servers[0]).toMatchObject({ received: 10, timeouts: 3, up: true, connected: true });
  });

  it("a server restart: the client recovers with no restart of its own", async () => {
    await setup(1, {}, true);
    expect(await send(false)).toEqual({ id: 1 });
    await backends[0]?.kill();
    await until(() => client.stats().servers[0]?.connected === false);
    const during = await send(true).catch((e: unknown) => e);
    expect(during).toBeInstanceOf(IProtoError);
    await backends[0]?.start();
    await until(() => client.stats().servers[0]?.probing === true);
    expect(await send(false)).toEqual({ id: 3 });
    expect(client.stats().servers[0]).toMatchObject({ up: true, probing: false });
  });

  it("all servers down, then back", async () => {
    await setup(3, {}, true);
    await Promise.all(backends.map((b) => b.kill()));
    const down = await Promise.all(Array.from({ length: 30 }, (_, i) => send(i % 2 === 0).catch((e: unknown) => e)));
    expect(down.every((e) => e instanceof IProtoError && ["ECONNREFUSED", "ENOSERVERS"].includes(e.code) && e.mayHaveExecuted === false)).toBe(true);
    expect(client.stats().servers.every((s) => !s.up)).toBe(true);
    await Promise.all(backends.map((b) => b.start()));
    await until(() => client.stats().servers.every((s) => s.probing));
    const back = await Promise.all(Array.from({ length: 30 }, () => send(false)));
    expect(back).toHaveLength(30);
    expect(client.stats().servers.every((s) => s.up && !s.probing)).toBe(true);
  });
});
