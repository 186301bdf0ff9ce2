/**
 * Soak: many requests over three servers while one of them is killed and restarted every so often.
 * Default: 100,000 requests (a few seconds). `SOAK=1`: a million, a kill every second.
 */
import diagnostics from "node:diagnostics_channel";
import { expect, it } from "vitest";
import { CHANNELS, HEADER_SIZE, IProtoClient, IProtoError, IProtoServer, type IProtoRequest } from "../../runtime/index.js";
import { leakCheck } from "../client/support.js";

const FULL = process.env.SOAK === "1";
const TOTAL = FULL ? 1_000_000 : 100_000;
const KILL_EVERY_MS = FULL ? 1000 : 300;
const DOWN_FOR_MS = FULL ? 500 : 100;
const IN_FLIGHT = 256;

class SoakRequest implements IProtoRequest<number> {
  readonly msg = 9;
  readonly noReply = false;
  readonly timeout = undefined;
  readonly key = undefined;
  constructor(
    readonly id: number,
    readonly retry: boolean,
  ) {}
  packetSize(): number {
    return HEADER_SIZE + 4;
  }
  encodeInto(target: Uint8Array, offset: number, sync: number): number {
    const view = new DataView(target.buffer, target.byteOffset + offset, 16);
    view.setUint32(0, 9, true);
    view.setUint32(4, 4, true);
    view.setUint32(8, sync, true);
    view.setUint32(12, this.id, true);
    return offset + 16;
  }
  decodeResponse(body: Uint8Array): number {
    return new DataView(body.buffer, body.byteOffset, 4).getUint32(0, true);
  }
  isRetry(): boolean {
    return false;
  }
}

/** A server that counts receipts per id in a shared array. */
function soakServer(receipts: Uint8Array, port: number): IProtoServer {
  return new IProtoServer({
    host: "127.0.0.1",
    port,
    handler: (_msg, body) => {
      const id = new DataView(body.buffer, body.byteOffset, 4).getUint32(0, true);
      receipts[id] = (receipts[id] as number) + 1;
      return body;
    },
  });
}

it(`soak: ${TOTAL.toLocaleString("en")} requests over three servers, one killed and restarted every ${KILL_EVERY_MS} ms`, { timeout: 120_000 }, async () => {
  const leaks = leakCheck();
  const receipts = new Uint8Array(TOTAL + 1);
  const servers = [soakServer(receipts, 0), soakServer(receipts, 0), soakServer(receipts, 0)];
  const ports = await Promise.all(servers.map(async (s) => (await s.listen()).port));
  const client = new IProtoClient({
    servers: ports.map((port) => `127.0.0.1:${port}`).join(","),
    reconnectDelay: 20,
    reconnectDelayMax: 200,
    timeout: 2000,
  });
  let retryEvents = 0;
  const onRetry = (): void => void retryEvents++;
  diagnostics.subscribe(CHANNELS.requestRetry, onRetry);

  let victim = 0;
  let killing = true;
  let kills = 0;
  const killer = (async () => {
    while (killing) {
      await new Promise((resolve) => setTimeout(resolve, KILL_EVERY_MS));
      if (!killing) break;
      const index = victim++ % servers.length;
      await servers[index]?.close({ force: true });
      kills++;
      await new Promise((resolve) => setTimeout(resolve, DOWN_FOR_MS));
      servers[index] = soakServer(receipts, ports[index] as number);
      await servers[index]?.listen();
    }
  })();

  const settledCount = new Uint8Array(TOTAL + 1);
  let ok = 0;
  const failures = new Map<string, number>();
  let nonRetryableResent = 0;
  let next = 1;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next <= TOTAL) {
        const id = next++;
        const retry = id % 2 === 0;
        try {
          const echoed = await client.send(new SoakRequest(id, retry));
          expect(echoed).toBe(id);
          ok++;
        } catch (error) {
          const code = error instanceof IProtoError ? error.code : String(error);
          failures.set(code, (failures.get(code) ?? 0) + 1);
        }
        settledCount[id] = (settledCount[id] as number) + 1;
      }
    }),
  );
  const elapsed = performance.now() - started;
  killing = false;
  await killer;
  diagnostics.unsubscribe(CHANNELS.requestRetry, onRetry);

  for (let id = 1; id <= TOTAL; id++) {
    if (settledCount[id] !== 1) throw new Error(`request ${id} settled ${settledCount[id]} times`);
    if (id % 2 === 1 && (receipts[id] as number) > 1) nonRetryableResent++;
  }
  const failed = [...failures.values()].reduce((a, b) => a + b, 0);
  const stats = client.stats();
  const sum = (key: "sent" | "received" | "retries" | "errors" | "timeouts" | "lateReplies" | "unknownReplies"): number =>
    stats.servers.reduce((total, server) => total + server[key], 0);
  console.log(
    `soak: ${TOTAL} requests in ${(elapsed / 1000).toFixed(1)} s (${Math.round(TOTAL / (elapsed / 1000))}/s), ${kills} kills; ok ${ok}, failed ${failed} ${JSON.stringify(Object.fromEntries(failures))}; ` +
      `sent ${sum("sent")}, received ${sum("received")}, retries ${sum("retries")}, errors ${sum("errors")}, timeouts ${sum("timeouts")}, late ${sum("lateReplies")}, unknown ${sum("unknownReplies")}`,
  );
  expect(ok + failed).toBe(TOTAL);
  expect(kills).toBeGreaterThan(0);
  expect(nonRetryableResent).toBe(0);
  // Counters add up: each success is one matched reply; each retry was announced; every try that
  // failed on a server is an error there.
  expect(sum("received")).toBe(ok);
  expect(sum("retries")).toBe(retryEvents);
  expect(sum("sent")).toBeGreaterThanOrEqual(sum("received"));
  expect(sum("errors")).toBeGreaterThanOrEqual((failures.get("ECONNCLOSED") ?? 0) + (failures.get("ECONNRESET") ?? 0));
  expect(stats).toMatchObject({ inFlight: 0, queued: 0 });
  expect(failed).toBeLessThan(TOTAL * 0.2);

  await client.close();
  await Promise.all(servers.map((s) => s.close()));
  await leaks.check();
});
