import diagnostics from "node:diagnostics_channel";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CHANNELS, IProtoClient, ServerError, type RequestRetryEvent } from "../../runtime/index.js";
import { deadPort, EnvelopeRequest, leakCheck, scriptedServer, startServer, u32Body, U32Request } from "./support.js";

/** Round-robin with random() = 0 takes the servers in list order: the first try goes to the first server. */
const firstFirst = (): number => 0;

describe("retries", () => {
  let leaks: ReturnType<typeof leakCheck>;
  const cleanup: (() => Promise<void>)[] = [];
  beforeEach(() => {
    leaks = leakCheck();
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
    await leaks.check();
  });

  async function killerAndEcho() {
    const killer = await scriptedServer((frame) => frame.socket.destroy());
    const echo = await startServer((_msg, body) => body);
    cleanup.push(() => killer.close(), () => echo.server.close());
    return { killer, echo };
  }

  it("re-sends a retryable request to another server after its connection failed", async () => {
    const { killer, echo } = await killerAndEcho();
    const client = new IProtoClient({ servers: `${killer.address},${echo.address}`, random: firstFirst });
    cleanup.push(() => client.close());
    const retries: RequestRetryEvent[] = [];
    const onRetry = (event: unknown): void => void retries.push(event as RequestRetryEvent);
    diagnostics.subscribe(CHANNELS.requestRetry, onRetry);
    try {
      await expect(client.send(new U32Request(3, [42], { retry: true }))).resolves.toEqual([42]);
    } finally {
      diagnostics.unsubscribe(CHANNELS.requestRetry, onRetry);
    }
    expect(killer.received).toHaveLength(1);
    expect(retries).toMatchObject([{ msg: 3, server: killer.address, tries: 1, error: { code: "ECONNCLOSED" } }]);
    const [a, b] = client.stats().servers;
    expect(a).toMatchObject({ errors: 1, retries: 1, up: false });
    expect(b).toMatchObject({ received: 1, errors: 0 });
  });

  it("never re-sends a non-retryable request that reached a server, and says it may have executed", async () => {
    const { killer, echo } = await killerAndEcho();
    const client = new IProtoClient({ servers: `${killer.address},${echo.address}`, random: firstFirst });
    cleanup.push(() => client.close());
    const error = await client.send(new U32Request(3, [42])).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ECONNCLOSED", server: killer.address, msg: 3, tries: 1, mayHaveExecuted: true });
    expect(killer.received).toHaveLength(1);
    expect(client.stats().servers[1]?.sent).toBe(0);
  });

  it("moves a request that never reached its server (connect refused) to another, even if not retryable", async () => {
    const dead = await deadPort();
    const echo = await startServer((_msg, body) => body);
    cleanup.push(() => echo.server.close());
    const client = new IProtoClient({ servers: `127.0.0.1:${dead},${echo.address}`, random: firstFirst, reconnectDelay: 60_000 });
    cleanup.push(() => client.close());
    await expect(client.send(new U32Request(3, [7]))).resolves.toEqual([7]);
    expect(client.stats().servers[0]).toMatchObject({ up: false, sent: 0, errors: 1 });
  });

  it("fails with the last error after maxRequestRetries tries", async () => {
    const k1 = await scriptedServer((frame) => frame.socket.destroy());
    const k2 = await scriptedServer((frame) => frame.socket.destroy());
    const k3 = await scriptedServer((frame) => frame.socket.destroy());
    cleanup.push(() => k1.close(), () => k2.close(), () => k3.close());
    const client = new IProtoClient({ servers: `${k1.address},${k2.address},${k3.address}`, maxRequestRetries: 2, reconnectDelay: 60_000 });
    cleanup.push(() => client.close());
    const error = await client.send(new U32Request(3, [1], { retry: true })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ECONNCLOSED", tries: 2, mayHaveExecuted: true });
    expect(k1.received.length + k2.received.length + k3.received.length).toBe(2);
  });

  it("retries when the reply asks for it (isRetry), and returns the last reply once tries run out", async () => {
    let calls = 0;
    const server = await startServer(() => u32Body(calls++ === 0 ? 1 : 0));
    cleanup.push(() => server.server.close());
    const client = new IProtoClient({ servers: server.address, maxRequestRetries: 3 });
    cleanup.push(() => client.close());
    const asks = (response: unknown): boolean => (response as number[])[0] === 1;
    await expect(client.send({ msg: 5, unpack: "L*", isRetry: asks })).resolves.toEqual([0]);
    expect(calls).toBe(2);
    calls = 0;
    // Every reply asks again: after 3 tries the third reply is the result (Perl returns the data too).
    await expect(client.send(new U32Request(5, [], { askRetry: () => true }))).resolves.toEqual([0]);
    expect(calls).toBe(3);
  });

  it("takes maxRequestRetries per message (raw form, as Perl's per-message max_request_retries) and per call", async () => {
    let calls = 0;
    const server = await startServer(() => u32Body(++calls));
    cleanup.push(() => server.server.close());
    const client = new IProtoClient({ servers: server.address, maxRequestRetries: 2 });
    cleanup.push(() => client.close());
    const always = (): boolean => true;
    // Every reply asks again, so the number of tries is the budget: the message's, the call's, the client's.
    await expect(client.send({ msg: 5, unpack: "L", isRetry: always, maxRequestRetries: 4 })).resolves.toEqual([4]);
    calls = 0;
    await expect(client.send({ msg: 5, unpack: "L", isRetry: always, maxRequestRetries: 4 }, { maxRequestRetries: 1 })).resolves.toEqual([1]);
    calls = 0;
    await expect(client.send(new U32Request(5, [], { askRetry: always }), { maxRequestRetries: 3 })).resolves.toEqual([3]);
    calls = 0;
    await expect(client.send({ msg: 5, unpack: "L", isRetry: always })).resolves.toEqual([2]);
    for (const bad of [0, 1.5, Number.NaN]) {
      await expect(client.send({ msg: 5, unpack: "L", maxRequestRetries: bad })).rejects.toMatchObject({ code: "EINVAL" });
    }
  });

  it("retries a temporary ServerError (envelope retry_when), not a permanent one", async () => {
    let calls = 0;
    const server = await startServer((msg) => {
      calls++;
      if (msg === 1) return calls === 1 ? Buffer.concat([u32Body(0x201), Buffer.from("try again\0")]) : u32Body(0, 9);
      return Buffer.concat([u32Body(0x202), Buffer.from("no such space\0")]);
    });
    cleanup.push(() => server.server.close());
    const client = new IProtoClient({ servers: server.address });
    cleanup.push(() => client.close());
    await expect(client.send(new EnvelopeRequest(1, []))).resolves.toEqual([9]);
    expect(calls).toBe(2);
    const error = await client.send(new EnvelopeRequest(2, [], { retry: true })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ code: "ESERVER", returnCode: 0x202, serverMessage: "no such space", temporary: false, tries: 1, msg: 2, server: server.address });
    expect(calls).toBe(3);
  });

  it("waits retryDelay between tries", async () => {
    const times: number[] = [];
    const server = await startServer(() => {
      times.push(performance.now());
      return u32Body(times.length === 1 ? 1 : 0);
    });
    cleanup.push(() => server.server.close());
    const client = new IProtoClient({ servers: server.address, retryDelay: 80 });
    cleanup.push(() => client.close());
    await client.send({ msg: 5, unpack: "L*", isRetry: (r) => (r as number[])[0] === 1 });
    expect(times).toHaveLength(2);
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(75);
  });

  it("fails only the request whose reply has another message code (EPROTO), keeping the connection", async () => {
    const server = await scriptedServer((frame) => frame.reply(frame.body, frame.msg === 5 ? 6 : frame.msg));
    cleanup.push(() => server.close());
    const client = new IProtoClient({ servers: server.address });
    cleanup.push(() => client.close());
    const error = await client.send(new U32Request(5, [1], { retry: true })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ProtocolError", code: "EPROTO", msg: 5, tries: 1, mayHaveExecuted: true, server: server.address });
    expect(server.received).toHaveLength(1);
    await expect(client.send(new U32Request(4, [2]))).resolves.toEqual([2]);
    expect(client.stats().servers[0]).toMatchObject({ up: true, connects: 1 });
  });

  it("reports the failure rather than a timeout when no time is left for another try", async () => {
    const { killer } = await killerAndEcho();
    const client = new IProtoClient({ servers: killer.address, retryDelay: 500, timeout: 200 });
    cleanup.push(() => client.close());
    const error = await client.send(new U32Request(3, [1], { retry: true })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ECONNCLOSED", tries: 1 });
  });
});
