/**
 * Typed clients, handlers and dispatchers: in memory (client → dispatcher → client, every message of
 * Box), and over real sockets on 127.0.0.1 (IProtoClient + IProtoServer from the runtime). Also the
 * Request classes' constants, balancing keys and retry decisions.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DecodeError, ProtocolError, ServerError } from "../../runtime/core/errors.js";
import type { IProtoHandler, IProtoRequest } from "../../runtime/core/message.js";
import { IProtoClient, IProtoServer, type ResponseCodec, type ResponseCodecFor } from "../../runtime/index.js";
import * as box from "../../generated-examples/box.js";
import * as users from "../../generated-examples/users.js";
import * as everything from "../../generated-examples/everything.js";

const connection = { id: 1, remoteAddress: "127.0.0.1", remotePort: 9 };
const num = (n: number): Uint8Array => Uint8Array.of(n, n >> 8, n >> 16, n >>> 24);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A sender that runs requests through a dispatcher in memory, bytes and all. */
function loopback(dispatch: IProtoHandler): { send<R>(request: IProtoRequest<R>): Promise<R>; sent: IProtoRequest<unknown>[] } {
  const sent: IProtoRequest<unknown>[] = [];
  return {
    sent,
    async send<R>(request: IProtoRequest<R>): Promise<R> {
      sent.push(request);
      const packet = new Uint8Array(request.packetSize());
      request.encodeInto(packet, 0, 77);
      const view = Buffer.from(packet);
      expect(view.readUInt32LE(0)).toBe(request.msg);
      const reply = await dispatch(request.msg, packet.subarray(12), connection);
      return request.noReply ? (undefined as R) : request.decodeResponse(reply!);
    },
  };
}

/** A tiny Box over a Map: enough to drive every message. */
function memoryBox(): box.BoxHandler {
  const tuples = new Map<string, Uint8Array[]>();
  const keyOf = (fields: readonly Uint8Array[]): string => Buffer.from(fields[0] ?? new Uint8Array()).toString("hex");
  const found = (k: box.Key) => tuples.get(keyOf(k.fields));
  const out = (t: Uint8Array[] | undefined, flags: number) => ({ count: t ? 1 : 0, tuples: flags & box.BoxFlags.RETURN_TUPLE ? (t ? [{ fields: t }] : []) : undefined });
  return {
    ping: () => ({}),
    insert: ({ flags, tuple }) => {
      const key = keyOf(tuple.fields);
      if (flags & box.BoxFlags.ADD && tuples.has(key)) throw new ServerError(0x3702, "Duplicate key exists in unique index 0", false);
      tuples.set(key, tuple.fields);
      return out(tuple.fields, flags);
    },
    select: ({ keys }) => {
      const hits = keys.map(found).filter((t): t is Uint8Array[] => t !== undefined);
      return { count: hits.length, tuples: hits.map((fields) => ({ fields })) };
    },
    update: ({ flags, key, operations }) => {
      const t = found(key);
      if (t === undefined) return out(undefined, flags);
      for (const op of operations) if (op.op === box.UpdateOp.SET) t[op.field] = op.argument;
      return out(t, flags);
    },
    delete: ({ key }) => ({ count: tuples.delete(keyOf(key.fields)) ? 1 : 0 }),
    deleteWithFlags: ({ flags, key }) => {
      const t = found(key);
      tuples.delete(keyOf(key.fields));
      return out(t, flags);
    },
    call: ({ procedure, args }) => {
      if (procedure !== "echo") throw new ServerError(0x8d01, `Procedure '${procedure}' is not defined`, true);
      return { count: 1, tuples: [{ fields: args }] };
    },
  };
}

describe("BoxClient over a dispatcher, in memory", () => {
  it("drives every message with typed values", async () => {
    const sender = loopback(box.createBoxDispatcher(memoryBox()));
    const client = new box.BoxClient(sender);
    expect(await client.ping()).toEqual({});
    const inserted = await client.insert({ space: 0, flags: box.BoxFlags.RETURN_TUPLE, tuple: { fields: [num(1), text("alice")] } });
    expect(inserted.count).toBe(1);
    expect(inserted.tuples?.[0]?.cardinality).toBe(2);
    expect(inserted.tuples?.[0]?.size).toBe(5 + 6);
    const selected = await client.select({ space: 0, index: 0, keys: [{ fields: [num(1)] }, { fields: [num(2)] }] });
    expect(selected.count).toBe(1);
    expect(Buffer.from(selected.tuples[0]!.fields[1]!).toString()).toBe("alice");
    const updated = await client.update({ space: 0, flags: 1, key: { fields: [num(1)] }, operations: [{ field: 1, op: box.UpdateOp.SET, argument: text("bob") }] });
    expect(Buffer.from(updated.tuples![0]!.fields[1]!).toString()).toBe("bob");
    expect((await client.call({ procedure: "echo", args: [text("x")] })).tuples[0]!.fields.map((f) => [...f])).toEqual([[...text("x")]]);
    expect((await client.deleteWithFlags({ space: 0, key: { fields: [num(1)] } })).tuples).toBeUndefined();
    expect((await client.delete({ space: 0, key: { fields: [num(1)] } })).count).toBe(0);
    expect(sender.sent.map((r) => r.msg)).toEqual([0xff00, 13, 17, 19, 22, 21, 20]);
  });

  it("surfaces a handler's ServerError as the envelope's error, temporary when its low byte is 1", async () => {
    const client = new box.BoxClient(loopback(box.createBoxDispatcher(memoryBox())));
    await client.insert({ space: 0, tuple: { fields: [num(1)] } });
    const dup = await client.insert({ space: 0, flags: box.BoxFlags.ADD, tuple: { fields: [num(1)] } }).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(ServerError);
    expect(dup).toMatchObject({ returnCode: 0x3702, serverMessage: "Duplicate key exists in unique index 0", temporary: false });
    const missing = await client.call({ procedure: "nope", args: [] }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ returnCode: 0x8d01, temporary: true });
  });

  it("rejects unknown codes, unimplemented methods and undecodable requests", async () => {
    // A handler that lacks methods is a type error unless it is said to be partial.
    // @ts-expect-error -- `select`, `insert`… are missing
    const untyped = box.createBoxDispatcher({ ping: () => ({}) });
    await expect(untyped(17, new Uint8Array(), connection)).rejects.toMatchObject({ name: "NotImplementedError", method: "select", reply: undefined });
    const dispatch = box.createBoxDispatcher({ ping: () => ({}) }, { partial: true });
    await expect(dispatch(999, new Uint8Array(), connection)).rejects.toBeInstanceOf(ProtocolError);
    await expect(dispatch(17, new Uint8Array(), connection)).rejects.toBeInstanceOf(ProtocolError);
    const full = box.createBoxDispatcher(memoryBox());
    await expect(full(17, Uint8Array.of(1, 2, 3), connection)).rejects.toBeInstanceOf(DecodeError);
  });
});

describe("Request classes", () => {
  it("carry the message constants", () => {
    expect([box.SelectRequest.msg, box.SelectRequest.retry, box.SelectRequest.noReply, box.SelectRequest.timeout]).toEqual([17, true, false, undefined]);
    const track = new users.TrackRequest({ userId: 5, at: 1n, event: "x", payload: new Uint8Array() });
    expect([track.msg, track.retry, track.noReply, track.timeout]).toEqual([0x104, false, true, 1000]);
    expect(new users.RenameRequest({ userId: 1, login: "a" }).timeout).toBe(250);
  });

  it("give Perl's balancing key: integers as decimal text, strings and bytes as they are, paths into structs", () => {
    expect(new users.GetUserRequest({ userId: 4_000_000_000 }).key).toBe("4000000000");
    expect(new everything.LookupRequest({ user: { id: 7, login: "x" } }).key).toBe("7");
    expect(new everything.CompactedRequest({ name: "shard-1" }).key).toBe("shard-1");
    expect(new everything.PutRequest({ k: Uint8Array.of(1, 2), v: new Uint8Array() }).key).toEqual(Uint8Array.of(1, 2));
    expect(new box.SelectRequest({ space: 0, index: 0, keys: [] }).key).toBeUndefined();
  });

  it("ask for a retry when the schema's retry_when holds", () => {
    const request = new users.GetUserRequest({ userId: 1 });
    expect(request.isRetry({ status: users.Status.BUSY, profile: undefined })).toBe(true);
    expect(request.isRetry({ status: users.Status.NOT_FOUND, profile: undefined })).toBe(false);
    const lookup = new everything.LookupRequest({ user: { id: 1, login: "" } });
    expect(lookup.isRetry({ found: 2, profile: undefined, count: 0, tuples: undefined })).toBe(true);
    expect(new everything.LookupRequest({ user: { id: 1, login: "" }, wantProfile: 0 }).isRetry({ found: 2, profile: undefined, count: 0, tuples: undefined })).toBe(false);
  });

  it("keep unknown enum values through a round trip", () => {
    const body = users.GetUserResponse.encodeBody({ status: 200 });
    expect(users.GetUserResponse.decode(body)).toEqual({ status: 200, profile: undefined });
  });

  it("have response values of the runtime's ResponseCodec shape (ResponseCodecFor when the response reads the request)", () => {
    // Typed: the repository's typecheck (test/repo/typecheck.test.ts) fails if the generated shape drifts.
    const plain: ResponseCodec<users.GetUserResponse, users.GetUserResponseInit> = users.GetUserResponse;
    const reads: ResponseCodecFor<box.InsertResponse, box.InsertResponseInit, box.InsertRequestInit> = box.InsertResponse;
    const profile = { userId: 7, login: "ann", created: 1_700_000_000, country: "RU", groups: [1, 2] };
    expect(plain.decode(plain.encodeBody({ status: users.Status.OK, profile }))).toEqual({ status: 0, profile });
    const request = { space: 0, flags: box.BoxFlags.RETURN_TUPLE, tuple: { fields: [Uint8Array.of(1)] } };
    const back = reads.decode(reads.encodeBody({ count: 1, tuples: [{ fields: [Uint8Array.of(1)] }] }, request), request);
    expect(back.count).toBe(1);
    expect(back.tuples?.map((t) => t.fields.map((f) => [...f]))).toEqual([[[1]]]);
  });
});

describe("over real sockets on 127.0.0.1", () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it("a generated client talks to a generated dispatcher through IProtoClient and IProtoServer", async () => {
    const tracked: number[] = [];
    const handler: users.UsersHandler = {
      getUser: ({ userId }) =>
        userId === 1
          ? { status: users.Status.OK, profile: { userId, login: "alice", created: 1_700_000_000, country: "RU", groups: [1, 2] } }
          : { status: users.Status.NOT_FOUND },
      getUsers: ({ userIds }) => ({ profiles: userIds.map((id) => ({ userId: id, login: `u${id}`, created: 0, country: "", groups: [] })) }),
      rename: () => ({ status: users.Status.OK }),
      track: ({ userId }) => void tracked.push(userId),
    };
    const server = new IProtoServer({ host: "127.0.0.1", port: 0, handler: users.createUsersDispatcher(handler) });
    const address = await server.listen();
    closers.push(() => server.close());
    const client = new IProtoClient({ servers: `127.0.0.1:${address.port}`, timeout: 2000 });
    closers.push(() => client.close());
    const api = new users.UsersClient(client);

    const alice = await api.getUser({ userId: 1 });
    expect(alice).toEqual({ status: 0, profile: { userId: 1, login: "alice", created: 1_700_000_000, country: "RU", groups: [1, 2] } });
    expect(await api.getUser({ userId: 2 })).toEqual({ status: users.Status.NOT_FOUND, profile: undefined });
    const many = await api.getUsers({ shard: 0, userIds: [3, 4] });
    expect(many.profiles.map((p) => p.login)).toEqual(["u3", "u4"]);
    await api.track({ userId: 9, at: 5n, event: "login", payload: Uint8Array.of(1) });
    await expect.poll(() => tracked).toEqual([9]);
  });
});
