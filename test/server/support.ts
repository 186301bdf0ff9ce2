/** A raw iproto peer for the hostile-server tests: writes whatever it is told, collects replies. */
import net from "node:net";
import { sleep } from "../client/support.js";

export class RawPeer {
  readonly socket: net.Socket;
  readonly replies: { msg: number; sync: number; body: Buffer }[] = [];
  closed = false;
  private pending: Buffer = Buffer.alloc(0);

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.pending = Buffer.concat([this.pending, chunk]);
      while (this.pending.length >= 12) {
        const length = this.pending.readUInt32LE(4);
        if (this.pending.length < 12 + length) break;
        this.replies.push({ msg: this.pending.readUInt32LE(0), sync: this.pending.readUInt32LE(8), body: this.pending.subarray(12, 12 + length) });
        this.pending = this.pending.subarray(12 + length);
      }
    });
    socket.on("error", () => {});
    socket.on("close", () => (this.closed = true));
  }

  static connect(port: number): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ host: "127.0.0.1", port }, () => resolve(new RawPeer(socket)));
      socket.once("error", reject);
    });
  }

  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Polls `condition` until it holds or `ms` pass; returns whether it held. */
export async function eventually(condition: () => boolean, ms = 30_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) return false;
    await sleep(5);
  }
  return true;
}
