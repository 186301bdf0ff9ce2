/**
 * Backends and bookkeeping for the fault tests: every request carries a unique id, each backend counts
 * how often it received each id, so a test can prove that only retryable requests were sent twice.
 */
import { expect } from "vitest";
import { HEADER_SIZE, IProtoServer, type IProtoRequest } from "../../runtime/index.js";
import { SettleTracker } from "../client/support.js";

/** Request body: id, delay before the reply (ms). Reply: the same two u32s. */
export class IdRequest implements IProtoRequest<{ id: number }> {
  readonly noReply = false;
  readonly key: string;
  constructor(
    readonly id: number,
    readonly retry: boolean,
    readonly delay = 0,
    readonly timeout: number | undefined = undefined,
    readonly msg = 7,
  ) {
    this.key = String(id);
  }
  packetSize(): number {
    return HEADER_SIZE + 8;
  }
  encodeInto(target: Uint8Array, offset: number, sync: number): number {
    const view = new DataView(target.buffer, target.byteOffset + offset, 20);
    view.setUint32(0, this.msg, true);
    view.setUint32(4, 8, true);
    view.setUint32(8, sync, true);
    view.setUint32(12, this.id, true);
    view.setUint32(16, this.delay, true);
    return offset + 20;
  }
  decodeResponse(body: Uint8Array): { id: number } {
    const id = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0, true);
    if (id !== this.id) throw new Error(`reply for ${id} given to ${this.id}`);
    return { id };
  }
  isRetry(): boolean {
    return false;
  }
}

export class Backend {
  readonly receipts = new Map<number, number>();
  private busy = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  server: IProtoServer;
  port = 0;

  constructor() {
    this.server = this.make(0);
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(port = this.port): Promise<this> {
    this.server = this.make(port);
    this.port = (await this.server.listen()).port;
    return this;
  }

  /** Kills the server: connections dropped at once, pending replies never sent. */
  async kill(): Promise<void> {
    await this.server.close({ force: true });
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.busy = 0;
  }

  private make(port: number): IProtoServer {
    return new IProtoServer({
      host: "127.0.0.1",
      port,
      onError: () => {},
      handler: (_msg, body) => {
        const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
        const id = view.getUint32(0, true);
        const delay = view.getUint32(4, true);
        this.receipts.set(id, (this.receipts.get(id) ?? 0) + 1);
        if (delay === 0) return body;
        const copy = Uint8Array.from(body);
        this.busy++;
        return new Promise<Uint8Array>((resolve) => {
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            this.busy--;
            resolve(copy);
          }, delay);
          this.timers.add(timer);
        });
      },
    });
  }

  async idle(): Promise<void> {
    while (this.busy > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Sends id-tagged requests, tracks their outcomes, checks the invariants every fault test asserts. */
export class Ledger {
  readonly tracker = new SettleTracker();
  readonly retryable = new Set<number>();
  readonly all: number[] = [];

  track<T>(request: IdRequest, promise: Promise<T>): Promise<T> {
    this.all.push(request.id);
    if (request.retry) this.retryable.add(request.id);
    return this.tracker.track(promise);
  }

  /** Every promise settled exactly once; no non-retryable request reached servers twice. */
  async verify(backends: readonly Backend[], maxTries = 2): Promise<void> {
    await this.tracker.allSettledOnce();
    for (const id of this.all) {
      const receipts = backends.reduce((sum, b) => sum + (b.receipts.get(id) ?? 0), 0);
      if (this.retryable.has(id)) expect(receipts).toBeLessThanOrEqual(maxTries);
      else expect(receipts, `non-retryable request ${id} received ${receipts} times`).toBeLessThanOrEqual(1);
    }
  }
}
