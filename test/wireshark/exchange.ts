/**
 * A real exchange for the dissector tests: generated clients of Users, Box and Everything talk to one
 * IProtoServer on 127.0.0.1 (one dispatcher per service, routed by message code) while tcpdump captures the
 * loopback. Returns the capture and what was sent and answered, so the tests compare tshark's fields with it.
 */
import path from "node:path";
import { IProtoClient, IProtoServer, ServerError, type IProtoHandler } from "../../runtime/index.js";
import * as box from "../../generated-examples/box.js";
import * as everything from "../../generated-examples/everything.js";
import * as users from "../../generated-examples/users.js";
import { startCapture, stopCapture } from "../capture/tcpdump.js";

export const PROFILE_7 = { userId: 7, login: "alice", created: 1_700_000_000, country: "RU", groups: [1, 2, 3] };
export const PROFILE_9 = { userId: 9, login: "Zoë ✓", created: 1_600_000_000, country: "DE", groups: [] };
export const TREE = { value: 1, children: [{ value: 2, children: [] }, { value: 3, children: [{ value: 4, children: [] }] }] };
export const CHAIN = { value: 10, hasNext: 1, next: { value: 11, hasNext: 0 } };
export const NUMBERS: everything.NumbersInit = {
  a: 255, b: -128, c: 65535, d: -2, e: 4_000_000_000, f: -2_000_000_000, g: 18_446_744_073_709_551_615n, h: -9_223_372_036_854_775_808n,
  cBe: 0x1234, dBe: -300, eBe: 0xdeadbeef, fBe: -5, gBe: 0x0102030405060708n, hBe: -2n,
  cLe: 1, dLe: -1, eLe: 2, fLe: -3, gLe: 4n, hLe: -5n, gNum: 2 ** 40, hNum: -(2 ** 40),
  v: 300, vBig: 18_446_744_073_709_551_615n, x32: 1.5, x64: -0.25, x32Be: 2.5, x64Be: 1e100, x32Le: -8, x64Le: 3.125,
};
export const STRINGS: everything.StringsInit = {
  tag: Uint8Array.of(1, 2, 3, 4), fixed: "abcdefgh", spaced: "hi", zfixed: "zed", zbytes: Uint8Array.of(9, 9), namedSize: Uint8Array.of(0xa, 0xb, 0xc, 0xd),
  zstr: "", zraw: Uint8Array.of(7), wstr: "wide ✓", wbytes: new Uint8Array(0), cstr: "c", nstr: "n".repeat(300), lbytes: Uint8Array.of(0xff), qbytes: Uint8Array.of(1, 0),
  counted: Uint8Array.of(5, 6, 7), tail: "the end",
};
export const ARRAYS: everything.ArraysInit = {
  byU32: [1, 4_000_000_000], byVarint: ["a", "", "ccc"], byU8: [-1, 2], byBe: [], fixed: [1, 2, 3, 4], byConst: [5, 6, 7, 8],
  byField: [{ x: 1, y: -1 }, { x: 2, y: -2 }], matrix: [[1, 2], [3, 4], [5, 6]], tail: [9, 10, 11],
};
/** Conditional layouts: which optional fields each `kind` (with its perm and level) makes present. */
export const CONDITIONAL: readonly (everything.ConditionalInit & { readonly present: string })[] = [
  { kind: 1, perm: 4, level: -1, a: 100, d: 2, e: 3, f: 4, g: 5, h: 6, present: "a d e f g h" },
  { kind: 2, perm: 2, level: 0, b: "bee", g: 7, h: 8, present: "b g h" },
  { kind: 7, perm: 5, level: 1, c: 2n ** 63n, d: 0, e: 9, g: 10, h: 11, present: "c d e g h" },
];

/** Fire-and-forget, bigger than a loopback segment: the dissector must reassemble it. */
export const BIG_PAYLOAD = Uint8Array.from({ length: 150_000 }, (_, i) => (i * 7) & 0xff);

const route = (d: IProtoHandler, codes: readonly number[]) => codes.map((c) => [c, d] as const);

export async function captureExchange(dir: string): Promise<{ pcap: string; port: number }> {
  const usersD = users.createUsersDispatcher({
    getUser: ({ userId }) => (userId === 7 ? { status: users.Status.OK, profile: PROFILE_7 } : { status: users.Status.NOT_FOUND }),
    getUsers: ({ userIds }) => ({ profiles: userIds.map((id) => (id === 7 ? PROFILE_7 : PROFILE_9)) }),
    rename: () => ({ status: users.Status.OK }),
    track: () => undefined,
  });
  const boxD = box.createBoxDispatcher(
    {
      insert: ({ tuple }) => ({ count: 1, tuples: [{ cardinality: tuple.cardinality, fields: tuple.fields }] }),
      select: ({ space }) => {
        throw new ServerError(0x3102, `Space ${space} does not exist`, false);
      },
    },
    { partial: true },
  );
  const everythingD = everything.createEverythingDispatcher(
    {
      echoNumbers: ({ numbers }) => ({ numbers }),
      echoStructs: ({ shapes, tree, chain }) => ({ shapes, tree, chain }),
      echoStrings: ({ strings }) => ({ strings }),
      echoArrays: ({ arrays }) => ({ arrays }),
      echoValues: ({ defaults, conditional }) => ({ defaults, conditional }),
      fire: () => undefined,
      lookup: ({ user }) => ({ found: 1, profile: `profile of ${user.login}`, count: 1, tuples: [{ cardinality: 1, fields: [Uint8Array.of(0xca, 0xfe)] }] }),
      compacted: ({ name }) => {
        throw new ServerError(0x0201, `no ${name}`, true);
      },
    },
    { partial: true },
  );
  const routes = new Map<number, IProtoHandler>([...route(usersD, [0x101, 0x102, 0x103, 0x104]), ...route(boxD, [13, 17, 22]), ...route(everythingD, [1, 2, 3, 4, 5, 0x20, 0x21, 0xf0])]);
  const server = new IProtoServer({ host: "127.0.0.1", port: 0, handler: (msg, body, conn) => (routes.get(msg) as IProtoHandler)(msg, body, conn) });
  const { port } = await server.listen();
  const pcap = path.join(dir, "exchange.pcap");
  const capture = await startCapture(pcap, port, false);
  const client = new IProtoClient({ servers: `127.0.0.1:${port}`, timeout: 10_000 });
  try {
    const u = new users.UsersClient(client);
    const b = new box.BoxClient(client);
    const e = new everything.EverythingClient(client);
    await u.getUser({ userId: 7 });
    await u.getUser({ userId: 8 });
    await Promise.all([u.getUsers({ shard: 3, userIds: [7, 9] }), u.rename({ userId: 7, login: "bob" })]);
    await u.track({ userId: 7, at: 1_700_000_000_123n, event: "login", payload: BIG_PAYLOAD });
    await b.insert({ space: 1, flags: box.BoxFlags.RETURN_TUPLE | box.BoxFlags.ADD, tuple: { cardinality: 2, fields: [Uint8Array.of(1, 2), new TextEncoder().encode("xyz")] } });
    await b.insert({ space: 2, tuple: { cardinality: 1, fields: [Uint8Array.of(9)] } });
    await b.select({ space: 9, index: 0, keys: [{ cardinality: 1, fields: [Uint8Array.of(5)] }] }).catch((error: unknown) => error);
    await e.echoNumbers({ id: 1, numbers: NUMBERS });
    await e.echoStructs({ shapes: { origin: { x: -1, y: 2 }, boxed: { x: 3, y: 4 }, framed: { topLeft: { x: 5, y: 6 }, bottomRight: { x: 7, y: 8 } }, unit: 1 }, tree: TREE, chain: CHAIN, tuples: [] });
    await e.lookup({ user: { id: 42, login: "carol" } });
    await e.compacted({ name: "thing" }).catch((error: unknown) => error);
    await e.echoStrings({ strings: STRINGS });
    await e.echoArrays({ padded: { version: 1, length: 2 }, arrays: ARRAYS });
    for (const { present: _, ...conditional } of CONDITIONAL) await e.echoValues({ defaults: {}, conditional });
    await e.fire({ name: "f", payload: new Uint8Array(0) });
  } finally {
    await client.close();
    await server.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stopCapture(capture);
  }
  return { pcap, port };
}
