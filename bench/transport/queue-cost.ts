/**
 * What a `send()` costs when it has to wait: 1k, 10k and 100k requests queued behind a server that
 * accepts and never answers (issue 14: 100,000 queued sends once took 4.4–7 s of synchronous time,
 * longer than the default deadline). Side by side in one process, per round: IProtoClient.send() of a
 * typed request (deadline on, the default), against the floor any promise API pays — a minimal queue
 * that allocates the request's record and a promise and pushes it (the best reference we can write for
 * "accept and return a promise", without a transport behind it). The floor is measured twice, pushing on
 * a plain array and on the client's own chunked queue (runtime/util/ring.ts: at 100,000 the array's
 * growth into large objects costs it more), and the ratio is to the lower of the two, so the client is
 * never compared with a floor that pays for a worse queue. Medians of per-round µs. Writes its section of
 * docs/benchmarks.md (`npm run bench -- queue`).
 */
import net from "node:net";
import { HEADER_SIZE, IProtoClient, writeHeader, type IProtoRequest } from "../../runtime/index.js";
import { Ring } from "../../runtime/util/ring.js";
import { writeBenchSection } from "../docs-section.js";

/** A typed request as generated code writes it: a u32 id. */
class Ping implements IProtoRequest<number> {
  readonly msg = 1;
  readonly noReply = false;
  readonly retry = false;
  readonly timeout = undefined;
  readonly key = undefined;
  constructor(readonly id: number) {}
  packetSize(): number {
    return HEADER_SIZE + 4;
  }
  encodeInto(t: Uint8Array, offset: number, sync: number): number {
    writeHeader(t, offset, 1, 4, sync);
    const id = this.id;
    t[offset + 12] = id;
    t[offset + 13] = id >>> 8;
    t[offset + 14] = id >>> 16;
    t[offset + 15] = id >>> 24;
    return offset + 16;
  }
  decodeResponse(body: Uint8Array): number {
    return body.length;
  }
  isRetry(): boolean {
    return false;
  }
}

interface Waiting {
  request: Ping;
  resolve: (v: number) => void;
  reject: (e: unknown) => void;
}

/** The floor: a record and a promise per call, pushed on an array. */
class FloorQueue {
  readonly waiting: Waiting[] = [];
  send(request: Ping): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
    });
  }
}

/** The same floor on the chunked queue the client uses. */
class FloorRing {
  readonly waiting = new Ring<Waiting>();
  send(request: Ping): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
    });
  }
}

const DEPTHS = [1_000, 10_000, 100_000];
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const silent = net.createServer((socket) => socket.on("data", () => {}));
await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
const { port } = silent.address() as net.AddressInfo;

async function clientRound(depth: number): Promise<number> {
  const client = new IProtoClient({ servers: `127.0.0.1:${port}`, maxQueued: 1_000_000, timeout: 600_000, maxParallel: 1 });
  // Connected first: the measure is the queue, not the connect (one socket open is ~1 ms).
  client.send(new Ping(0)).catch(() => {});
  await new Promise((resolve) => setTimeout(resolve, 20));
  const requests = Array.from({ length: depth }, (_, i) => new Ping(i));
  const pending: Promise<unknown>[] = new Array(depth);
  const started = process.hrtime.bigint();
  for (let i = 0; i < depth; i++) pending[i] = client.send(requests[i] as Ping);
  const us = Number(process.hrtime.bigint() - started) / 1000 / depth;
  for (const p of pending) p.catch(() => {});
  await client.close({ force: true });
  // Let the collector take the round's garbage before the next measure. (Not a forced gc(): measured,
  // a full collection before each round made every depth 2–10× slower for both sides, which says more
  // about V8's heap sizing after a forced collection than about the queue; no service runs like that.)
  await new Promise((resolve) => setTimeout(resolve, 50));
  return us;
}

function floorRound(depth: number, Queue: typeof FloorQueue | typeof FloorRing): number {
  const queue = new Queue();
  const requests = Array.from({ length: depth }, (_, i) => new Ping(i));
  const pending: Promise<unknown>[] = new Array(depth);
  const started = process.hrtime.bigint();
  for (let i = 0; i < depth; i++) pending[i] = queue.send(requests[i] as Ping);
  return Number(process.hrtime.bigint() - started) / 1000 / depth;
}

// Warm-up until both sides run optimized code: one round of 1,000 is interpreted code on both, which
// measures V8's tiers, not the queue (a cold first 1,000 sends cost ~2–4 µs each, the floor's ~0.9).
for (let r = 0; r < 5; r++) {
  await clientRound(10_000);
  floorRound(10_000, FloorQueue);
  floorRound(10_000, FloorRing);
}
const rows: string[] = [];
for (const depth of DEPTHS) {
  await clientRound(depth);
  floorRound(depth, FloorQueue);
  floorRound(depth, FloorRing);
  const client: number[] = [];
  const floorArray: number[] = [];
  const floorRing: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    client.push(await clientRound(depth));
    floorArray.push(floorRound(depth, FloorQueue));
    floorRing.push(floorRound(depth, FloorRing));
  }
  const c = median(client);
  const fa = median(floorArray);
  const fr = median(floorRing);
  const row = `| ${depth.toLocaleString("en")} | ${c.toFixed(2)} | ${fa.toFixed(2)} | ${fr.toFixed(2)} | ${(c / Math.min(fa, fr)).toFixed(1)}× |`;
  console.log(row);
  rows.push(row);
}
silent.close();

writeBenchSection(
  "queue",
  "Queued sends",
  `µs of synchronous time per \`send()\` while requests queue behind a server that never answers (typed
request, default deadline on, \`maxParallel: 1\` so all but one wait in the queue, connection open first; medians of ${ROUNDS} rounds, one process; \`npm run bench -- queue\`). The floor
is a record and a promise per call pushed on a queue, what any promise API pays before doing anything: on a
plain array, and on the chunked queue the client uses (the array's growth into large objects costs it more
at depth); the ratio is to the lower floor.

| queued | IProtoClient.send() µs | floor µs (array) | floor µs (chunked queue) | ratio |
|---|---|---|---|---|
${rows.join("\n")}
`,
);
