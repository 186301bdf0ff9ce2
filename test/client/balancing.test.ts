import { describe, expect, it } from "vitest";
import { ArgumentError, IProtoClient, createBalancer } from "../../runtime/index.js";
import { leakCheck, startServer, U32Request } from "./support.js";

describe("balancing through the client", () => {
  it("routes hash-crc32 keys to the server runtime/cluster (Perl parity) chooses, and around a down one", async () => {
    const leaks = leakCheck();
    const seen = [new Set<string>(), new Set<string>(), new Set<string>()];
    const servers = await Promise.all(
      seen.map((keys) =>
        startServer((_msg, body) => {
          keys.add(Buffer.from(body).toString("utf8"));
          return body;
        }),
      ),
    );
    const list = servers.map((s) => ({ host: "127.0.0.1", port: s.port, weight: 1 }));
    const client = new IProtoClient({ servers: list, balance: "hash-crc32" });
    const balancer = createBalancer("hash-crc32", list);
    const keys = Array.from({ length: 60 }, (_, i) => `user:${i * 7919}`);
    for (const key of keys) await client.send({ msg: 1, data: Buffer.from(key), key, unpack: () => key });
    for (const key of keys) {
      const expected = balancer.pick(Buffer.from(key), () => true);
      expect(seen[expected]?.has(key), key).toBe(true);
    }
    // Numbers are keyed by their decimal text, as Perl stringifies them.
    await client.send({ msg: 1, data: Buffer.from("12345"), key: 12345, unpack: () => 0 });
    expect(seen[balancer.pick(Buffer.from("12345"), () => true)]?.has("12345")).toBe(true);

    // Server 0 down: its keys probe on to others (as Perl's hash-crc32 does), the rest stay put.
    await servers[0]?.server.close();
    await client.send({ msg: 1, data: Buffer.from("x"), key: keys.find((k) => balancer.pick(Buffer.from(k), () => true) === 0) as string, unpack: () => 0 }).catch(() => {});
    expect(client.stats().servers[0]?.up).toBe(false);
    for (const set of seen) set.clear();
    for (const key of keys) await client.send({ msg: 1, data: Buffer.from(key), key, unpack: () => key });
    for (const key of keys) {
      const expected = balancer.pick(Buffer.from(key), (i) => i !== 0);
      expect(seen[expected]?.has(key), key).toBe(true);
    }
    expect(seen[0]?.size).toBe(0);
    await client.close();
    await Promise.all(servers.slice(1).map((s) => s.server.close()));
    await leaks.check();
  });

  it("rejects a keyless request under hash balancing (Perl dies the same way)", async () => {
    const client = new IProtoClient({ servers: "127.0.0.1:1,127.0.0.1:2", balance: "ketama" });
    const error = await client.send(new U32Request(1, [])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error).toMatchObject({ code: "EINVAL" });
    await client.close();
  });
});
