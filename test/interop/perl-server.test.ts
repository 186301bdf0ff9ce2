/** Our client against the real Perl MR::IProto::Server (one Perl process for the whole file). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IProtoClient } from "../../runtime/index.js";
import { leakCheck, U32Request } from "../client/support.js";
import { startPerlServer } from "./perl-process.js";

// A Perl peer on a machine with both cores busy answers 2,000 pipelined requests slowly: the deadline is
// not what these tests are about, so it is far above any honest delay.
const GENEROUS = 30_000;

describe("IProtoClient against Perl's MR::IProto::Server", () => {
  let perl: Awaited<ReturnType<typeof startPerlServer>>;
  beforeAll(async () => {
    perl = await startPerlServer({ IPROTO_DEBUG: "5" });
  });
  afterAll(async () => {
    await perl.stop();
  });

  it("exchanges typed and raw messages, pipelined, bulk, large and empty", async () => {
    const leaks = leakCheck();
    const client = new IProtoClient({ servers: `127.0.0.1:${perl.port}`, timeout: GENEROUS });
    expect(await client.send(new U32Request(2, [1, 2, 3]))).toEqual([3, 2, 1]);
    expect(await client.send({ msg: 1, data: [1, 2, 0xffffffff], pack: "L*", unpack: "L*" })).toEqual([1, 2, 0xffffffff]);
    expect(await client.send({ msg: 1, data: new Uint8Array(0), unpack: (body: Uint8Array) => body.length })).toBe(0);
    const body = Buffer.from("héllo, perl", "utf8");
    expect(await client.send({ msg: 3, data: body, unpack: (reply: Uint8Array) => Buffer.from(reply) })).toEqual(Buffer.concat([Buffer.from([body.length, 0, 0, 0]), body]));

    // 2,000 pipelined, up to 256 in flight, each reply checked against its own request.
    let next = 0;
    await Promise.all(
      Array.from({ length: 256 }, async () => {
        while (next < 2000) {
          const i = next++;
          const values = [i, i * 3, 0xffffffff - i];
          expect(await client.send(new U32Request(i % 2 === 0 ? 1 : 2, values))).toEqual(i % 2 === 0 ? values : [...values].reverse());
        }
      }),
    );

    const bulk = await client.sendBulk(Array.from({ length: 50 }, (_, i) => new U32Request(1, [i])));
    expect(bulk).toEqual(Array.from({ length: 50 }, (_, i) => ({ response: [i] })));

    const large = Buffer.alloc(1024 * 1024, 0).map((_, i) => (i * 7) % 256);
    const echoed = await client.send({ msg: 1, data: large, unpack: (reply: Uint8Array) => Buffer.from(reply) });
    expect(echoed.equals(large)).toBe(true);
    await client.close();
    await leaks.check();
  });

  it("dumps frames exactly as Perl dumps the same frames", async () => {
    const lines: string[] = [];
    const client = new IProtoClient({ servers: `127.0.0.1:${perl.port}`, timeout: GENEROUS, debug: 5, debugSink: (line) => lines.push(line) });
    const before = perl.stderr.length;
    await client.send(new U32Request(2, [0xdeadbeef, 7]));
    await client.close();
    const ours = lines.filter((l) => /send (header|payload)/.test(l)).map((l) => l.replace(/^.*send /, ""));
    const perlDumps = (): string[] => perl.stderr.slice(before).filter((l) => /recv (header|payload)/.test(l)).map((l) => l.replace(/^.*recv /, ""));
    for (let i = 0; i < 200 && perlDumps().length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    const theirs = perlDumps();
    expect(ours).toHaveLength(2);
    expect(theirs).toEqual(ours);
  });
});
