/**
 * IProtoServer under hostile peers and careless handlers (issue 14): it keeps serving, bounds its memory,
 * closes what abuses it, and reports every fault through `onError` — never by crashing.
 */
import { describe, expect, it } from "vitest";
import { HandlerError, IProtoServer, ProtocolError, type IProtoHandler } from "../../runtime/index.js";
import { frame, leakCheck, sleep, u32Body } from "../client/support.js";
import { eventually, RawPeer } from "./support.js";

async function serve(handler: IProtoHandler, options: Partial<ConstructorParameters<typeof IProtoServer>[0]> = {}) {
  const errors: unknown[] = [];
  const server = new IProtoServer({ host: "127.0.0.1", port: 0, handler, onError: (error) => errors.push(error), ...options });
  const { port } = await server.listen();
  return { server, port, errors };
}

describe("IProtoServer: handler results", () => {
  it("reports a result that is not a reply (null, strings, numbers, objects, arrays; sync or async), sends nothing for it, and keeps serving", async () => {
    const leaks = leakCheck();
    const bad: unknown[] = [null, "abc", 42, {}, [1, 2], true, () => 1];
    const { server, port, errors } = await serve((msg) => {
      if (msg === 100) return u32Body(7);
      const value = bad[msg % bad.length];
      return (msg >= bad.length ? Promise.resolve(value) : value) as never;
    });
    const peer = await RawPeer.connect(port);
    for (let msg = 0; msg < 2 * bad.length; msg++) peer.write(frame(msg, 1000 + msg, new Uint8Array(0)));
    peer.write(frame(100, 7, new Uint8Array(0)));
    expect(await eventually(() => peer.replies.length >= 1 && errors.length >= 2 * bad.length)).toBe(true);
    await sleep(50);
    // Only the real reply went out; every bad result was reported with its msg and sync.
    expect(peer.replies.map((r) => [r.msg, r.sync, [...r.body]])).toEqual([[100, 7, [7, 0, 0, 0]]]);
    expect(errors).toHaveLength(2 * bad.length);
    for (const [i, error] of errors.entries()) {
      expect(error).toBeInstanceOf(HandlerError);
      expect(error).toMatchObject({ code: "EHANDLER", msg: i, sync: 1000 + i });
      expect((error as Error).message).toMatch(new RegExp(`msg ${i} \\(sync ${1000 + i}\\)`));
    }
    expect(peer.closed).toBe(false);
    peer.destroy();
    await server.close();
    await leaks.check();
  });

  it("survives an onError hook that throws", async () => {
    const { server, port } = await serve(() => null as never, {
      onError: () => {
        throw new Error("hook bug");
      },
    });
    const peer = await RawPeer.connect(port);
    peer.write(frame(1, 1, new Uint8Array(0)));
    await sleep(50);
    expect(peer.closed).toBe(false);
    peer.destroy();
    await server.close();
  });
});

describe("IProtoServer: memory and slow peers", () => {
  it("stops reading a peer that does not read its replies, resumes when it does (maxWriteBuffer)", async () => {
    let handled = 0;
    const reply = new Uint8Array(16 * 1024);
    const { server, port } = await serve(() => (handled++, reply), { maxWriteBuffer: 64 * 1024 });
    const peer = await RawPeer.connect(port);
    peer.socket.pause();
    const requests = 3000; // 48 MB of replies, far beyond what the kernel's socket buffers hold
    for (let i = 0; i < requests; i++) peer.write(frame(1, i + 1, new Uint8Array(4)));
    await sleep(500);
    const whileBlocked = handled;
    // Bounded by maxWriteBuffer plus what the kernel buffers took, not by what the peer sent.
    expect(whileBlocked).toBeLessThan(requests / 2);
    peer.socket.resume();
    expect(await eventually(() => peer.replies.length === requests)).toBe(true);
    expect(handled).toBe(requests);
    peer.destroy();
    await server.close();
  });

  it("closes a peer that leaves its replies unread past idleTimeout, and says why (not 'the middle of a frame')", async () => {
    const { server, port, errors } = await serve(() => new Uint8Array(64 * 1024), { maxWriteBuffer: 64 * 1024, idleTimeout: 300 });
    const peer = await RawPeer.connect(port);
    peer.socket.pause();
    // One write of 1,000 whole requests: reading pauses in the middle of the chunk, the rest waits unparsed.
    peer.write(Buffer.concat(Array.from({ length: 1000 }, (_, i) => frame(1, i + 1, new Uint8Array(0)))));
    expect(await eventually(() => server.connectionCount === 0)).toBe(true);
    const messages = errors.map((e) => (e as Error).message);
    for (const error of errors) expect(error).toBeInstanceOf(ProtocolError);
    expect(messages[0]).toMatch(/closed by the server: its replies were left unread for 300 ms/);
    expect(messages[1]).toMatch(/closed with \d+ bytes of requests not yet read \(reading was paused/);
    expect(messages.some((m) => m.includes("middle of a frame"))).toBe(false);
    peer.destroy();
    await server.close();
  });

  it("does not allocate a body on the promise of a header: 10 headers announcing 64 MiB cost what was sent", async () => {
    const { server, port, errors } = await serve(() => undefined, { maxFrameSize: 128 * 1024 * 1024 });
    const before = process.memoryUsage().arrayBuffers;
    const peers = await Promise.all(Array.from({ length: 10 }, () => RawPeer.connect(port)));
    for (const peer of peers) {
      const header = Buffer.alloc(12 + 100);
      header.writeUInt32LE(1, 0);
      header.writeUInt32LE(64 * 1024 * 1024, 4);
      peer.write(header);
    }
    await sleep(200);
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(grown).toBeLessThan(16 * 1024 * 1024);
    for (const peer of peers) peer.destroy();
    // Each was cut off mid-frame: reported.
    expect(await eventually(() => errors.length === 10)).toBe(true);
    for (const error of errors) expect(error).toBeInstanceOf(ProtocolError);
    await server.close();
  });

  it("closes a peer that dribbles a frame one byte at a time (reported), and one that says nothing (not: silence is no fault)", async () => {
    const { server, port, errors } = await serve(() => undefined, { idleTimeout: 300 });
    const slow = await RawPeer.connect(port);
    const silent = await RawPeer.connect(port);
    const bytes = frame(1, 1, new Uint8Array(64));
    let sent = 0;
    const dribble = setInterval(() => {
      if (!slow.closed && sent < bytes.length) slow.write(bytes.subarray(sent, ++sent));
    }, 50);
    try {
      expect(await eventually(() => slow.closed && silent.closed)).toBe(true);
      // Closed while its frame was still being sent, a byte every 50 ms: the stream never went quiet.
      expect(sent).toBeLessThan(bytes.length);
      const messages = errors.map((e) => (e as Error).message);
      expect(messages[0]).toMatch(/closed by the server: no frame completed for 300 ms while one was partial/);
      // The dribbler's close then reports its cut frame; the silent peer's close reports nothing.
      expect(messages.slice(1)).toEqual([expect.stringMatching(/middle of a frame/)]);
    } finally {
      clearInterval(dribble);
    }
    await server.close();
  });

  it("refuses connections beyond maxConnections", async () => {
    const { server, port } = await serve((_msg, body) => body, { maxConnections: 2 });
    const first = await RawPeer.connect(port);
    const second = await RawPeer.connect(port);
    expect(await eventually(() => server.connectionCount === 2)).toBe(true);
    const third = await RawPeer.connect(port);
    expect(await eventually(() => third.closed)).toBe(true);
    first.write(frame(1, 9, u32Body(5)));
    expect(await eventually(() => first.replies.length === 1)).toBe(true);
    for (const peer of [first, second]) peer.destroy();
    await server.close();
  });

  it("reports a frame cut short by a close", async () => {
    const { server, port, errors } = await serve(() => undefined);
    const peer = await RawPeer.connect(port);
    peer.write(frame(1, 1, new Uint8Array(100)).subarray(0, 50));
    await sleep(20);
    peer.destroy();
    expect(await eventually(() => errors.length === 1)).toBe(true);
    expect(errors[0]).toBeInstanceOf(ProtocolError);
    expect((errors[0] as Error).message).toMatch(/middle of a frame \(50 bytes/);
    await server.close();
  });
});

describe("IProtoServer: close and slow handlers", () => {
  it("close({ timeout }) drops what a handler that never settles holds open; handlerTimeout reports it", async () => {
    const { server, port, errors } = await serve(() => new Promise<Uint8Array>(() => {}), { handlerTimeout: 100 });
    const peer = await RawPeer.connect(port);
    peer.write(frame(3, 77, new Uint8Array(0)));
    expect(await eventually(() => errors.length === 1)).toBe(true);
    expect(errors[0]).toMatchObject({ name: "HandlerError", code: "ETIMEDOUT", msg: 3, sync: 77 });
    const started = Date.now();
    await server.close({ timeout: 200 });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(peer.closed || (await eventually(() => peer.closed))).toBe(true);
  });

  it("validates its options", () => {
    for (const bad of [{ idleTimeout: -1 }, { maxConnections: 0 }, { maxWriteBuffer: 1.5 }, { maxFrameSize: 5 }, { handlerTimeout: Number.NaN }]) {
      expect(() => new IProtoServer({ port: 0, handler: () => undefined, ...bad }), JSON.stringify(bad)).toThrow(/option/);
    }
  });
});

describe("IProtoServer: no fault leaves a promise rejection unhandled", () => {
  it("a server under --unhandled-rejections=strict survives every fault and still answers", { timeout: 90_000 }, async () => {
    const { spawn } = await import("node:child_process");
    const { fileURLToPath } = await import("node:url");
    const runtime = fileURLToPath(new URL("../../runtime/index.ts", import.meta.url));
    const script = `
      import { IProtoServer } from ${JSON.stringify(runtime)};
      // Made per request: a rejected promise made up front would be the script's own unhandled rejection.
      const bad = [() => null, () => "abc", () => 42, () => ({}), () => [], () => Symbol("x"), () => Promise.resolve(null),
        () => Promise.reject(new Error("rejected")), () => Promise.reject("a string"),
        () => ({ then() { throw new Error("thenable throws"); } }), () => ({ then(_ok, fail) { fail(undefined); } }),
        () => ({ get then() { throw new Error("then getter throws"); } }),
        () => { const revocable = Proxy.revocable({}, {}); revocable.revoke(); return revocable.proxy; }];
      const server = new IProtoServer({
        host: "127.0.0.1", port: 0, idleTimeout: 2000, maxFrameSize: 1024,
        onError: (error) => { if (String(error).includes("hook")) throw new Error("hook throws too"); },
        handler: (msg, body) => {
          if (msg === 1000) return body;
          if (msg === 2000) throw new Error("sync throw, hook");
          return bad[msg % bad.length]();
        },
      });
      const { port } = await server.listen();
      console.log(port);
    `;
    const child = spawn(process.execPath, ["--unhandled-rejections=strict", "--import", "tsx", "--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      child.once("exit", (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
    });
    try {
      // Every bad result, sync and async, and a throwing handler whose error hook throws.
      const peer = await RawPeer.connect(port);
      for (let msg = 0; msg < 26; msg++) peer.write(frame(msg, msg + 1, new Uint8Array(0)));
      peer.write(frame(2000, 1, new Uint8Array(0)));
      // A peer that resets with replies in flight, one that cuts a frame, an oversized and a corrupt frame.
      const reset = await RawPeer.connect(port);
      for (let msg = 0; msg < 26; msg++) reset.write(frame(msg, msg + 1, new Uint8Array(0)));
      reset.socket.resetAndDestroy();
      const cut = await RawPeer.connect(port);
      cut.write(frame(1000, 1, new Uint8Array(40)).subarray(0, 30));
      cut.destroy();
      for (const length of [2048, 0xffffffff]) {
        const big = await RawPeer.connect(port);
        const header = Buffer.alloc(12);
        header.writeUInt32LE(length, 4);
        big.write(header);
        await eventually(() => big.closed);
      }
      await sleep(300);
      // Still alive, still serving.
      peer.write(frame(1000, 99, u32Body(42)));
      expect(await eventually(() => peer.replies.some((r) => r.sync === 99))).toBe(true);
      expect(child.exitCode, stderr).toBe(null);
      peer.destroy();
    } finally {
      child.kill("SIGTERM");
    }
  });
});
