/**
 * MemoryBox configured by generated descriptors (generated-examples/spaces.ts) and given the shared
 * example's procedures in JavaScript, behind IProtoServer on 127.0.0.1: the generated typed spaces and
 * procedure calls get from it exactly what they get from a real Tarantool 1.5 running the same spaces and
 * example-init.lua — the same sequence of operations compared result by result, errors by name.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IProtoClient, IProtoServer, MemoryBox, ServerError, boxErrorName, type MemoryProcedure } from "../../../runtime/index.js";
import { KeysSpace, RanksSpace, ScoresSpace, callT15Echo, callT15Fail, callT15Rows } from "../../../generated-examples/spaces.js";
import { describeTarantool15 } from "../../support/tarantool15.js";
import { DEADLINE_MS, useRealBox } from "../real/support.js";

const text = new TextEncoder();
/** example-init.lua's procedures, as a test would write them for MemoryBox. */
const PROCEDURES: Record<string, MemoryProcedure> = {
  t15_echo: (args) => [args],
  t15_rows: ([n]) => Array.from({ length: Number(new TextDecoder().decode(n)) }, (_, i) => [text.encode("row"), text.encode(String(i + 1))]),
  t15_fail: ([message]) => {
    throw new Error(new TextDecoder().decode(message));
  },
};

/** The same operations against any Box; each result (or error name) in order. */
async function script(client: IProtoClient): Promise<unknown[]> {
  const scores = new ScoresSpace(client);
  const ranks = new RanksSpace(client);
  const keys = new KeysSpace(client);
  const out: unknown[] = [];
  const step = async (f: () => Promise<unknown>): Promise<void> => {
    try {
      out.push(await f());
    } catch (e) {
      if (!(e instanceof ServerError)) throw e;
      out.push(boxErrorName(e.returnCode));
    }
  };
  await step(() => scores.insert({ id: 1, name: "ann", score: 5, tail: [{ extra: text.encode("x") }] }));
  await step(() => scores.add({ id: 2, name: "bob", score: 7, tail: [] }, { returnTuple: true }));
  await step(() => scores.add({ id: 2, name: "dup", score: 0, tail: [] }));
  await step(() => scores.replace({ id: 9, name: "ghost", score: 0, tail: [] }));
  await step(() => scores.insert({ id: 3, name: "bob", score: 9, tail: [] }));
  await step(() => scores.selectByName([["bob"]]).then((t) => t.map((s) => s.id).sort()));
  await step(() => scores.selectByPrimary([[1], [3], [4]], { offset: 1 }));
  await step(() => scores.update([1], [{ field: "score", op: "add", value: 10 }, { field: "name", op: "splice", offset: 0, length: 1, text: "A" }], { returnTuple: true }));
  await step(() => scores.update([4], [{ field: "score", op: "set", value: 1 }]));
  await step(() => scores.delete([2], { returnTuple: true }));
  await step(() => scores.delete([2]));
  await step(() => ranks.insert({ user: 2n ** 40n, tag: "a", rank: 1, tail: [] }));
  await step(() => ranks.insert({ user: 2n ** 40n, tag: "b", rank: 2, tail: [] }));
  await step(() => ranks.selectByPrimary([[2n ** 40n]], { limit: 1 }));
  await step(() => ranks.selectByRankTag([[2, "b"], [1]]));
  await step(() => keys.insert({ key: "k", tail: [{ value: text.encode("v1") }, { value: text.encode("v2") }] }));
  await step(() => keys.get(["k"]));
  await step(() => callT15Echo(client, { first: "x", second: "yz" }));
  await step(() => callT15Rows(client, { n: "2" }));
  await step(() => callT15Fail(client, { message: "boom" }));
  return out;
}

describeTarantool15("MemoryBox from generated descriptors", "the generated spaces and procedure calls against MemoryBox and a real Tarantool 1.5", () => {
  const real = useRealBox();
  let server: IProtoServer;
  let client: IProtoClient;
  beforeAll(async () => {
    const box = new MemoryBox([ScoresSpace.descriptor, KeysSpace.descriptor, RanksSpace.descriptor], { procedures: PROCEDURES });
    server = new IProtoServer({ host: "127.0.0.1", port: 0, handler: box.handler() });
    const { port } = await server.listen();
    client = new IProtoClient({ servers: `127.0.0.1:${port}`, timeout: DEADLINE_MS });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it("answers every operation as the real server does", async () => {
    const memory = await script(client);
    const tarantool = await script(real.client());
    expect(memory).toEqual(tarantool);
    expect(memory.filter((r) => typeof r === "string")).toEqual(["ER_TUPLE_FOUND", "ER_TUPLE_NOT_FOUND", "ER_PROC_LUA"]);
  });
});

describe("MemoryBox procedures", () => {
  it("names an unknown procedure as the server does", async () => {
    const box = new MemoryBox([ScoresSpace.descriptor]);
    const server = new IProtoServer({ host: "127.0.0.1", port: 0, handler: box.handler() });
    const { port } = await server.listen();
    const client = new IProtoClient({ servers: `127.0.0.1:${port}`, timeout: DEADLINE_MS });
    try {
      const error = await callT15Echo(client, { first: "a", second: "b" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServerError);
      expect(boxErrorName((error as ServerError).returnCode)).toBe("ER_NO_SUCH_PROC");
      expect((error as ServerError).serverMessage).toBe("Procedure 't15_echo' is not defined");
    } finally {
      await client.close();
      await server.close();
    }
  });
});
