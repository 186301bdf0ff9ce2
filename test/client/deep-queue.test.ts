/**
 * A deep queue (issue 14): 100,000 sends waiting behind a server that accepts and never answers. The
 * queued call record is kept small (shared terms, packed fields, one settler), so these pin down what
 * it must still do: per-call deadlines, exact `mayHaveExecuted`, one settlement each, a real rejection.
 */
import net from "node:net";
import { describe, expect, it } from "vitest";
import { CanceledError, IProtoClient, TimeoutError } from "../../runtime/index.js";
import { leakCheck, SettleTracker, sleep, U32Request } from "./support.js";

const DEPTH = 100_000;

/** Accepts, counts the bytes it receives, never answers. */
async function silentServer(): Promise<{ server: net.Server; port: number; received: () => number; close: () => Promise<void> }> {
  let bytes = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("data", (chunk) => (bytes += chunk.length));
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    server,
    port,
    received: () => bytes,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe("a deep queue", () => {
  it("times out 100,000 queued sends at their own deadlines, each once, none of them written", { timeout: 30_000 }, async () => {
    const leaks = leakCheck();
    const silent = await silentServer();
    const client = new IProtoClient({ servers: `127.0.0.1:${silent.port}`, maxParallel: 1, maxQueued: DEPTH, timeout: 400 });
    // The one slot goes to a request with no deadline, written before the others queue behind it.
    const first = client.send(new U32Request(1, [0]), { timeout: Infinity }).catch((error: unknown) => error);
    while (silent.received() < 16) await sleep(5);
    const tracker = new SettleTracker();
    // Two deadlines interleaved: calls admitted in one turn with different options get different terms.
    for (let i = 1; i < DEPTH; i++) tracker.track(client.send(new U32Request(1, [i]), i % 2 === 1 ? { timeout: 200 } : undefined));
    expect(client.stats()).toMatchObject({ inFlight: 1, queued: DEPTH - 1 });
    await tracker.allSettledOnce();
    const errors = tracker.errors();
    expect(errors).toHaveLength(DEPTH - 1);
    expect(errors.filter((error) => !(error instanceof TimeoutError))).toEqual([]);
    const timeouts = errors as TimeoutError[];
    expect(timeouts.filter((error, i) => error.message !== `request timed out after ${i % 2 === 0 ? 200 : 400} ms`)).toEqual([]);
    // None of the queued ones reached the socket (the first was 16 bytes: header and one u32).
    expect(timeouts.filter((error) => error.mayHaveExecuted)).toEqual([]);
    expect(silent.received()).toBe(16);
    expect(client.stats()).toMatchObject({ inFlight: 1, queued: 0 });
    await client.close({ force: true });
    expect(await first).toMatchObject({ code: "ECANCELED", mayHaveExecuted: true });
    await silent.close();
    await leaks.check();
  });

  it("cancels every queued send on a forced close, each with a real rejection", { timeout: 30_000 }, async () => {
    const leaks = leakCheck();
    const silent = await silentServer();
    const client = new IProtoClient({ servers: `127.0.0.1:${silent.port}`, maxParallel: 1, maxQueued: DEPTH });
    const tracker = new SettleTracker();
    const last = tracker.track(client.send(new U32Request(1, [0])));
    for (let i = 1; i < DEPTH; i++) tracker.track(client.send(new U32Request(1, [i])));
    await client.close({ force: true });
    await tracker.allSettledOnce();
    // The promise rejects with the error itself: handlers never see the thenable it was rejected through.
    await expect(last).rejects.toBeInstanceOf(CanceledError);
    const errors = tracker.errors();
    expect(errors).toHaveLength(DEPTH);
    expect(errors.filter((error) => !(error instanceof CanceledError) || "then" in error)).toEqual([]);
    await silent.close();
    await leaks.check();
  });
});
