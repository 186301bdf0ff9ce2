/**
 * The hand-written references the benchmark compares IProtoClient with: a minimal pipelining net.Socket
 * client resolving one promise per request (with and without per-turn corking), and the same without
 * promises (a callback per request: Node's raw limit).
 */
import net from "node:net";

type Reply = (body: Buffer) => void;

class MinimalConnection {
  protected readonly socket: net.Socket;
  /**
   * Replies by sync, in an array indexed by a 16-bit sync (the bench never has 65,535 in flight): a
   * `Map` with an insert and a delete per request drives V8 into promoting requests to the old
   * generation in about half the runs (see runtime/transport/sync-table.ts), which would make these
   * references slower than a careful hand-written client is.
   */
  protected readonly pending = new Array<Reply | undefined>(65536);
  private nextSync = 0;
  private partial: Buffer | null = null;

  constructor(port: number) {
    this.socket = net.connect({ port, host: "127.0.0.1", noDelay: true });
    this.socket.on("data", (chunk: Buffer) => this.onData(chunk));
  }

  ready(): Promise<void> {
    return new Promise((resolve) => this.socket.once("connect", () => resolve()));
  }

  close(): void {
    this.socket.destroy();
  }

  protected write(msg: number, body: Buffer, reply: Reply): void {
    this.nextSync = (this.nextSync + 1) & 0xffff || 1;
    const frame = Buffer.allocUnsafe(12 + body.length);
    frame.writeUInt32LE(msg, 0);
    frame.writeUInt32LE(body.length, 4);
    frame.writeUInt32LE(this.nextSync, 8);
    body.copy(frame, 12);
    this.pending[this.nextSync] = reply;
    this.socket.write(frame);
  }

  private onData(chunk: Buffer): void {
    let data = this.partial === null ? chunk : Buffer.concat([this.partial, chunk]);
    let offset = 0;
    while (data.length - offset >= 12) {
      const length = data.readUInt32LE(offset + 4);
      if (data.length - offset < 12 + length) break;
      const sync = data.readUInt32LE(offset + 8);
      const reply = this.pending[sync & 0xffff];
      this.pending[sync & 0xffff] = undefined;
      reply?.(data.subarray(offset + 12, offset + 12 + length));
      offset += 12 + length;
    }
    this.partial = offset === data.length ? null : Buffer.from(data.subarray(offset));
  }
}

/** One promise per request, one socket.write per request. */
export class MinimalPromiseClient extends MinimalConnection {
  send(msg: number, body: Buffer): Promise<Buffer> {
    return new Promise((resolve) => this.write(msg, body, resolve));
  }
}

/** One promise per request; writes of one turn corked into one (Node's own batching idiom). */
export class CorkedPromiseClient extends MinimalConnection {
  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    this.socket.uncork();
  };

  send(msg: number, body: Buffer): Promise<Buffer> {
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.uncork);
    }
    return new Promise((resolve) => this.write(msg, body, resolve));
  }
}

/** No promises: a callback per request; writes of one turn corked into one. */
export class RawCallbackClient extends MinimalConnection {
  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    this.socket.uncork();
  };

  send(msg: number, body: Buffer, reply: Reply): void {
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.uncork);
    }
    this.write(msg, body, reply);
  }
}
