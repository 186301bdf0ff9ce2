import diagnostics from "node:diagnostics_channel";
import { describe, expect, it } from "vitest";
import { CHANNELS, IProtoClient, type RequestEndEvent, type RequestErrorEvent, type RequestStartEvent } from "../../runtime/index.js";
import { leakCheck, startServer, U32Request } from "./support.js";

describe("observability", () => {
  it("publishes request start, end and error on diagnostics channels", async () => {
    const leaks = leakCheck();
    const server = await startServer((msg, body) => (msg === 99 ? undefined : body));
    const client = new IProtoClient({ servers: server.address });
    const seen: string[] = [];
    const handlers = {
      [CHANNELS.requestStart]: (e: unknown) => seen.push(`start ${(e as RequestStartEvent).msg}`),
      [CHANNELS.requestEnd]: (e: unknown) => {
        const end = e as RequestEndEvent;
        expect(end.client).toBe(client);
        expect(end.duration).toBeGreaterThanOrEqual(0);
        seen.push(`end ${end.msg} ${end.server === server.address} ${end.tries}`);
      },
      [CHANNELS.requestError]: (e: unknown) => seen.push(`error ${(e as RequestErrorEvent).msg} ${(e as RequestErrorEvent).error.name}`),
    };
    for (const [name, handler] of Object.entries(handlers)) diagnostics.subscribe(name, handler);
    try {
      await client.send(new U32Request(1, [1]));
      await client.send(new U32Request(99, []), { timeout: 30 }).catch(() => {});
    } finally {
      for (const [name, handler] of Object.entries(handlers)) diagnostics.unsubscribe(name, handler);
    }
    expect(seen).toEqual(["start 1", "end 1 true 1", "start 99", "error 99 TimeoutError"]);
    await client.close();
    await server.server.close();
    await leaks.check();
  });

  it("keeps per-server counters that add up", async () => {
    const server = await startServer((msg, body) => (msg === 99 || msg === 2 ? undefined : body));
    const client = new IProtoClient({ servers: server.address });
    await Promise.all(Array.from({ length: 50 }, (_, i) => client.send(new U32Request(1, [i]))));
    await client.send({ msg: 2, noReply: true });
    await client.send(new U32Request(99, []), { timeout: 20 }).catch(() => {});
    const stats = client.stats();
    expect(stats).toMatchObject({ inFlight: 0, queued: 0 });
    expect(stats.servers[0]).toMatchObject({ sent: 52, received: 50, timeouts: 1, errors: 0, retries: 0, lateReplies: 0, unknownReplies: 0, connects: 1, up: true, connected: true });
    await client.close();
    await server.server.close();
  });

  it("logs like MR::IProto's debug levels: tries at 2, frames as hex dumps at 5 and 6", async () => {
    const server = await startServer((_msg, body) => body);
    const lines: string[] = [];
    const client = new IProtoClient({ servers: server.address, debug: 6, debugSink: (line) => lines.push(line), prefix: "T" });
    await client.send(new U32Request(17, [0x01020304]));
    await client.close();
    await server.server.close();
    const sync = 1; // a new connection's first sync
    expect(lines).toEqual([
      "T: send msg=17 try 1 of 2 total",
      `T: ${server.address}: connecting`,
      `T: ${server.address}: send header: 17 4 ${sync} > 11 00 00 00 04 00 00 00 ${hexU32(Number(sync))}`,
      `T: ${server.address}: send payload: 16909060 > 04 03 02 01`,
      `T: ${server.address}: connected`,
      `T: ${server.address}: recv header: 17 4 ${sync} > 11 00 00 00 04 00 00 00 ${hexU32(Number(sync))}`,
      `T: ${server.address}: recv payload: 16909060 > 04 03 02 01`,
      `T: ${server.address}: error: client closed`,
      `T: ${server.address}: closing socket`,
    ]);
  });
});

function hexU32(value: number): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ");
}
