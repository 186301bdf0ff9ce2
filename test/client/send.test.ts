import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import {
  ArgumentError,
  ClientClosedError,
  IProtoClient,
  IProtoError,
  type BulkResult,
  type IProtoClientOptions,
  type IProtoSender,
  type PackValue,
  type SendOptions,
} from "../../runtime/index.js";
import { leakCheck, sleep, startServer, u32Body, U32Request } from "./support.js";

/** Echo, except: msg 99 never answers, msg 98 answers after the u32 in the body (ms), msg 97 throws. */
async function echoServer() {
  return startServer(async (msg, body) => {
    if (msg === 99) return undefined;
    if (msg === 98) {
      await sleep(Buffer.from(body).readUInt32LE(0));
      return body;
    }
    if (msg === 97) throw new Error("handler failure");
    return body;
  });
}

describe("IProtoClient.send", () => {
  let leaks: ReturnType<typeof leakCheck>;
  let server: Awaited<ReturnType<typeof echoServer>>;
  let client: IProtoClient;

  beforeEach(async () => {
    leaks = leakCheck();
    server = await echoServer();
    client = new IProtoClient({ servers: server.address });
  });

  afterEach(async () => {
    await client.close({ force: true });
    await server.server.close();
    await leaks.check();
  });

  it("sends a typed request and resolves with its typed response", async () => {
    const response = await client.send(new U32Request(17, [1, 2, 0xffffffff]));
    expectTypeOf(response).toEqualTypeOf<number[]>();
    expect(response).toEqual([1, 2, 0xffffffff]);
  });

  it("is an IProtoSender for generated service clients", () => {
    expectTypeOf(client).toMatchTypeOf<IProtoSender<SendOptions>>();
  });

  it("sends raw forms: bytes with an unpack function, arrays with pack/unpack templates", async () => {
    const hex = await client.send({ msg: 17, data: Uint8Array.of(1, 2, 3), unpack: (body: Uint8Array) => Buffer.from(body).toString("hex") });
    expect(hex).toBe("010203");
    const values = await client.send({ msg: 17, data: [1, 2, 3], pack: "L*", unpack: "L*" });
    expectTypeOf(values).toEqualTypeOf<PackValue[]>();
    expectTypeOf(hex).toEqualTypeOf<string>();
    expect(values).toEqual([1, 2, 3]);
    const bulk = await client.sendBulk([{ msg: 17, data: [4], unpack: "L" }, { msg: 17, data: [5], noReply: true }] as const);
    expectTypeOf(bulk[0]).toEqualTypeOf<BulkResult<PackValue[]>>();
    expectTypeOf(bulk[1]).toEqualTypeOf<BulkResult<undefined>>();
    expect(bulk[0]).toEqual({ response: [4] });
    // Perl's default pack template for an array is L*.
    expect(await client.send({ msg: 17, data: [7], unpack: "L*" })).toEqual([7]);
    expect(await client.send({ msg: 17, data: ["abc", 513, 7], pack: "C/a* n L<", unpack: "C/a* n L<" })).toEqual([Uint8Array.of(97, 98, 99), 513, 7]);
  });

  it("delivers through a callback (error first), never before send returns", async () => {
    const results: unknown[] = [];
    await new Promise<void>((resolve) => {
      client.send(new U32Request(17, [5]), (error, response) => {
        results.push([error, response]);
        resolve();
      });
    });
    await new Promise<void>((resolve) => {
      client.send({ msg: 17 } as never, (error) => {
        results.push(error instanceof IProtoError ? error.code : error);
        resolve();
      });
      results.push("returned");
    });
    expect(results).toEqual([[null, [5]], "returned", "EINVAL"]);
  });

  it("resolves a noReply request once handed to the socket, with undefined", async () => {
    const seen: number[] = [];
    await server.server.close();
    server = await startServer((msg) => {
      seen.push(msg);
      return undefined;
    });
    await client.close();
    client = new IProtoClient({ servers: server.address });
    await expect(client.send({ msg: 5, data: u32Body(1), noReply: true })).resolves.toBeUndefined();
    await expect(client.send(new U32Request(6, [], { noReply: true }))).resolves.toBeUndefined();
    for (let i = 0; i < 100 && seen.length < 2; i++) await sleep(5);
    expect(seen).toEqual([5, 6]);
  });

  it("rejects malformed messages and per-call options with ArgumentError (EINVAL), without sending", async () => {
    const argumentError = (message?: RegExp) => ({ name: "ArgumentError", code: "EINVAL", ...(message ? { message: expect.stringMatching(message) } : {}) });
    await expect(client.send({ msg: 17 } as never)).rejects.toMatchObject(argumentError(/^unpack or noReply must be specified$/));
    await expect(client.send({ msg: -1, unpack: "L*" })).rejects.toMatchObject(argumentError());
    await expect(client.send(null as never)).rejects.toMatchObject(argumentError(/must be an object/));
    for (const timeout of [0, -5, Number.NaN, "100" as never]) {
      await expect(client.send(new U32Request(17, []), { timeout })).rejects.toMatchObject(argumentError(/^bad timeout/));
    }
    // The message's own timeout is resolved and checked on the same path as the call's.
    await expect(client.send(new U32Request(17, [], { timeout: Number.NaN }))).rejects.toMatchObject(argumentError(/^bad timeout/));
    for (const maxRequestRetries of [0, 1.5]) {
      await expect(client.send(new U32Request(17, []), { maxRequestRetries })).rejects.toMatchObject(argumentError(/^bad maxRequestRetries/));
    }
    expect(client.stats().servers[0]?.sent).toBe(0);
  });

  it("times out one request alone; the connection serves the others; the late reply is dropped and counted", async () => {
    const started = performance.now();
    const slow = client.send(new U32Request(98, [300]), { timeout: 100 });
    const fast = client.send(new U32Request(17, [1]));
    await expect(fast).resolves.toEqual([1]);
    const error = await slow.catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toMatchObject({ name: "TimeoutError", code: "ETIMEDOUT", msg: 98, tries: 1, mayHaveExecuted: true, server: server.address });
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(600);
    await expect(client.send(new U32Request(17, [2]))).resolves.toEqual([2]);
    for (let i = 0; i < 100 && client.stats().servers[0]?.lateReplies === 0; i++) await sleep(5);
    expect(client.stats().servers[0]).toMatchObject({ lateReplies: 1, timeouts: 1, received: 2, connected: true, up: true });
  });

  it("uses the request's own timeout (schema default) when the send gives none", async () => {
    const error = await client.send(new U32Request(99, [], { timeout: 50 })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ETIMEDOUT", message: "request timed out after 50 ms" });
  });

  it("fails with ECANCELED when its AbortSignal fires, in flight or before", async () => {
    const controller = new AbortController();
    const pending = client.send(new U32Request(99, []), { signal: controller.signal });
    await sleep(20);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: "ECANCELED", mayHaveExecuted: true });
    await expect(client.send({ msg: 17, unpack: "L*", signal: controller.signal })).rejects.toMatchObject({ code: "ECANCELED", mayHaveExecuted: false, tries: 0 });
    await expect(client.send(new U32Request(17, [3]))).resolves.toEqual([3]);
  });

  it("graceful close lets pending requests finish and rejects new ones; force fails them", async () => {
    const pending = client.send(new U32Request(98, [50]));
    const closed = client.close();
    await expect(client.send(new U32Request(17, []))).rejects.toBeInstanceOf(ClientClosedError);
    await expect(pending).resolves.toEqual([50]);
    await closed;
    const other = new IProtoClient({ servers: server.address });
    const stuck = other.send(new U32Request(99, [])).catch((e: unknown) => e);
    await sleep(20);
    await other.close({ force: true });
    expect(await stuck).toMatchObject({ code: "ECANCELED", mayHaveExecuted: true });
  });

  it("a forced close also cancels requests with no deadline (timeout Infinity)", async () => {
    const forever = client.send(new U32Request(99, []), { timeout: Infinity }).catch((e: unknown) => e);
    await sleep(20);
    await client.close({ force: true });
    expect(await forever).toMatchObject({ code: "ECANCELED", mayHaveExecuted: true });
  });

  it("escalates a graceful close to a forced one", async () => {
    const stuck = client.send(new U32Request(99, []), { timeout: 60_000 }).catch((e: unknown) => e);
    const graceful = client.close();
    await sleep(20);
    const forced = client.close({ force: true });
    expect(await stuck).toMatchObject({ code: "ECANCELED" });
    await Promise.all([graceful, forced]);
  });
});

describe("IProtoClient.disconnectAll", () => {
  it("drops every client's connections: unanswered requests fail (retryable ones retry), servers stay up", async () => {
    const leaks = leakCheck();
    const server = await echoServer();
    const one = new IProtoClient({ servers: server.address });
    const two = new IProtoClient({ servers: server.address });
    await Promise.all([one.send(new U32Request(17, [])), two.send(new U32Request(17, []))]);
    const plain = one.send(new U32Request(98, [100])).catch((e: unknown) => e);
    const retryable = two.send(new U32Request(98, [100], { retry: true }));
    await sleep(20);
    IProtoClient.disconnectAll();
    expect(await plain).toMatchObject({ code: "ECONNCLOSED", mayHaveExecuted: true, tries: 1 });
    await expect(retryable).resolves.toEqual([100]);
    expect(one.stats().servers[0]).toMatchObject({ up: true });
    await expect(one.send(new U32Request(17, [4]))).resolves.toEqual([4]);
    expect(one.stats().servers[0]?.connects).toBe(2);
    await Promise.all([one.close(), two.close()]);
    await server.server.close();
    await leaks.check();
  });
});

describe("IProtoClient.sendBulk", () => {
  it("returns results in request order, errors in place, and never rejects", async () => {
    const leaks = leakCheck();
    const server = await startServer(async (msg, body) => {
      if (msg === 98) await sleep(Buffer.from(body).readUInt32LE(0));
      if (msg === 99) throw new Error("no");
      return body;
    });
    const client = new IProtoClient({ servers: server.address, timeout: 300 });
    const results = await client.sendBulk([
      new U32Request(98, [60]),
      { msg: 98, data: [20], unpack: "L*" },
      { msg: 17 } as never,
      new U32Request(99, [], { timeout: 50 }),
      new U32Request(98, [1]),
    ]);
    expect(results.map((r) => ("response" in r ? r.response : (r.error as IProtoError).code))).toEqual([[60], [20], "EINVAL", "ETIMEDOUT", [1]]);
    expect(await client.sendBulk([])).toEqual([]);
    // One signal for a whole bulk: every message is canceled, with one listener (no MaxListeners warning).
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning.name);
    process.on("warning", onWarning);
    const controller = new AbortController();
    const aborted = client.sendBulk(Array.from({ length: 20 }, () => new U32Request(98, [100])), { signal: controller.signal });
    await sleep(20);
    controller.abort();
    const canceled = await aborted;
    expect(canceled.every((r) => "error" in r && (r.error as IProtoError).code === "ECANCELED")).toBe(true);
    await sleep(120); // the server's handlers finish their sleeps
    process.off("warning", onWarning);
    expect(warnings).toEqual([]);
    await client.close();
    const afterClose = await client.sendBulk([new U32Request(17, [])]);
    expect(afterClose[0]).toMatchObject({ error: { code: "ECLOSED" } });
    await server.server.close();
    await leaks.check();
  });
});

describe("client options are validated up front", () => {
  it("refuses bad server lists and options with ArgumentError, before any connection", () => {
    const bad: IProtoClientOptions[] = [
      { servers: "h:1:2:3" },
      { servers: "h :1" },
      { servers: "h\u0007:1" },
      { servers: [{ host: "h\nx", port: 1 }] },
      { servers: [{ host: "h", port: 1.5 }] },
      { servers: "127.0.0.1:1", connectTimeout: Number.NaN },
      { servers: "127.0.0.1:1", connectTimeout: Infinity },
      { servers: "127.0.0.1:1", reconnectDelay: Infinity },
      { servers: "127.0.0.1:1", maxFrameSize: 5 },
      { servers: "127.0.0.1:1", maxFrameSize: 100.5 },
      { servers: "127.0.0.1:1", maxParallel: 2.5 },
      { servers: "127.0.0.1:1", maxQueued: -1 },
      { servers: "127.0.0.1:1", maxRequestRetries: 0 },
      { servers: "127.0.0.1:1", timeout: Number.NaN },
    ];
    for (const options of bad) {
      expect(() => new IProtoClient(options), JSON.stringify(options, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v))).toThrow(ArgumentError);
    }
    // What is valid stays valid: a deadline of Infinity (none), a frame of exactly a header, zero queue.
    const ok = new IProtoClient({ servers: " 127.0.0.1:1 , localhost-2.example_x:2:0 ", timeout: Infinity, maxFrameSize: 12, maxQueued: 0 });
    expect(ok.stats().servers.map((s) => s.address)).toEqual(["127.0.0.1:1", "localhost-2.example_x:2"]);
    return ok.close();
  });
});
