/** A tiny in-memory Box (schemas/box.iproto) served by the generated dispatcher on 127.0.0.1: what the wire tests talk to. */
import { IProtoServer, ServerError } from "../../runtime/index.js";
import * as box from "../../generated-examples/box.js";

const key = (fields: readonly Uint8Array[]): string => Buffer.from(fields[0] ?? new Uint8Array(0)).toString("hex");
const tuple = (fields: Uint8Array[]) => ({ cardinality: fields.length, fields });

/** ER_TUPLE_FOUND (55) << 8 | 2, as Tarantool 1.5 answers a duplicate INSERT with BOX_ADD. */
export const DUPLICATE = (55 << 8) | 2;

/** `debugSink`: the server's MR::IProto debug dump (level 6), line by line. */
export async function startBoxServer(debugSink?: (line: string) => void): Promise<{ server: IProtoServer; port: number; received: () => number }> {
  let count = 0;
  const spaces = new Map<number, Map<string, Uint8Array[]>>();
  const space = (n: number) => spaces.get(n) ?? spaces.set(n, new Map()).get(n)!;
  const handler = box.createBoxDispatcher({
    ping: () => ({}),
    insert: (r) => {
      const s = space(r.space);
      if ((r.flags & box.BoxFlags.ADD) !== 0 && s.has(key(r.tuple.fields))) throw new ServerError(DUPLICATE, "Duplicate key exists in unique index 0", false);
      s.set(key(r.tuple.fields), r.tuple.fields.map((f) => f.slice()));
      return { count: 1, tuples: [tuple(r.tuple.fields)] };
    },
    select: (r) => {
      const found = r.keys.flatMap((k) => {
        const t = space(r.space).get(key(k.fields));
        return t === undefined ? [] : [t];
      });
      return { count: found.length, tuples: found.map((t) => tuple(t)) };
    },
    update: () => ({ count: 0, tuples: [] }),
    delete: (r) => ({ count: space(r.space).delete(key(r.key.fields)) ? 1 : 0 }),
    deleteWithFlags: () => ({ count: 0, tuples: [] }),
    call: (r) => ({ count: 1, tuples: [tuple([new TextEncoder().encode(r.procedure), ...r.args])] }),
  });
  const server = new IProtoServer({
    host: "127.0.0.1",
    port: 0,
    ...(debugSink === undefined ? {} : { debug: 6, debugSink, prefix: "MR::IProto::Server" }),
    handler: (msg, body, connection) => {
      count++;
      // Message 0x5151 (not Box's) is never answered: for timeouts.
      return msg === 0x5151 ? new Promise<undefined>(() => {}) : handler(msg, body, connection);
    },
  });
  const { port } = await server.listen();
  return { server, port, received: () => count };
}
