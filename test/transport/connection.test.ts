import { execFileSync } from "node:child_process";
import net from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { IProtoError } from "../../runtime/core/errors.js";
import { Connection, type ConnectionListener, type Outgoing } from "../../runtime/transport/connection.js";
import { hexDump } from "../../runtime/transport/debug-log.js";
import { frame, leakCheck, sleep, U32Request } from "../client/support.js";

interface Entry extends Outgoing {
  id: number;
}

class Recorder implements ConnectionListener<Entry> {
  replies: [number, number, string][] = [];
  written: number[] = [];
  failed: [number, string, boolean][] = [];
  opens = 0;
  closes: (string | undefined)[] = [];
  onReply(entry: Entry, msg: number, body: Uint8Array): void {
    this.replies.push([entry.id, msg, Buffer.from(body).toString("hex")]);
  }
  onWritten(entry: Entry): void {
    this.written.push(entry.id);
  }
  onFailed(entry: Entry, error: IProtoError, mayHaveExecuted: boolean): void {
    this.failed.push([entry.id, error.code, mayHaveExecuted]);
  }
  onOpen(): void {
    this.opens++;
  }
  onClose(fault: IProtoError | undefined): void {
    this.closes.push(fault?.code);
  }
}

/** A raw server that records the frames it receives and lets the test answer by hand. */
async function rawServer(): Promise<{ port: number; frames: [number, number][]; sockets: net.Socket[]; chunks: number; close(): Promise<void> }> {
  const state = {
    port: 0,
    frames: [] as [number, number][],
    sockets: [] as net.Socket[],
    chunks: 0,
    close: async () => {
      for (const socket of state.sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  let pending = Buffer.alloc(0);
  const server = net.createServer((socket) => {
    state.sockets.push(socket);
    socket.on("data", (chunk: Buffer) => {
      state.chunks++;
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 12 && pending.length >= 12 + pending.readUInt32LE(4)) {
        state.frames.push([pending.readUInt32LE(0), pending.readUInt32LE(8)]);
        pending = pending.subarray(12 + pending.readUInt32LE(4));
      }
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.port = (server.address() as net.AddressInfo).port;
  return state;
}

function connectionTo(port: number, recorder: Recorder, extra: { firstSync?: number } = {}) {
  const counters = { sent: 0, received: 0, lateReplies: 0, unknownReplies: 0 };
  const connection = new Connection<Entry>(
    { host: "127.0.0.1", port, connectTimeout: 1000, noDelay: true, keepAlive: false, ...extra },
    recorder,
    counters,
  );
  return { connection, counters };
}

let nextId = 0;
function entry(msg = 5, values = [1], noReply = false): Entry {
  return { id: nextId++, request: new U32Request(msg, values, { noReply }), sync: 0, batch: 0, frameStart: 0, frameEnd: 0 };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await sleep(5);
  expect(condition()).toBe(true);
}

describe("Connection", () => {
  let leaks: ReturnType<typeof leakCheck>;
  beforeEach(() => {
    leaks = leakCheck();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
  });

  it("connects lazily, coalesces one turn's frames into one socket write, and matches replies by sync", async () => {
    const server = await rawServer();
    const recorder = new Recorder();
    const { connection, counters } = connectionTo(server.port, recorder);
    expect(connection.isIdle).toBe(true);
    const writes = vi.spyOn(net.Socket.prototype, "write");
    const entries = Array.from({ length: 100 }, () => entry());
    for (const e of entries) connection.send(e);
    await until(() => server.frames.length === 100);
    expect(writes).toHaveBeenCalledTimes(1);
    expect(counters.sent).toBe(100);
    const syncs = entries.map((e) => e.sync);
    expect(new Set(syncs).size).toBe(100);
    expect(syncs).not.toContain(0);
    // Answer in reverse order: each reply reaches its own entry.
    const socket = server.sockets[0] as net.Socket;
    socket.write(Buffer.concat([...server.frames].reverse().map(([msg, sync]) => frame(msg, sync, Buffer.from([sync & 0xff])))));
    await until(() => recorder.replies.length === 100);
    for (const [id, msg, hex] of recorder.replies) {
      const sent = entries.find((e) => e.id === id) as Entry;
      expect(msg).toBe(5);
      expect(hex).toBe((sent.sync & 0xff).toString(16).padStart(2, "0"));
    }
    writes.mockClear();
    connection.send(entry());
    await sleep(1);
    connection.send(entry());
    await until(() => server.frames.length === 102);
    expect(writes).toHaveBeenCalledTimes(2);
    connection.disconnect(new (await import("../../runtime/core/errors.js")).ConnectionError("ECONNCLOSED", "test"));
    await connection.whenClosed();
    await server.close();
    await leaks.check();
  });

  it("wraps sync from 0xFFFFFFFF to 1, never 0", async () => {
    const server = await rawServer();
    const recorder = new Recorder();
    const { connection } = connectionTo(server.port, recorder, { firstSync: 0xfffffffe });
    const entries = [entry(), entry(), entry(), entry()];
    for (const e of entries) connection.send(e);
    expect(entries.map((e) => e.sync)).toEqual([0xfffffffe, 0xffffffff, 1, 2]);
    await until(() => server.frames.length === 4);
    expect(server.frames.map(([, sync]) => sync)).toEqual([0xfffffffe, 0xffffffff, 1, 2]);
    connection.disconnect(new (await import("../../runtime/core/errors.js")).ConnectionError("ECONNCLOSED", "test"));
    await connection.whenClosed();
    expect(recorder.failed.map(([, code, may]) => [code, may])).toEqual(Array(4).fill(["ECONNCLOSED", true]));
    expect(recorder.closes).toEqual([undefined]);
    await server.close();
    await leaks.check();
  });

  it("counts late replies (abandoned entries) and unknown syncs, and drops both", async () => {
    const server = await rawServer();
    const recorder = new Recorder();
    const { connection, counters } = connectionTo(server.port, recorder);
    const a = entry();
    const b = entry();
    connection.send(a);
    connection.send(b);
    await until(() => server.frames.length === 2);
    connection.abandon(a);
    expect(connection.awaitingReplies).toBe(1);
    const socket = server.sockets[0] as net.Socket;
    socket.write(Buffer.concat([frame(5, a.sync, Buffer.alloc(0)), frame(5, 12345, Buffer.alloc(0)), frame(5, b.sync, Buffer.alloc(0)), frame(5, b.sync, Buffer.alloc(0))]));
    await until(() => counters.unknownReplies === 2);
    expect(counters.lateReplies).toBe(1);
    expect(recorder.replies.map(([id]) => id)).toEqual([b.id]);
    expect(counters.received).toBe(1);
    connection.disconnect(new (await import("../../runtime/core/errors.js")).ConnectionError("ECONNCLOSED", "test"));
    await connection.whenClosed();
    await server.close();
    await leaks.check();
  });

  it("fails unsent entries as not executed when connecting fails, and reports the fault", async () => {
    const server = await rawServer();
    const port = server.port;
    await server.close();
    const recorder = new Recorder();
    const { connection } = connectionTo(port, recorder);
    connection.send(entry());
    connection.send(entry(6, [], true));
    await until(() => recorder.failed.length === 2);
    expect(recorder.failed.map(([, code, may]) => [code, may])).toEqual([
      ["ECONNREFUSED", false],
      ["ECONNREFUSED", false],
    ]);
    expect(recorder.closes).toEqual(["ECONNREFUSED"]);
    await connection.whenClosed();
    await leaks.check();
  });

  it("treats a peer closing an idle connection as no fault, and reconnects on the next send", async () => {
    const server = await rawServer();
    const recorder = new Recorder();
    const { connection } = connectionTo(server.port, recorder);
    const e = entry(7, [], true);
    connection.send(e);
    await until(() => recorder.written.length === 1);
    (server.sockets[0] as net.Socket).end();
    await until(() => recorder.closes.length === 1);
    expect(recorder.closes).toEqual([undefined]);
    connection.send(entry(7, [], true));
    await until(() => server.frames.length === 2);
    expect(recorder.opens).toBe(2);
    connection.disconnect(new (await import("../../runtime/core/errors.js")).ConnectionError("ECONNCLOSED", "test"));
    await connection.whenClosed();
    await server.close();
    await leaks.check();
  });

  it("fails the connection on a frame over maxFrameSize", async () => {
    const server = await rawServer();
    const recorder = new Recorder();
    const counters = { sent: 0, received: 0, lateReplies: 0, unknownReplies: 0 };
    const connection = new Connection<Entry>(
      { host: "127.0.0.1", port: server.port, connectTimeout: 1000, noDelay: true, keepAlive: false, maxFrameSize: 64 },
      recorder,
      counters,
    );
    connection.send(entry());
    await until(() => server.frames.length === 1);
    (server.sockets[0] as net.Socket).write(frame(5, 1, Buffer.alloc(100)));
    await until(() => recorder.failed.length === 1);
    expect(recorder.failed[0]?.slice(1)).toEqual(["EPROTO", true]);
    expect(recorder.closes).toEqual(["EPROTO"]);
    await connection.whenClosed();
    await server.close();
    await leaks.check();
  });
});

describe("hexDump", () => {
  it("formats exactly as MR::IProto's _debug_dump", () => {
    const bytes = frame(17, 0xdeadbeef, Buffer.from([1, 2, 3, 4, 5]));
    const perl = `
      package D; use Mouse; with 'MR::IProto::Role::Debuggable';
      package main;
      for my $noints (0, 1) {
        my $d = D->new(debug => 9, dump_no_ints => $noints, debug_cb => sub { print "$_[0]\\n" });
        $d->_debug_dump('send header: ', pack('H*', $ARGV[0]));
        $d->_debug_dump('send payload: ', '');
      }`;
    const out = execFileSync("perl", ["-e", perl, bytes.toString("hex")], { encoding: "utf8" }).replace(/\n$/, "").split("\n");
    expect([
      hexDump("send header: ", bytes),
      hexDump("send payload: ", new Uint8Array(0)),
      hexDump("send header: ", bytes, false),
      hexDump("send payload: ", new Uint8Array(0), false),
    ]).toEqual(out);
  });
});
