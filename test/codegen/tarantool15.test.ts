/**
 * Real Tarantool 1.5 traffic (../shared/reference/tarantool15-wire.txt): every captured request and
 * response decodes to the values the capture annotates and re-encodes to the same bytes, on the client
 * side (Request classes, Response decoders) and on the server side (the generated Box dispatcher).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ServerError } from "../../runtime/core/errors.js";
import type { IProtoHandler } from "../../runtime/core/message.js";
import { CAPTURES } from "./fixtures/tarantool15.js";
import { plain } from "./support/expected.js";
import type { RequestClass, ResponseObject } from "./support/generated.js";
import { generate, load } from "./support/generate.js";
import { fromHex, hex } from "./support/hex.js";

let box: Record<string, unknown>;
const connection = { id: 1, remoteAddress: "127.0.0.1", remotePort: 1 };

beforeAll(async () => {
  box = await load(await generate("t15", ["schemas/box.iproto"]), "box");
});

const Request = (name: string): RequestClass => box[`${name}Request`] as RequestClass;
const Response = (name: string): ResponseObject => box[`${name}Response`] as ResponseObject;
const handle = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

function dispatcher(handler: Record<string, unknown>): IProtoHandler {
  return (box.createBoxDispatcher as (h: Record<string, unknown>) => IProtoHandler)(handler);
}

describe.each(CAPTURES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
  const body = fromHex(c.requestBody);
  const responseBody = fromHex(c.responseBody);

  it("the request encodes to the captured bytes", () => {
    const R = Request(c.message);
    const header = c.requestHeader === undefined ? undefined : fromHex(c.requestHeader);
    const sync = header === undefined ? 7 : Buffer.from(header).readUInt32LE(8);
    const packet = new R(c.request).encode(sync);
    expect(hex(packet.subarray(12))).toBe(hex(body));
    if (header !== undefined) expect(hex(packet.subarray(0, 12))).toBe(hex(header));
    else expect(Buffer.from(packet).readUInt32LE(4)).toBe(body.length);
    expect(Buffer.from(packet).readUInt32LE(0)).toBe(R.msg);
  });

  it("the captured request decodes to its values (server side)", () => {
    expect(plain(Request(c.message).decodeBody(body))).toEqual(plain(c.request));
  });

  it("the captured response decodes to its values, and encodes back to the same bytes", async () => {
    const request = new (Request(c.message))(c.request);
    if (c.responseHeader !== undefined) {
      const h = fromHex(c.responseHeader);
      expect(Buffer.from(h).readUInt32LE(0)).toBe(request.msg);
      expect(Buffer.from(h).readUInt32LE(4)).toBe(responseBody.length);
    }
    if ("error" in c.response) {
      const e = (c.response as { error: { code: number; message: string; temporary: boolean } }).error;
      let thrown: unknown;
      try {
        request.decodeResponse(responseBody);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ServerError);
      expect(thrown).toMatchObject({ returnCode: e.code, serverMessage: e.message, temporary: e.temporary, code: "ESERVER" });
      // Server side: a handler throwing the same ServerError produces the captured error reply.
      const serve = dispatcher({
        [handle(c.message)]: () => {
          throw new ServerError(e.code, e.message, e.temporary);
        },
      });
      expect(hex((await serve(request.msg, body, connection))!)).toBe(hex(responseBody));
      return;
    }
    const decoded = request.decodeResponse(responseBody);
    expect(plain(decoded)).toEqual(plain(c.response));
    expect(hex(Response(c.message).encodeBody(c.response, c.request))).toBe(hex(responseBody));
    // Server side: the dispatcher decodes the captured request and encodes the handler's answer.
    const serve = dispatcher({ [handle(c.message)]: () => c.response });
    expect(hex((await serve(request.msg, body, connection))!)).toBe(hex(responseBody));
  });
});
