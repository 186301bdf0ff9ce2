/**
 * Shared by the transport, client, server, interop and fault tests: hand-written typed requests, servers
 * on 127.0.0.1 with OS-chosen ports, a settle-once tracker and the leak check.
 */
import { createHook } from "node:async_hooks";
import net from "node:net";
import { expect } from "vitest";
import { DecodeError, HEADER_SIZE, IProtoServer, ServerError, type IProtoHandler, type IProtoRequest } from "../../runtime/index.js";

function writeU32(target: Uint8Array, offset: number, value: number): void {
  new DataView(target.buffer, target.byteOffset, target.byteLength).setUint32(offset, value, true);
}

/** A typed request as generated code would write one: body = u32 values; response = u32 values. */
export class U32Request implements IProtoRequest<number[]> {
  readonly timeout: number | undefined;
  readonly key: string | undefined;
  constructor(
    readonly msg: number,
    readonly values: readonly number[],
    options: { retry?: boolean; noReply?: boolean; timeout?: number; key?: string; askRetry?: (r: number[]) => boolean } = {},
  ) {
    this.retry = options.retry ?? false;
    this.noReply = options.noReply ?? false;
    this.timeout = options.timeout;
    this.key = options.key;
    this.askRetry = options.askRetry;
  }
  readonly retry: boolean;
  readonly noReply: boolean;
  private readonly askRetry: ((r: number[]) => boolean) | undefined;
  packetSize(): number {
    return HEADER_SIZE + this.values.length * 4;
  }
  encodeInto(target: Uint8Array, offset: number, sync: number): number {
    writeU32(target, offset, this.msg);
    writeU32(target, offset + 4, this.values.length * 4);
    writeU32(target, offset + 8, sync);
    this.values.forEach((value, i) => writeU32(target, offset + HEADER_SIZE + i * 4, value));
    return offset + this.packetSize();
  }
  decodeResponse(body: Uint8Array): number[] {
    if (body.length % 4 !== 0) throw new DecodeError("U32Response", "", body.length - (body.length % 4), "trailing bytes");
    const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
    return Array.from({ length: body.length / 4 }, (_, i) => view.getUint32(i * 4, true));
  }
  isRetry(response: number[]): boolean {
    return this.askRetry?.(response) ?? false;
  }
}

/** Box-like envelope: u32 code, then either the values or a NUL-terminated message (code & 0xff == 1: temporary). */
export class EnvelopeRequest extends U32Request {
  override decodeResponse(body: Uint8Array): number[] {
    const code = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0, true);
    if (code !== 0) {
      const text = Buffer.from(body.subarray(4)).toString("utf8").replace(/\0$/, "");
      throw new ServerError(code, text, (code & 0xff) === 1);
    }
    return super.decodeResponse(body.subarray(4));
  }
}

export function u32Body(...values: number[]): Uint8Array {
  const body = new Uint8Array(values.length * 4);
  values.forEach((value, i) => writeU32(body, i * 4, value));
  return body;
}

export function frame(msg: number, sync: number, body: Uint8Array): Buffer {
  const out = Buffer.alloc(HEADER_SIZE + body.length);
  out.writeUInt32LE(msg, 0);
  out.writeUInt32LE(body.length, 4);
  out.writeUInt32LE(sync, 8);
  out.set(body, HEADER_SIZE);
  return out;
}

export async function startServer(handler: IProtoHandler): Promise<{ server: IProtoServer; port: number; address: string }> {
  const server = new IProtoServer({ host: "127.0.0.1", port: 0, handler, onError: () => {} });
  const { port } = await server.listen();
  return { server, port, address: `127.0.0.1:${port}` };
}

/** A port nothing listens on (bound, then released). */
export async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Counts settlements per promise: each must settle exactly once. */
export class SettleTracker {
  readonly outcomes: ({ value: unknown } | { error: unknown })[] = [];
  private settled = 0;
  private double = 0;
  private readonly marks = new WeakSet<object>();

  track<T>(promise: Promise<T>): Promise<T> {
    const index = this.outcomes.length;
    this.outcomes.push(undefined as never);
    const mark = {};
    const record = (outcome: { value: unknown } | { error: unknown }): void => {
      if (this.marks.has(mark)) this.double++;
      this.marks.add(mark);
      this.settled++;
      this.outcomes[index] = outcome;
    };
    promise.then(
      (value) => record({ value }),
      (error: unknown) => record({ error }),
    );
    return promise;
  }

  /** A callback for the callback form that counts calls. */
  callback(): (error: Error | null, response?: unknown) => void {
    const index = this.outcomes.length;
    this.outcomes.push(undefined as never);
    let calls = 0;
    return (error, response) => {
      calls++;
      if (calls > 1) this.double++;
      this.settled++;
      this.outcomes[index] = error === null ? { value: response } : { error };
    };
  }

  get count(): number {
    return this.outcomes.length;
  }

  errors(): unknown[] {
    return this.outcomes.flatMap((o) => (o !== undefined && "error" in o ? [o.error] : []));
  }

  values(): unknown[] {
    return this.outcomes.flatMap((o) => (o !== undefined && "value" in o ? [o.value] : []));
  }

  /** Waits for all, then asserts each settled exactly once. */
  async allSettledOnce(timeoutMs = 20_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.settled < this.outcomes.length && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    expect(this.double).toBe(0);
    expect(this.settled).toBe(this.outcomes.length);
  }
}

/** Resource types that outlive a test when something was not closed. */
const WATCHED = new Set(["Timeout", "TCPWRAP", "TCPSERVERWRAP", "TCPCONNECTWRAP", "GETADDRINFOREQWRAP"]);

/**
 * Tracks the sockets, servers and timers created from now on (except by the test runner itself); `check`
 * then asserts that every one of them is gone. Counting `process.getActiveResourcesInfo()` alone is not
 * precise enough, as the runner's own timers come and go; it is checked too, as a cross-check.
 */
export function leakCheck(): { check(): Promise<void> } {
  const live = new Map<number, string>();
  const hook = createHook({
    init(id, type) {
      if (!WATCHED.has(type)) return;
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 40;
      const stack = new Error().stack ?? "";
      Error.stackTraceLimit = limit;
      if (!stack.includes("/node_modules/")) live.set(id, `${type} ${stack.split("\n").slice(2, 12).join("\n")}`);
    },
    destroy(id) {
      live.delete(id);
    },
  }).enable();
  const before = process.getActiveResourcesInfo().filter((name) => name.startsWith("TCP")).length;
  return {
    async check() {
      // A few loop turns for handles whose close callbacks are pending.
      for (let turn = 0; turn < 10 && live.size > 0; turn++) await new Promise((resolve) => setImmediate(resolve));
      hook.disable();
      expect([...live.values()]).toEqual([]);
      expect(process.getActiveResourcesInfo().filter((name) => name.startsWith("TCP")).length).toBeLessThanOrEqual(before);
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface RawFrame {
  readonly socket: net.Socket;
  readonly msg: number;
  readonly sync: number;
  readonly body: Buffer;
  reply(body: Uint8Array, msg?: number, sync?: number): void;
}

/**
 * A server at the socket level, for misbehaviour IProtoServer would never show: the test decides what
 * bytes go back for each frame (or destroys the socket).
 */
export async function scriptedServer(
  onFrame: (frame: RawFrame) => void,
  port = 0,
): Promise<{ port: number; address: string; sockets: Set<net.Socket>; received: RawFrame[]; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const received: RawFrame[] = [];
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let pending: Buffer = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 12 && pending.length >= 12 + pending.readUInt32LE(4)) {
        const length = pending.readUInt32LE(4);
        const msg = pending.readUInt32LE(0);
        const sync = pending.readUInt32LE(8);
        const body = Buffer.from(pending.subarray(12, 12 + length));
        pending = pending.subarray(12 + length);
        const raw: RawFrame = {
          socket,
          msg,
          sync,
          body,
          reply: (replyBody, replyMsg = msg, replySync = sync) => {
            if (!socket.destroyed) socket.write(frame(replyMsg, replySync, replyBody));
          },
        };
        received.push(raw);
        onFrame(raw);
        if (socket.destroyed) return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const bound = (server.address() as net.AddressInfo).port;
  return {
    port: bound,
    address: `127.0.0.1:${bound}`,
    sockets,
    received,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
