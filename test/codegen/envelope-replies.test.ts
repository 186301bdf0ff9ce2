/**
 * Replies the generated server writes through envelopes that depend on their own fields
 * (test/codegen/corpus/envelopes.iproto), byte for byte, and what the generated client reads from them:
 * conditional envelope fields in success and error replies, an error block whose conditions read the
 * envelope's fields (its encoders take the envelope's values), lengths and sizes in the success reply, and
 * a field whose condition reads its own size (present when given).
 * tsc.test.ts type-checks the same generated module.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { EncodeError, ServerError } from "../../runtime/core/errors.js";
import type { IProtoHandler, IProtoRequest } from "../../runtime/core/message.js";
import { fromHex, hex } from "./support/hex.js";
import { generate, load } from "./support/generate.js";
import { ENVELOPES } from "./support/suite.js";

interface Generated {
  createRepliesDispatcher(handler: object): IProtoHandler;
  GetRequest: new (fields: { id: number }) => IProtoRequest<{ value: number }>;
  PutRequest: new (fields: { id: number }) => IProtoRequest<{ ok: number }>;
  TrailRequest: new (fields: { id: number }) => IProtoRequest<{ trailer: { size: number; text: string | undefined }; pair: object }>;
}

const connection = { id: 1, remoteAddress: "127.0.0.1", remotePort: 9 };
let mod: Generated;
/** What the handler does next: answer, or throw. */
let outcome: () => unknown;

beforeAll(async () => {
  const dir = await generate("envelope-replies", [ENVELOPES]);
  mod = (await load(dir, "envelopes")) as unknown as Generated;
});

/** The reply body the generated dispatcher writes for a request, and what the generated client reads. */
async function exchange<R>(request: IProtoRequest<R>, then: () => unknown): Promise<{ body: string; read: () => R }> {
  outcome = then;
  const dispatch = mod.createRepliesDispatcher({ get: () => outcome(), put: () => outcome(), trail: () => outcome() });
  const packet = new Uint8Array(request.packetSize());
  request.encodeInto(packet, 0, 1);
  const body = await dispatch(request.msg, packet.subarray(12), connection);
  if (body === undefined) throw new Error("no reply");
  return { body: hex(body), read: () => request.decodeResponse(body) };
}

function serverError(read: () => unknown): ServerError {
  try {
    read();
  } catch (e) {
    if (e instanceof ServerError) return e;
    throw e;
  }
  throw new Error("no ServerError");
}

describe("an envelope with conditional fields, whose error block reads them", () => {
  it("a success reply writes the fields whose conditions hold for it: `stamp`, not `level`", async () => {
    const reply = await exchange(new mod.GetRequest({ id: 1 }), () => ({ value: 0x2a }));
    // code 0, stamp 0, flags 0, then the response
    expect(reply.body).toBe("00000000" + "00000000" + "00" + "2a000000");
    expect(reply.read()).toEqual({ value: 0x2a });
  });

  it("an error reply writes `level` and its error block reads the envelope: `hint` (level 2), no `detail` (code 3)", async () => {
    const reply = await exchange(new mod.GetRequest({ id: 1 }), () => {
      throw new ServerError(3, "boom", false);
    });
    // code 3, level 2, flags 0, "boom\0", hint 3
    expect(reply.body).toBe("03000000" + "02" + "00" + "626f6f6d00" + "0300");
    const error = serverError(reply.read);
    expect([error.returnCode, error.serverMessage, error.temporary]).toEqual([3, "boom", false]);
  });

  it("an error reply with a code above 5 writes `detail` too", async () => {
    const reply = await exchange(new mod.GetRequest({ id: 1 }), () => {
      throw new ServerError(9, "bad", true);
    });
    // code 9, level 2, flags 0, "bad\0", detail 0, hint 3
    expect(reply.body).toBe("09000000" + "02" + "00" + "62616400" + "00000000" + "0300");
    const error = serverError(reply.read);
    // `retry_when level == 1` decides `temporary` from the bytes, not the ServerError that was thrown
    expect([error.returnCode, error.serverMessage, error.temporary]).toEqual([9, "bad", false]);
  });

  it("the client reads replies of servers that set other fields: `stats`, level 1, `hint` left out", () => {
    const request = new mod.GetRequest({ id: 1 });
    // code 0, stamp 7, flags 1, stats {reads 5, writes 6}, value 1
    expect(request.decodeResponse(fromHex("00000000 07000000 01 05000000 06000000 01000000"))).toEqual({ value: 1 });
    // code 4, level 1 (temporary), flags 0, "x\0"
    const error = serverError(() => request.decodeResponse(fromHex("04000000 01 00 7800")));
    expect([error.returnCode, error.serverMessage, error.temporary]).toEqual([4, "x", true]);
  });

  it("a ServerError whose code means success is refused", async () => {
    await expect(
      exchange(new mod.GetRequest({ id: 1 }), () => {
        throw new ServerError(0, "not an error", false);
      }),
    ).rejects.toThrow(EncodeError);
  });
});

describe("an envelope whose success reply has lengths and sizes, read by `error if` and the error block", () => {
  it("a success reply: `n` is the length of `note` (2), `size` that of `tail`, and `error if n != 2` holds not", async () => {
    const reply = await exchange(new mod.PutRequest({ id: 1 }), () => ({ ok: 1 }));
    // code 0, n 2, "ok", size 4, "end\0", then the response
    expect(reply.body).toBe("0000" + "02" + "6f6b" + "04000000" + "656e6400" + "01");
    expect(reply.read()).toEqual({ ok: 1 });
  });

  it("an error reply: the error block's encoders compute the envelope's `size` (4 > 3: `more` is written)", async () => {
    const reply = await exchange(new mod.PutRequest({ id: 1 }), () => {
      throw new ServerError(5, "nope", false);
    });
    // code 5, n 2, "ok", size 4, "end\0", varint 4 "nope", more 0
    expect(reply.body).toBe("0500" + "02" + "6f6b" + "04000000" + "656e6400" + "04" + "6e6f7065" + "00");
    const error = serverError(reply.read);
    expect([error.returnCode, error.serverMessage]).toEqual([5, "nope"]);
  });
});

describe("sizes that conditions read before they are written", () => {
  it("a field present when its own size is non-zero: in the envelope's success reply, and in a response given or not", async () => {
    const pair = { second: "" };
    const given = await exchange(new mod.TrailRequest({ id: 1 }), () => ({ trailer: { text: "hi" }, pair }));
    // code 0, size 3, "v1\0", then the response: size 3, "hi\0", pair: sizes 0 and 1, second ""
    expect(given.body).toBe("00000000" + "03" + "763100" + "03000000" + "686900" + "0000" + "0100" + "00");
    expect(given.read().trailer).toEqual({ size: 3, text: "hi" });
    const left = await exchange(new mod.TrailRequest({ id: 1 }), () => ({ trailer: {}, pair }));
    expect(left.body).toBe("00000000" + "03" + "763100" + "00000000" + "0000" + "0100" + "00");
    expect(left.read().trailer).toEqual({ size: 0, text: undefined });
  });

  it("a size whose target's condition reads a later size (`first` if `second_size` > 1)", async () => {
    const reply = await exchange(new mod.TrailRequest({ id: 1 }), () => ({ trailer: {}, pair: { first: "x", second: "ab", tag: 9 } }));
    // envelope, trailer size 0, then first_size 2, second_size 3, "x\0", "ab\0", tag 9
    expect(reply.body).toBe("00000000" + "03" + "763100" + "00000000" + "0200" + "0300" + "7800" + "616200" + "09");
    expect(reply.read().pair).toEqual({ firstSize: 2, secondSize: 3, first: "x", second: "ab", tag: 9 });
  });
});
