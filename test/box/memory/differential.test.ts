/**
 * MemoryBox against a real Tarantool 1.5, reply by reply: seeded random sequences of raw Box requests
 * (random-ops.ts: INSERT with every flag, SELECT over every index with offsets, limits, prefixes and
 * several keys, UPDATE with every op, DELETE 20 and 21, PING, and a share of bad requests) go to the real
 * server (test/box/real/spaces.cfg) and to a MemoryBox of the same spaces (spaces.ts) behind an
 * IProtoServer on 127.0.0.1, both through IProtoClient. Every reply must be the same bytes — error code
 * and text included — except where the server's order is unspecified: ties in a non-unique TREE index
 * come in tuple-address order there, so a SELECT on one is compared key sequence exactly and tuples as
 * sets. Default 4 seeds × 250 requests; SOAK=1 runs 8 × 1000.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { boxErrorName, IProtoClient, IProtoServer, MemoryBox } from "../../../runtime/index.js";
import { describeTarantool15, useTarantool15 } from "../../support/tarantool15.js";
import { DEADLINE_MS, SPACES_CFG } from "../real/support.js";
import { concat, fields, NAMES, randomRequests, str, u32, type RandomRequest } from "./random-ops.js";
import { SPACES } from "./spaces.js";

const SOAK = process.env["SOAK"] === "1";
const SEEDS = SOAK ? [11, 12, 13, 14, 15, 16, 17, 18] : [1, 2, 3, 4];
const OPS = SOAK ? 1000 : 250;

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

interface Reply {
  readonly code: number;
  readonly count: number;
  readonly tuples: Uint8Array[][];
}

/** A Box reply body: return code, then count and tuples when it is 0. */
function decode(body: Uint8Array): Reply {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const code = body.length >= 4 ? view.getUint32(0, true) : -1;
  if (code !== 0) return { code, count: 0, tuples: [] };
  const count = view.getUint32(4, true);
  const tuples: Uint8Array[][] = [];
  let p = 8;
  while (p < body.length) {
    const size = view.getUint32(p, true);
    const cardinality = view.getUint32(p + 4, true);
    p += 8;
    const end = p + size;
    const t: Uint8Array[] = [];
    for (let i = 0; i < cardinality; i++) {
      let len = 0;
      let byte: number;
      do {
        byte = body[p++]!;
        len = len * 128 + (byte & 0x7f);
      } while (byte & 0x80);
      t.push(body.slice(p, p + len));
      p += len;
    }
    expect(p).toBe(end);
    tuples.push(t);
  }
  return { code, count, tuples };
}

/** The index key of a tuple, as hex, for the non-unique comparison. */
function indexKey(space: number, index: number, tuple: readonly Uint8Array[]): string {
  const parts = SPACES.find((s) => s.no === space)!.indexes[index]!.parts;
  return parts.map((p) => hex(tuple[p.field] ?? new Uint8Array(0))).join("|");
}

/** Compares one reply pair; returns a description of the difference, or undefined when they agree. */
function compare(request: RandomRequest, real: Uint8Array, memory: Uint8Array): string | undefined {
  if (hex(real) === hex(memory)) return undefined;
  const sel = request.select;
  const index = sel === undefined ? undefined : SPACES.find((s) => s.no === sel.space)?.indexes[sel.index];
  if (sel === undefined || index === undefined || index.unique) return `real ${hex(real)}\nmemory ${hex(memory)}`;
  // A non-unique TREE index: ties are in tuple-address order on the server, unspecified. The key
  // sequence must match exactly, and the tuples as a multiset.
  const a = decode(real);
  const b = decode(memory);
  if (a.code !== 0 || b.code !== 0 || a.count !== b.count) return `real ${hex(real)}\nmemory ${hex(memory)}`;
  const keys = (r: Reply) => r.tuples.map((t) => indexKey(sel.space, sel.index, t));
  if (keys(a).join(",") !== keys(b).join(",")) return `key order differs:\nreal ${keys(a).join(",")}\nmemory ${keys(b).join(",")}`;
  const set = (r: Reply) => r.tuples.map((t) => t.map(hex).join(":")).sort().join(",");
  const truncated = sel.offset > 0 || a.count >= sel.limit;
  // Cut by offset or limit inside a run of ties, the two may hold different members of that run:
  // then it is enough that the keys agree (checked above).
  if (!truncated && set(a) !== set(b)) return `tuples differ as sets:\nreal ${set(a)}\nmemory ${set(b)}`;
  return undefined;
}

describeTarantool15("MemoryBox against a real Tarantool 1.5", `${SEEDS.length} seeds × ${OPS} random requests, every reply compared`, () => {
  const real = useTarantool15({ spaces: SPACES_CFG });
  const box = new MemoryBox(SPACES);
  const memoryServer = new IProtoServer({ host: "127.0.0.1", port: 0, handler: box.handler() });
  let realClient: IProtoClient | undefined;
  let memoryClient: IProtoClient | undefined;

  beforeAll(async () => {
    const address = await memoryServer.listen();
    realClient = new IProtoClient({ servers: real().address, timeout: DEADLINE_MS, connectTimeout: DEADLINE_MS });
    memoryClient = new IProtoClient({ servers: `127.0.0.1:${address.port}`, timeout: DEADLINE_MS, connectTimeout: DEADLINE_MS });
  });
  afterAll(async () => {
    await realClient?.close();
    await memoryClient?.close();
    await memoryServer.close();
  });

  const send = (client: IProtoClient | undefined, msg: number, data: Uint8Array): Promise<Uint8Array> =>
    client!.send({ msg, data, unpack: (body: Uint8Array) => body.slice() });

  /**
   * A SELECT of everything a space holds, in primary key order: an empty key on a TREE index; a HASH
   * index takes only whole keys, so space 1 is asked for every key the random requests can use.
   */
  const selectAll = (space: number): Uint8Array => {
    if (space !== 1) return concat([u32(space), u32(0), u32(0), u32(0xffffffff), u32(1), u32(0)]);
    // UPDATE may move a key anywhere, so the box's own keys are asked for as well (the replies so far
    // were equal, so the two hold the same keys).
    const keys = new Map(NAMES.map((n) => [hex(str(n)), str(n)]));
    for (const t of box.tuples(1)) keys.set(hex(t[0]!), t[0]!);
    return concat([u32(1), u32(0), u32(0), u32(0xffffffff), u32(keys.size), ...[...keys.values()].map((k) => fields([k]))]);
  };

  /** Empties the real server's spaces (select all, delete each by primary key) and resets the box. */
  async function empty(): Promise<void> {
    for (const space of SPACES) {
      const all = decode(await send(realClient, 17, selectAll(space.no)));
      expect(all.code).toBe(0);
      for (const t of all.tuples) {
        const key = space.indexes[0]!.parts.map((p) => t[p.field]!);
        await send(realClient, 21, concat([u32(space.no), u32(0), fields(key)]));
      }
    }
    box.reset();
  }

  /** Every return code any seed saw, with how often: the sequences must reach every error they aim at. */
  const seen = new Map<number, number>();

  for (const seed of SEEDS) {
    it(`seed ${seed}: ${OPS} requests give the same replies`, async () => {
      await empty();
      const requests = randomRequests(seed, OPS);
      const codes = new Map<number, number>();
      for (const [i, request] of requests.entries()) {
        const a = await send(realClient, request.msg, request.data);
        const b = await send(memoryClient, request.msg, request.data);
        const difference = compare(request, a, b);
        expect(difference, `seed ${seed} request ${i} (${request.what}) ${hex(request.data)}\n${difference}`).toBeUndefined();
        const code = decode(a).code;
        codes.set(code, (codes.get(code) ?? 0) + 1);
        seen.set(code, (seen.get(code) ?? 0) + 1);
      }
      // The final state of every space, in primary key order.
      for (const space of SPACES) {
        const all = selectAll(space.no);
        const state = await send(realClient, 17, all);
        expect(decode(state).code).toBe(0);
        expect(hex(await send(memoryClient, 17, all))).toBe(hex(state));
      }
      // The sequence must have exercised errors as well as successes.
      expect([...codes.keys()].filter((c) => c !== 0).length).toBeGreaterThan(3);
      expect(codes.get(0)).toBeGreaterThan(OPS / 3);
    });
  }

  it("the sequences reached every error they aim at", () => {
    const names = [...seen.keys()].map((c) => (c === -1 ? "PING" : c === 0 ? "ER_OK" : boxErrorName(c))).sort();
    expect(names).toEqual(
      expect.arrayContaining([
        "ER_ARG_TYPE",
        "ER_EXACT_MATCH",
        "ER_FIELD_TYPE",
        "ER_ILLEGAL_PARAMS",
        "ER_KEY_FIELD_TYPE",
        "ER_KEY_PART_COUNT",
        "ER_NO_SUCH_FIELD",
        "ER_NO_SUCH_INDEX",
        "ER_NO_SUCH_SPACE",
        "ER_OK",
        "ER_SPLICE",
        "ER_TUPLE_FOUND",
        "ER_TUPLE_NOT_FOUND",
        "ER_UNKNOWN_UPDATE_OP",
      ]),
    );
  });
});
