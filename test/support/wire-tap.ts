/**
 * A recording TCP proxy on 127.0.0.1 in front of an iproto server: every frame that passes, in either
 * direction, is kept as header fields and body bytes. Tests point a client (ours or Perl's) at the tap to
 * see exactly what went on the wire, e.g. which message code a DELETE used.
 */
import { createServer, connect, type Server, type Socket } from "node:net";

const HEADER = 12;

export interface TappedFrame {
  readonly direction: "request" | "response";
  readonly msg: number;
  readonly sync: number;
  readonly body: Uint8Array;
}

/** Splits a byte stream into iproto frames (12-byte header: msg, body length, sync; all u32 LE). */
class FrameSplitter {
  #pending = Buffer.alloc(0);
  constructor(private readonly emit: (msg: number, sync: number, body: Uint8Array) => void) {}

  push(chunk: Buffer): void {
    this.#pending = Buffer.concat([this.#pending, chunk]);
    while (this.#pending.length >= HEADER) {
      const length = this.#pending.readUInt32LE(4);
      if (this.#pending.length < HEADER + length) return;
      const body = Uint8Array.from(this.#pending.subarray(HEADER, HEADER + length));
      this.emit(this.#pending.readUInt32LE(0), this.#pending.readUInt32LE(8), body);
      this.#pending = this.#pending.subarray(HEADER + length);
    }
  }
}

export class WireTap {
  readonly frames: TappedFrame[] = [];
  readonly #sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** `127.0.0.1:port` of the tap. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  static async start(target: { host: string; port: number }): Promise<WireTap> {
    let tap: WireTap | undefined;
    const server = createServer((client) => tap?.relay(client, target));
    await new Promise<void>((done, fail) => {
      server.once("error", fail);
      server.listen(0, "127.0.0.1", () => done());
    });
    const address = server.address();
    if (typeof address !== "object" || address === null) throw new Error("tap has no port");
    tap = new WireTap(server, address.port);
    return tap;
  }

  private relay(client: Socket, target: { host: string; port: number }): void {
    const upstream = connect(target);
    this.#sockets.add(client).add(upstream);
    const record = (direction: TappedFrame["direction"]) =>
      new FrameSplitter((msg, sync, body) => this.frames.push({ direction, msg, sync, body }));
    const requests = record("request");
    const responses = record("response");
    client.on("data", (chunk: Buffer) => {
      requests.push(chunk);
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      responses.push(chunk);
      client.write(chunk);
    });
    const close = (): void => {
      client.destroy();
      upstream.destroy();
      this.#sockets.delete(client);
      this.#sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.on("error", close);
      socket.on("close", close);
    }
  }

  /** Frames recorded so far in one direction. */
  requests(): TappedFrame[] {
    return this.frames.filter((f) => f.direction === "request");
  }

  responses(): TappedFrame[] {
    return this.frames.filter((f) => f.direction === "response");
  }

  clear(): void {
    this.frames.length = 0;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}
