/**
 * A generated dispatcher over a handler that leaves messages out. Without `{ partial: true }` that is a
 * type error (test/codegen/service.test.ts) and at run time the request is reported and never answered,
 * as MR::IProto::Server does with a failed handler. With it, the request is answered at once — through
 * the envelope where the message has one, else with an empty body where no response is empty — and still
 * reported, so the client fails now instead of at its deadline. Real sockets on 127.0.0.1.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DecodeError, IProtoClient, IProtoServer, NotImplementedError, ServerError, TimeoutError, type IProtoHandler } from "../../runtime/index.js";
import * as box from "../../generated-examples/box.js";
import * as users from "../../generated-examples/users.js";

const open: { client: IProtoClient; server: IProtoServer }[] = [];
afterEach(async () => {
  for (const { client, server } of open.splice(0)) {
    await client.close({ force: true });
    await server.close({ timeout: 1000 });
  }
});

async function serve(handler: IProtoHandler, timeout = 60_000): Promise<{ client: IProtoClient; reported: unknown[] }> {
  const reported: unknown[] = [];
  const server = new IProtoServer({ host: "127.0.0.1", port: 0, handler, onError: (error) => reported.push(error) });
  const { port } = await server.listen();
  const client = new IProtoClient({ servers: `127.0.0.1:${port}`, timeout, maxRequestRetries: 1 });
  open.push({ client, server });
  return { client, reported };
}

describe("a partial dispatcher", () => {
  it("answers a message the handler lacks through the envelope (ER_UNSUPPORTED by default), reports it, and serves the rest", async () => {
    const { client, reported } = await serve(box.createBoxDispatcher({ ping: () => ({}) }, { partial: true }));
    const boxClient = new box.BoxClient(client);
    const started = performance.now();
    const error = await boxClient.select({ space: 0, index: 0, keys: [] }).catch((e: unknown) => e);
    // Answered, not timed out: the client's deadline is a minute.
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ returnCode: 0x0a02, serverMessage: "Box does not support select", temporary: false, mayHaveExecuted: true });
    expect(await boxClient.ping()).toEqual({});
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeInstanceOf(NotImplementedError);
    expect(reported[0]).toMatchObject({ service: "Box", method: "select", msg: 17 });
    expect((reported[0] as NotImplementedError).reply).toBeInstanceOf(Uint8Array);
  });

  it("sends the error the options build, where the envelope takes it", async () => {
    const { client } = await serve(
      box.createBoxDispatcher({}, { partial: true, notImplemented: (service, method, msg) => new ServerError(0x0201, `${service}.${method} (${msg}) is not here yet`, true) }),
    );
    const error = await new box.BoxClient(client).insert({ space: 0, tuple: { fields: [] } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ returnCode: 0x0201, serverMessage: "Box.insert (13) is not here yet", temporary: true });
  });

  it("a message whose response may be empty on the wire (Box's ping: no envelope, no fields) is only reported: an empty body would read as success", async () => {
    const { client, reported } = await serve(box.createBoxDispatcher({}, { partial: true }), 500);
    const error = await new box.BoxClient(client).ping().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(reported[0]).toMatchObject({ name: "NotImplementedError", method: "ping", reply: undefined });
  });

  it("without an envelope, answers with an empty body where no response is empty: the client fails at once with a DecodeError", async () => {
    const { client, reported } = await serve(users.createUsersDispatcher({}, { partial: true }));
    const error = await new users.UsersClient(client).getUser({ userId: 7 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecodeError);
    expect(error).toMatchObject({ messageName: "GetUserResponse", offset: 0, mayHaveExecuted: true });
    expect(reported[0]).toMatchObject({ name: "NotImplementedError", method: "getUser", reply: new Uint8Array(0) });
  });

  it("a no_reply message is only reported (nothing to answer), and the connection keeps serving", async () => {
    const { client, reported } = await serve(users.createUsersDispatcher({ getUser: () => ({ status: users.Status.OK, profile: { userId: 7, login: "x", created: 1, country: "RU", groups: [] } }) }, { partial: true }));
    const typed = new users.UsersClient(client);
    await typed.track({ userId: 7, at: 1n, event: "login", payload: new Uint8Array() });
    const got = await typed.getUser({ userId: 7 });
    expect(got.profile?.login).toBe("x");
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ name: "NotImplementedError", method: "track", reply: undefined });
  });

  it("without `partial`, a lacking method is reported and never answered (MR::IProto::Server's behaviour)", async () => {
    const handler = { ping: () => ({}) } as unknown as box.BoxHandler;
    const { client, reported } = await serve(box.createBoxDispatcher(handler), 500);
    const error = await new box.BoxClient(client).select({ space: 0, index: 0, keys: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(reported[0]).toMatchObject({ name: "NotImplementedError", method: "select", reply: undefined });
  });
});
