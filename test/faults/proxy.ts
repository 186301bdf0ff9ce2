/**
 * A TCP proxy for fault injection between a client and a server, on 127.0.0.1. Each direction has its
 * own faults, changeable at any time: delay, byte-by-byte delivery (optionally slow), coalescing,
 * dropping, stalling (stop reading, so the sender's buffers fill), truncation. Replies can also be
 * rewritten frame by frame: corrupt length, unknown sync, duplicated frames; and bytes injected.
 */
import net from "node:net";

export interface Faults {
  /** Milliseconds to hold each chunk before forwarding it. */
  delay: number;
  /** Forward byte by byte, each in its own write and loop turn. */
  split: boolean;
  /** With `split`: milliseconds between bytes (a server answering one byte a second). */
  byteInterval: number;
  /** Hold chunks and forward them joined, every this many milliseconds (0: off). */
  coalesceMs: number;
  /** Swallow everything. */
  drop: boolean;
  /** Stop reading from the sender: its buffers fill up. */
  stall: boolean;
  /** Forward this many more bytes, then close both sides (undefined: off). */
  truncateAfter: number | undefined;
  /** Frame level: the next frame's length becomes 0xFFFFFFFF. */
  corruptLength: boolean;
  /** Frame level: frames get a sync no request has. */
  unknownSync: boolean;
  /** Frame level: every frame is sent twice. */
  duplicate: boolean;
}

function noFaults(): Faults {
  return {
    delay: 0,
    split: false,
    byteInterval: 0,
    coalesceMs: 0,
    drop: false,
    stall: false,
    truncateAfter: undefined,
    corruptLength: false,
    unknownSync: false,
    duplicate: false,
  };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** One direction of one proxied connection. */
class Pipe {
  private chain: Promise<void> = Promise.resolve();
  private frameBuffer: Buffer = Buffer.alloc(0);
  private held: Buffer[] = [];
  private coalesceTimer: NodeJS.Timeout | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly from: net.Socket,
    private readonly to: net.Socket,
    private readonly faults: () => Faults,
    private readonly closeBoth: () => void,
    readonly counter: { bytes: number },
  ) {
    from.on("data", (chunk: Buffer) => {
      if (this.faults().stall) from.pause();
      this.chain = this.chain.then(() => this.forward(chunk));
    });
    if (this.faults().stall) from.pause();
  }

  /** Re-checks `stall`: resumes reading once it was lifted. */
  wake(): void {
    if (!this.faults().stall && this.from.isPaused()) this.from.resume();
  }

  stop(): void {
    this.closed = true;
    clearTimeout(this.coalesceTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** A sleep that `stop` cancels (the chain then never continues). */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async forward(chunk: Buffer): Promise<void> {
    const faults = this.faults();
    if (this.closed || faults.drop) return;
    if (faults.corruptLength || faults.unknownSync || faults.duplicate) chunk = this.rewriteFrames(chunk, faults);
    if (chunk.length === 0) return;
    if (faults.delay > 0) await this.sleep(faults.delay);
    if (faults.truncateAfter !== undefined) {
      if (chunk.length >= faults.truncateAfter) {
        this.write(chunk.subarray(0, faults.truncateAfter));
        faults.truncateAfter = undefined;
        await nextTurn();
        this.closeBoth();
        return;
      }
      faults.truncateAfter -= chunk.length;
    }
    if (faults.split) {
      for (const byte of chunk) {
        if (this.closed) return;
        this.write(Buffer.of(byte));
        if (faults.byteInterval > 0) await this.sleep(faults.byteInterval);
        else await nextTurn();
      }
    } else if (faults.coalesceMs > 0) {
      this.held.push(chunk);
      this.coalesceTimer ??= setTimeout(() => {
        this.coalesceTimer = undefined;
        this.write(Buffer.concat(this.held.splice(0)));
      }, faults.coalesceMs);
    } else this.write(chunk);
  }

  private write(bytes: Buffer): void {
    if (this.closed || this.to.destroyed) return;
    this.counter.bytes += bytes.length;
    this.to.write(bytes);
  }

  /** Reassembles whole frames and rewrites them; a partial frame waits for the rest. */
  private rewriteFrames(chunk: Buffer, faults: Faults): Buffer {
    this.frameBuffer = Buffer.concat([this.frameBuffer, chunk]);
    const out: Buffer[] = [];
    while (this.frameBuffer.length >= 12 && this.frameBuffer.length >= 12 + this.frameBuffer.readUInt32LE(4)) {
      const size = 12 + this.frameBuffer.readUInt32LE(4);
      const frame = Buffer.from(this.frameBuffer.subarray(0, size));
      this.frameBuffer = this.frameBuffer.subarray(size);
      if (faults.corruptLength) {
        frame.writeUInt32LE(0xffffffff, 4);
        faults.corruptLength = false;
      }
      if (faults.unknownSync) frame.writeUInt32LE((frame.readUInt32LE(8) ^ 0x5a5a0000) >>> 0 || 7, 8);
      out.push(frame);
      if (faults.duplicate) out.push(frame);
    }
    return Buffer.concat(out);
  }
}

interface Pair {
  client: net.Socket;
  server: net.Socket;
  pipes: Pipe[];
}

export class FaultProxy {
  /** Faults of replies: server to client. */
  readonly down: Faults = noFaults();
  /** Faults of requests: client to server. */
  readonly up: Faults = noFaults();
  readonly bytes = { down: { bytes: 0 }, up: { bytes: 0 } };
  private readonly pairs = new Set<Pair>();
  private readonly server: net.Server;
  port = 0;

  constructor(private readonly target: { host?: string; port: number }) {
    this.server = net.createServer((client) => this.accept(client));
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get connections(): number {
    return this.pairs.size;
  }

  async listen(port = 0): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(port, "127.0.0.1", resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  /** Applies changed `stall` settings to open connections. */
  wake(): void {
    for (const pair of this.pairs) for (const pipe of pair.pipes) pipe.wake();
  }

  /** Sends bytes to every client, as if the server had. */
  inject(bytes: Buffer): void {
    for (const pair of this.pairs) pair.client.write(bytes);
  }

  /** Aborts every connection with a TCP RST on both sides. */
  reset(): void {
    for (const pair of this.pairs) {
      pair.client.resetAndDestroy();
      pair.server.resetAndDestroy();
    }
  }

  /** Closes every connection (FIN), keeps listening. */
  drop(): void {
    for (const pair of this.pairs) this.closePair(pair);
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.drop();
    await closed;
  }

  private accept(client: net.Socket): void {
    const server = net.connect(this.target.port, this.target.host ?? "127.0.0.1");
    const pair: Pair = { client, server, pipes: [] };
    this.pairs.add(pair);
    const closeBoth = (): void => this.closePair(pair);
    client.on("error", closeBoth);
    server.on("error", closeBoth);
    client.on("close", closeBoth);
    server.on("close", closeBoth);
    pair.pipes.push(
      new Pipe(client, server, () => this.up, closeBoth, this.bytes.up),
      new Pipe(server, client, () => this.down, closeBoth, this.bytes.down),
    );
  }

  private closePair(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    for (const pipe of pair.pipes) pipe.stop();
    pair.client.destroy();
    pair.server.destroy();
  }
}
