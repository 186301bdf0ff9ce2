/**
 * What the differential tests share: a real Tarantool 1.5 (spaces from a .cfg) and a MemoryBox of the
 * same spaces (SpaceDescriptors) behind an IProtoServer on 127.0.0.1, both reached through IProtoClient
 * with raw sends, and the comparison of their replies. Call inside describeTarantool15.
 */
import { afterAll, beforeAll, expect } from "vitest";
import { IProtoClient, IProtoServer, MemoryBox, type SpaceDescriptor } from "../../../runtime/index.js";
import { useTarantool15 } from "../../support/tarantool15.js";
import { DEADLINE_MS } from "../real/support.js";
import { concat, fields, u32, type RandomRequest } from "./random-ops.js";

export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

export interface Reply {
  /** The return code; -1 for an empty body (PING). */
  readonly code: number;
  readonly count: number;
  readonly tuples: Uint8Array[][];
}

/** A Box reply body: return code, then count and tuples when it is 0. */
export function decode(body: Uint8Array): Reply {
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

/**
 * Compares one reply pair: undefined when they agree, else what differs. Equal bytes agree; so does a
 * SELECT on a non-unique index whose replies hold the same index keys in the same order and the same
 * tuples as a multiset — the server orders ties by tuple address, which is unspecified. Cut by offset or
 * limit inside a run of ties, the two may even hold different members of the run: then the keys suffice.
 */
export function compare(spaces: readonly SpaceDescriptor[], request: RandomRequest, real: Uint8Array, memory: Uint8Array): string | undefined {
  if (hex(real) === hex(memory)) return undefined;
  const plain = `real ${hex(real)}\nmemory ${hex(memory)}`;
  const sel = request.select;
  const index = sel === undefined ? undefined : spaces.find((s) => s.no === sel.space)?.indexes[sel.index];
  if (sel === undefined || index === undefined || index.unique) return plain;
  const a = decode(real);
  const b = decode(memory);
  if (a.code !== 0 || b.code !== 0 || a.count !== b.count) return plain;
  const keys = (r: Reply) => r.tuples.map((t) => index.parts.map((p) => hex(t[p.field] ?? new Uint8Array(0))).join("|")).join(",");
  if (keys(a) !== keys(b)) return `key order differs:\nreal ${keys(a)}\nmemory ${keys(b)}`;
  const set = (r: Reply) => r.tuples.map((t) => t.map(hex).join(":")).sort().join(",");
  const truncated = sel.offset > 0 || a.count >= sel.limit;
  if (!truncated && set(a) !== set(b)) return `tuples differ as sets:\nreal ${set(a)}\nmemory ${set(b)}`;
  return undefined;
}

export interface Differential {
  readonly box: MemoryBox;
  /** Empties both (the real server by deleting what `selectAll` finds), then runs `requests` on both, comparing every reply and the final states. */
  run(requests: readonly RandomRequest[], label: string): Promise<Map<number, number>>;
  /** Every return code any run saw, with how often. */
  readonly seen: Map<number, number>;
  /** Every error text any run saw. */
  readonly texts: Set<string>;
}

/**
 * `hashKeys(space)`: for a space whose primary index is HASH (which cannot be iterated), the keys the
 * requests may have used; the box's own keys are added (after equal replies the two hold the same keys).
 */
export function useDifferential(cfg: string, spaces: readonly SpaceDescriptor[], hashKeys: (space: number) => Uint8Array[] = () => []): Differential {
  const real = useTarantool15({ spaces: cfg });
  const box = new MemoryBox(spaces);
  const memoryServer = new IProtoServer({ host: "127.0.0.1", port: 0, handler: box.handler() });
  let realClient: IProtoClient | undefined;
  let memoryClient: IProtoClient | undefined;
  const seen = new Map<number, number>();
  const texts = new Set<string>();

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

  /** A SELECT of everything a space holds, in primary key order. */
  const selectAll = (space: SpaceDescriptor): Uint8Array => {
    const all = (keys: readonly Uint8Array[]) => concat([u32(space.no), u32(0), u32(0), u32(0xffffffff), u32(keys.length), ...keys]);
    if (space.indexes[0]!.kind === "tree") return all([u32(0)]);
    const keys = new Map(hashKeys(space.no).map((k) => [hex(k), k]));
    for (const t of box.tuples(space.no)) keys.set(hex(t[space.indexes[0]!.parts[0]!.field]!), t[space.indexes[0]!.parts[0]!.field]!);
    return all([...keys.values()].map((k) => fields([k])));
  };

  async function empty(): Promise<void> {
    for (const space of spaces) {
      const all = decode(await send(realClient, 17, selectAll(space)));
      expect(all.code).toBe(0);
      for (const t of all.tuples) {
        const key = space.indexes[0]!.parts.map((p) => t[p.field]!);
        await send(realClient, 21, concat([u32(space.no), u32(0), fields(key)]));
      }
    }
    box.reset();
  }

  return {
    box,
    seen,
    texts,
    async run(requests, label) {
      await empty();
      const codes = new Map<number, number>();
      for (const [i, request] of requests.entries()) {
        const a = await send(realClient, request.msg, request.data);
        const b = await send(memoryClient, request.msg, request.data);
        const difference = compare(spaces, request, a, b);
        expect(difference, `${label} request ${i} (${request.what}) ${hex(request.data)}\n${difference}`).toBeUndefined();
        const code = decode(a).code;
        codes.set(code, (codes.get(code) ?? 0) + 1);
        seen.set(code, (seen.get(code) ?? 0) + 1);
        if (code > 0) texts.add(Buffer.from(a.subarray(4, -1)).toString());
      }
      // The final state of every space, in primary key order.
      for (const space of spaces) {
        const all = selectAll(space);
        const state = await send(realClient, 17, all);
        expect(decode(state).code).toBe(0);
        expect(hex(await send(memoryClient, 17, all))).toBe(hex(state));
      }
      return codes;
    },
  };
}
