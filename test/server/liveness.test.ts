/**
 * IProtoServer's limits must not hit well-behaved peers or the server's own slowness: `idleTimeout`
 * closes a peer that stalls, never one that keeps completing frames or waits for a reply it is owed. And
 * no handler result, however strange, reaches the event loop as an exception or an unhandled rejection.
 */
import { describe, expect, it } from "vitest";
import { HandlerError, IProtoServer, type IProtoHandler } from "../../runtime/index.js";
import { frame, leakCheck, sleep, u32Body } from "../client/support.js";
import { eventually, RawPeer } from "./support.js";

async function serve(handler: IProtoHandler, options: Partial<ConstructorParameters<typeof IProtoServer>[0]> = {}) {
  const errors: unknown[] = [];
  const server = new IProtoServer({ host: "127.0.0.1", port: 0, handler, onError: (error) => errors.push(error), ...options });
  const { port } = await server.listen();
  return { server, port, errors };
}

describe("IProtoServer: idleTimeout spares live peers", () => {
  it("keeps a peer whose writes always end mid-frame, as long as frames keep completing", async () => {
    const leaks = leakCheck();
    let handled = 0;
    // 600 ms: thirty writes' time, so a loaded machine's pauses do not pass for a stall.
    const { server, port, errors } = await serve(() => (handled++, undefined), { idleTimeout: 600 });
    const peer = await RawPeer.connect(port);
    // 1,012-byte frames written 1,500 bytes at a time, every 20 ms: a frame completes with every write,
    // yet no write ends on a frame boundary (1,500 k is a multiple of 1,012 only from k = 253 on).
    const one = frame(1, 1, new Uint8Array(1000));
    const stream = Buffer.concat(Array.from({ length: 200 }, () => one));
    let sent = 0;
    const writer = setInterval(() => {
      if (sent + 1500 <= stream.length) peer.write(stream.subarray(sent, (sent += 1500)));
    }, 20);
    try {
      await sleep(2000); // over three idle timeouts
    } finally {
      clearInterval(writer);
    }
    expect(peer.closed).toBe(false);
    expect(await eventually(() => handled === Math.floor(sent / one.length))).toBe(true);
    expect(handled).toBeGreaterThan(30);
    peer.destroy();
    // Its last frame was cut short by the peer's close: that alone is reported.
    expect(await eventually(() => errors.length === 1)).toBe(true);
    await server.close();
    await leaks.check();
  });

  it("still closes a peer whose frame stalls after others completed", async () => {
    const { server, port } = await serve(() => undefined, { idleTimeout: 300 });
    const peer = await RawPeer.connect(port);
    const two = Buffer.concat([frame(1, 1, new Uint8Array(10)), frame(1, 2, new Uint8Array(10))]);
    peer.write(two.subarray(0, 30)); // one frame and 8 bytes of the next, then nothing but a byte every 50 ms
    let sent = 30;
    const dribble = setInterval(() => {
      if (!peer.closed && sent < two.length - 1) peer.write(two.subarray(sent, ++sent));
    }, 50);
    try {
      expect(await eventually(() => peer.closed, 5_000)).toBe(true);
      expect(sent).toBeLessThan(two.length - 1);
    } finally {
      clearInterval(dribble);
    }
    await server.close();
  });

  it("does not hang up on a peer waiting for a reply its handler is still working on", async () => {
    const { server, port } = await serve(() => sleep(700).then(() => u32Body(5)), { idleTimeout: 200 });
    const peer = await RawPeer.connect(port);
    peer.write(frame(7, 70, new Uint8Array(0)));
    expect(await eventually(() => peer.replies.length === 1 || peer.closed)).toBe(true);
    expect(peer.replies.map((r) => [r.msg, r.sync, [...r.body]])).toEqual([[7, 70, [5, 0, 0, 0]]]);
    // Owed nothing now, and silent: idle again, so closed.
    expect(await eventually(() => peer.closed)).toBe(true);
    await server.close();
  });
});

describe("IProtoServer: handler results that fight back", () => {
  it("reports a result whose `then` getter throws, and a revoked proxy, as HandlerErrors, and keeps serving", async () => {
    // Made per request: each would throw at whoever looks at it first.
    const hostile: (() => unknown)[] = [
      () => ({
        get then(): never {
          throw new Error("then getter throws");
        },
      }),
      () => {
        const revocable = Proxy.revocable({}, {});
        revocable.revoke();
        return revocable.proxy;
      },
    ];
    const { server, port, errors } = await serve((msg) => (msg === 100 ? u32Body(1) : (hostile[msg]?.() as never)));
    const peer = await RawPeer.connect(port);
    for (let msg = 0; msg < hostile.length; msg++) peer.write(frame(msg, 10 + msg, new Uint8Array(0)));
    peer.write(frame(100, 1, new Uint8Array(0)));
    expect(await eventually(() => peer.replies.length === 1 && errors.length === hostile.length)).toBe(true);
    expect(peer.replies[0]?.sync).toBe(1);
    for (const [msg, error] of errors.entries()) {
      expect(error).toBeInstanceOf(HandlerError);
      expect(error).toMatchObject({ code: "EHANDLER", msg, sync: 10 + msg });
      expect((error as Error).message).toMatch(/throws when looked at/);
      expect((error as Error).cause).toBeInstanceOf(Error);
    }
    expect((errors[0] as Error).message).toMatch(/then getter throws/);
    expect(peer.closed).toBe(false);
    peer.destroy();
    await server.close();
  });

  it("a native promise with a `then` of its own that throws fails its request; one that calls back twice replies once", async () => {
    let slowDone = false;
    const { server, port, errors } = await serve((msg) => {
      if (msg === 1) {
        const promise = Promise.resolve(u32Body(1));
        Object.defineProperty(promise, "then", { value: () => { throw new Error("own then throws"); } });
        return promise;
      }
      if (msg === 2) {
        const promise = Promise.resolve(u32Body(2));
        Object.defineProperty(promise, "then", {
          value: (ok: (value: Uint8Array) => void) => {
            ok(u32Body(2));
            ok(u32Body(22));
          },
        });
        return promise;
      }
      // Still pending when the graceful close starts: the close must wait for it.
      return sleep(200).then(() => ((slowDone = true), u32Body(3)));
    });
    const peer = await RawPeer.connect(port);
    peer.write(frame(3, 3, new Uint8Array(0)));
    peer.write(frame(1, 1, new Uint8Array(0)));
    peer.write(frame(2, 2, new Uint8Array(0)));
    expect(await eventually(() => errors.length === 1 && peer.replies.length === 1)).toBe(true);
    expect((errors[0] as Error).message).toBe("own then throws");
    expect(peer.replies.map((r) => [r.sync, [...r.body]])).toEqual([[2, [2, 0, 0, 0]]]);
    // A second call back counted twice would let the close end before the slow handler replied.
    await server.close();
    expect(slowDone).toBe(true);
    expect(peer.replies.map((r) => r.sync)).toEqual([2, 3]);
  });

  it("a debug sink that throws while an asynchronous reply goes out leaves no rejection unhandled", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const { server, port } = await serve(() => Promise.resolve(u32Body(3)), {
        debug: 6,
        debugSink: (line) => {
          if (line.includes("send")) throw new Error("sink throws");
        },
      });
      const peer = await RawPeer.connect(port);
      peer.write(frame(1, 1, new Uint8Array(0)));
      peer.write(frame(1, 2, new Uint8Array(0)));
      await sleep(100);
      expect(unhandled).toEqual([]);
      expect(peer.closed).toBe(false);
      peer.destroy();
      await server.close();
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});

describe("IProtoServer: hooks that throw", () => {
  it("reports a throw from onAccept or onClose through onError; the server keeps serving", async () => {
    const { server, port, errors } = await serve((_msg, body) => body, {
      onAccept: () => {
        throw new Error("onAccept throws");
      },
      onClose: () => {
        throw new Error("onClose throws");
      },
    });
    const first = await RawPeer.connect(port);
    first.destroy();
    expect(await eventually(() => errors.length === 2)).toBe(true);
    expect(errors.map((error) => (error as Error).message)).toEqual(["onAccept throws", "onClose throws"]);
    const second = await RawPeer.connect(port);
    second.write(frame(1, 5, u32Body(9)));
    expect(await eventually(() => second.replies.length === 1)).toBe(true);
    second.destroy();
    await server.close();
  });
});

describe("IProtoServer: a peer that never reads", () => {
  it("holds the server's memory under maxWriteBuffer, whatever the peer sends", async () => {
    const leaks = leakCheck();
    const bound = 256 * 1024;
    let handled = 0;
    const reply = new Uint8Array(1024);
    const { server, port } = await serve(() => (handled++, reply), { maxWriteBuffer: bound });
    const peer = await RawPeer.connect(port);
    peer.socket.pause();
    const before = process.memoryUsage().arrayBuffers;
    let peak = 0;
    // 40,000 requests ask for 40 MiB of replies; 480 KB of requests, written as the socket takes them.
    const batch = Buffer.concat(Array.from({ length: 1000 }, (_, i) => frame(1, i, new Uint8Array(0))));
    for (let round = 0; round < 40; round++) {
      if (!peer.socket.write(batch)) await sleep(5);
      await new Promise((resolve) => setImmediate(resolve));
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
    }
    await sleep(300);
    peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
    // The server's replies in memory stay near the bound (the kernel's socket buffers hold the rest); the
    // slack covers the peer's own unsent requests (<= 480 KB) and one chunk of them held while paused.
    expect(peak).toBeLessThan(bound + 4 * 1024 * 1024);
    expect(handled).toBeLessThan(40_000 / 4);
    peer.destroy();
    expect(await eventually(() => server.connectionCount === 0)).toBe(true);
    await server.close();
    await leaks.check();
  });
});
