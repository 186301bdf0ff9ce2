import diagnostics from "node:diagnostics_channel";
import net from "node:net";
import { describe, expect, it } from "vitest";
import { CHANNELS, IProtoClient, IProtoServer, NoServersError } from "../../runtime/index.js";
import { normalizeOptions } from "../../runtime/client/options.js";
import { ServerState } from "../../runtime/client/server-state.js";
import { deadPort, leakCheck, sleep, startServer, U32Request } from "./support.js";

function listen(port: number): Promise<IProtoServer> {
  const server = new IProtoServer({ host: "127.0.0.1", port, handler: (_msg, body) => body });
  return server.listen().then(() => server);
}

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await sleep(5);
  expect(condition()).toBe(true);
}

/** Records the serverUp/serverDown events as "up <address>" / "down <address>". */
function recordServerEvents(): { events: string[]; stop(): void } {
  const events: string[] = [];
  const onUp = (e: unknown): void => void events.push(`up ${(e as { server: string }).server}`);
  const onDown = (e: unknown): void => void events.push(`down ${(e as { server: string }).server}`);
  diagnostics.subscribe(CHANNELS.serverUp, onUp);
  diagnostics.subscribe(CHANNELS.serverDown, onDown);
  return {
    events,
    stop: () => {
      diagnostics.unsubscribe(CHANNELS.serverUp, onUp);
      diagnostics.unsubscribe(CHANNELS.serverDown, onDown);
    },
  };
}

describe("health", () => {
  it("marks a failed server down, skips it, reconnects in the background and puts it back", async () => {
    const leaks = leakCheck();
    const port = await deadPort();
    const b = await startServer((_msg, body) => body);
    const { events, stop: stopRecording } = recordServerEvents();
    const client = new IProtoClient({ servers: `127.0.0.1:${port},${b.address}`, reconnectDelay: 20, reconnectDelayMax: 40 });
    try {
      for (let i = 0; i < 20; i++) await expect(client.send(new U32Request(1, [i]))).resolves.toEqual([i]);
      expect(client.stats().servers[0]).toMatchObject({ up: false, sent: 0 });
      expect(client.stats().servers[1]?.received).toBe(20);
      expect(events).toEqual([`down 127.0.0.1:${port}`]);
      const a = await listen(port);
      // Reconnected: balancing may send it one request; it is up once it answered.
      await until(() => client.stats().servers[0]?.probing === true);
      expect(client.stats().servers[0]?.up).toBe(false);
      expect(events).toEqual([`down 127.0.0.1:${port}`]);
      for (let i = 0; i < 20; i++) await client.send(new U32Request(1, [i]));
      expect(client.stats().servers[0]?.received).toBeGreaterThan(0);
      expect(client.stats().servers[0]).toMatchObject({ up: true, probing: false });
      expect(events).toEqual([`down 127.0.0.1:${port}`, `up 127.0.0.1:${port}`]);
      await client.close();
      await a.close();
    } finally {
      stopRecording();
    }
    await b.server.close();
    await leaks.check();
  });

  it("fails fast with ENOSERVERS while every server is down, and recovers when they return", async () => {
    const leaks = leakCheck();
    const ports = [await deadPort(), await deadPort()];
    const client = new IProtoClient({ servers: ports.map((port) => ({ host: "127.0.0.1", port })), reconnectDelay: 20, reconnectDelayMax: 50 });
    await expect(client.send(new U32Request(1, [1]))).rejects.toMatchObject({ code: "ECONNREFUSED" });
    const started = performance.now();
    const error = await client.send(new U32Request(1, [1])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoServersError);
    expect(error).toMatchObject({ code: "ENOSERVERS", mayHaveExecuted: false, tries: 2 });
    expect(performance.now() - started).toBeLessThan(500);
    const servers = await Promise.all(ports.map(listen));
    await until(() => client.stats().servers.every((s) => s.probing));
    await expect(client.send(new U32Request(1, [5]))).resolves.toEqual([5]);
    await client.close();
    await Promise.all(servers.map((s) => s.close()));
    await leaks.check();
  });

  it("keeps the refused connect as the cause when the retry finds no server up", async () => {
    const leaks = leakCheck();
    const client = new IProtoClient({ servers: `127.0.0.1:${await deadPort()}`, reconnectDelay: 20, reconnectDelayMax: 50 });
    const error = await client.send(new U32Request(1, [1])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoServersError);
    expect(error).toMatchObject({ code: "ENOSERVERS", mayHaveExecuted: false, tries: 2, cause: { code: "ECONNREFUSED" } });
    expect((error as Error).message).toMatch(/the last try failed: .*refused/i);
    await client.close();
    await leaks.check();
  });

  it("does not mark a server down when it closes an idle connection", async () => {
    const leaks = leakCheck();
    const server = await startServer((_msg, body) => body);
    const client = new IProtoClient({ servers: server.address });
    await client.send(new U32Request(1, [1]));
    await server.server.close();
    await until(() => client.stats().servers[0]?.connected === false);
    expect(client.stats().servers[0]?.up).toBe(true);
    await client.close();
    await leaks.check();
  });

  it("a reconnected server gets one request until it answers: one that accepts and then drops risks one per reconnect", async () => {
    const leaks = leakCheck();
    const good = await startServer((_msg, body) => body);
    // Accepts, reads the first request, then resets: up to TCP, never answering.
    let framesReceived = 0;
    const perConnection: number[] = [];
    const flapper = net.createServer((socket) => {
      const index = perConnection.push(0) - 1;
      socket.on("data", (chunk) => {
        const frames = Math.floor(chunk.length / 16);
        framesReceived += frames;
        perConnection[index] = (perConnection[index] ?? 0) + frames;
        socket.resetAndDestroy();
      });
      socket.on("error", () => {});
    });
    const port = await deadPort();
    const { events, stop: stopRecording } = recordServerEvents();
    const client = new IProtoClient({ servers: `127.0.0.1:${port},${good.address}`, reconnectDelay: 10, reconnectDelayMax: 40 });
    try {
      await client.send(new U32Request(1, [0], { retry: true })); // whichever server: marks the dead port down
      await client.send(new U32Request(1, [0], { retry: true }));
      expect(client.stats().servers[0]?.up).toBe(false);
      await new Promise<void>((resolve) => flapper.listen(port, "127.0.0.1", resolve));
      // Bursts of retryable requests while the flapper reconnects, takes one request and drops it.
      for (let burst = 0; burst < 15; burst++) {
        const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => client.send(new U32Request(1, [i], { retry: true }))));
        expect(replies).toEqual(Array.from({ length: 40 }, (_, i) => [i]));
        await sleep(15);
      }
      expect(perConnection.length).toBeGreaterThanOrEqual(2);
      expect(perConnection.every((frames) => frames <= 1)).toBe(true);
      expect(framesReceived).toBeGreaterThanOrEqual(1);
      // Down once; never announced up again (it never answered), so no up/down flapping.
      expect(events).toEqual([`down 127.0.0.1:${port}`]);
      expect(client.stats().servers[0]).toMatchObject({ up: false });
      await client.close();
    } finally {
      stopRecording();
    }
    await new Promise((resolve) => flapper.close(resolve));
    await good.server.close();
    await leaks.check();
  });

  it("backs off exponentially with jitter, capped", () => {
    const settings = normalizeOptions({ servers: "127.0.0.1:1", reconnectDelay: 100, reconnectDelayMax: 1000 });
    const low = new ServerState(0, settings.servers[0] as never, { ...settings, random: () => 0 }, {} as never);
    const high = new ServerState(0, settings.servers[0] as never, { ...settings, random: () => 1 }, {} as never);
    const delays = [1, 2, 3, 4, 5, 6].map((failures) => {
      low.failures = failures;
      high.failures = failures;
      return [low.reconnectDelay(), high.reconnectDelay()];
    });
    expect(delays).toEqual([
      [50, 100],
      [100, 200],
      [200, 400],
      [400, 800],
      [500, 1000],
      [500, 1000],
    ]);
  });
});
