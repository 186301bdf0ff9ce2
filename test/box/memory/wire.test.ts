/**
 * MemoryBox behind an IProtoServer, as a user's unit test would use it: the generated Box client
 * (generated-examples/box.ts) talks to it over 127.0.0.1, and gets typed replies and the ServerErrors a
 * real server would cause. And the handler never throws, whatever bytes arrive: random bodies for every
 * message code get a well-formed reply.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BoxClient, BoxFlags, UpdateOp } from "../../../generated-examples/box.js";
import { IProtoClient, IProtoServer, isBoxError, MemoryBox, ServerError } from "../../../runtime/index.js";
import { prng, str, u32, u64 } from "./random-ops.js";
import { SPACES } from "./spaces.js";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const DEADLINE_MS = 30_000;

describe("MemoryBox behind IProtoServer, through the generated Box client", () => {
  const box = new MemoryBox(SPACES);
  const server = new IProtoServer({ host: "127.0.0.1", port: 0, handler: box.handler() });
  let client: IProtoClient | undefined;
  let boxClient: BoxClient<unknown>;

  beforeAll(async () => {
    const { port } = await server.listen();
    client = new IProtoClient({ servers: `127.0.0.1:${port}`, timeout: DEADLINE_MS, connectTimeout: DEADLINE_MS });
    boxClient = new BoxClient(client);
  });
  afterAll(async () => {
    await client?.close();
    await server.close();
  });

  it("PING, INSERT with RETURN_TUPLE, SELECT, UPDATE and DELETE answer as the server does", async () => {
    expect(await boxClient.ping()).toEqual({});
    const inserted = await boxClient.insert({ space: 0, flags: BoxFlags.RETURN_TUPLE, tuple: { fields: [u32(2), str("bob"), u32(20)] } });
    expect(inserted.tuples?.map((t) => [t.size, t.cardinality, t.fields.map(hex)])).toEqual([[14, 3, [hex(u32(2)), hex(str("bob")), hex(u32(20))]]]);
    expect(await boxClient.insert({ space: 0, tuple: { fields: [u32(1), str("alice"), u32(10)] } })).toEqual({ count: 1, tuples: undefined });

    const selected = await boxClient.select({ space: 0, index: 0, keys: [{ fields: [u32(2)] }, { fields: [u32(1)] }] });
    expect(selected.tuples.map((t) => hex(t.fields[1]!))).toEqual([hex(str("bob")), hex(str("alice"))]);

    const updated = await boxClient.update({ space: 0, flags: BoxFlags.RETURN_TUPLE, key: { fields: [u32(1)] }, operations: [{ field: 2, op: UpdateOp.ADD, argument: u32(5) }] });
    expect(updated.tuples?.[0]?.fields.map(hex)).toEqual([hex(u32(1)), hex(str("alice")), hex(u32(15))]);
    expect(box.tuples(0).map((t) => hex(t[2]!))).toEqual([hex(u32(15)), hex(u32(20))]);

    const deleted = await boxClient.delete({ space: 0, key: { fields: [u32(2)] } });
    expect(deleted.count).toBe(1);
    expect(box.tuples(0)).toHaveLength(1);
  });

  it("errors arrive as the ServerErrors a real server causes", async () => {
    const error = await boxClient.insert({ space: 0, flags: BoxFlags.ADD, tuple: { fields: [u32(1), str("dup")] } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(isBoxError(error, "ER_TUPLE_FOUND")).toBe(true);
    expect([(error as ServerError).returnCode, (error as ServerError).serverMessage]).toEqual([0x3702, "Duplicate key exists in unique index 0"]);
    const bad = await boxClient.select({ space: 2, index: 0, keys: [{ fields: [str("ab")] }] }).catch((e: unknown) => e);
    expect(isBoxError(bad, "ER_KEY_FIELD_TYPE")).toBe(true);
  });
});

describe("MemoryBox handler: never a throw", () => {
  it("answers random bodies for every message code with a reply that parses", () => {
    const box = new MemoryBox(SPACES);
    const handler = box.handler();
    const rnd = prng(7);
    const int = (n: number) => Math.floor(rnd() * n);
    const info = { id: 1, remoteAddress: "127.0.0.1", remotePort: 1 };
    // Some valid tuples first, so that UPDATE and DELETE find something to work on.
    for (let id = 0; id < 5; id++) box.insert(0, [u32(id), str("n"), u64(BigInt(id))]);
    for (let i = 0; i < 5000; i++) {
      const msg = [13, 17, 19, 20, 21, 22, 0xff00, 99][int(8)]!;
      // A valid-looking prefix (space 0, small numbers) and then random bytes.
      const body = new Uint8Array(int(40)).map(() => (rnd() < 0.6 ? int(4) : int(256)));
      const reply = handler(msg, body, info);
      expect(reply).toBeInstanceOf(Uint8Array);
      const bytes = reply as Uint8Array;
      if (msg === 0xff00) {
        expect(bytes.length).toBe(0);
        continue;
      }
      const code = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
      if (code === 0) expect(bytes.length).toBeGreaterThanOrEqual(8);
      else expect([bytes.length > 5, bytes[bytes.length - 1], code & 0xff]).toEqual([true, 0, 2]);
    }
  });
});
