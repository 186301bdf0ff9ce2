/**
 * Envelope fields nothing reads after the check (schemas/everything.iproto's `Compact`: `reserved`, the
 * error block's `detail`; test/codegen/corpus/envelopes.iproto's `Graded`: `stamp`, `stats`, `detail`,
 * `hint`, conditional) are stepped over, not bound, so generated code passes `noUnusedLocals`
 * (tsc.test.ts) — and stepping over them still checks their bounds, and a string is still decoded: the
 * offset the response starts at, the ServerError, and the DecodeErrors are what binding them gave.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DecodeError, ServerError } from "../../runtime/core/errors.js";
import type { IProtoRequest } from "../../runtime/core/message.js";
import * as everything from "../../generated-examples/everything.js";
import { generate, load } from "./support/generate.js";
import { ENVELOPES } from "./support/suite.js";

const request = new everything.CompactedRequest({ name: "shard-1" });
const u16 = (n: number): number[] => [n & 0xff, n >> 8];

function thrown(body: number[], by: IProtoRequest<unknown> = request): unknown {
  try {
    by.decodeResponse(Uint8Array.from(body));
  } catch (e) {
    return e;
  }
  throw new Error("decoded without an error");
}

describe("an envelope's unread fields", () => {
  it("are stepped over on success: the response starts after `reserved`", () => {
    const value = [0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x02, 0x00];
    expect(request.decodeResponse(Uint8Array.from([...u16(0), ...u16(0xbeef), ...value]))).toEqual({ value: 0x0002334455667788n });
  });

  it("are stepped over in an error reply: the message after `detail` is the ServerError's", () => {
    const e = thrown([...u16(7), ...u16(0), 9, 4, ...Buffer.from("boom")]);
    expect(e).toBeInstanceOf(ServerError);
    expect(e).toMatchObject({ returnCode: 7, message: expect.stringContaining("boom") });
  });

  it("are still bounds-checked: an error reply cut before `detail` is a DecodeError naming it", () => {
    const e = thrown([...u16(7), ...u16(0)]);
    expect(e).toBeInstanceOf(DecodeError);
    expect(String((e as Error).message)).toMatch(/detail/);
    expect(thrown([...u16(0), 1])).toBeInstanceOf(DecodeError);
  });

  it("leave the message checked: invalid UTF-8 after `detail` is a DecodeError", () => {
    expect(thrown([...u16(7), ...u16(0), 9, 2, 0xc3, 0x28])).toBeInstanceOf(DecodeError);
  });
});

describe("an envelope's unread conditional fields", () => {
  let get: IProtoRequest<{ value: number }>;
  beforeAll(async () => {
    const mod = (await load(await generate("unread-fields", [ENVELOPES]), "envelopes")) as unknown as {
      GetRequest: new (fields: { id: number }) => IProtoRequest<{ value: number }>;
    };
    get = new mod.GetRequest({ id: 1 });
  });
  const u32 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
  const decodeError = (body: number[], field: string): void => {
    const e = thrown(body, get);
    expect(e).toBeInstanceOf(DecodeError);
    expect((e as Error).message).toContain(field);
  };

  it("are stepped over where their conditions hold: the response starts after them", () => {
    // code 0, stamp (code == 0), flags 1, stats (flags & 1), then the response's value.
    const body = [...u32(0), ...u32(0xdeadbeef), 1, ...u32(5), ...u32(6), ...u32(42)];
    expect(get.decodeResponse(Uint8Array.from(body))).toEqual({ value: 42 });
    expect(get.decodeResponse(Uint8Array.from([...u32(0), ...u32(1), 0, ...u32(43)]))).toEqual({ value: 43 });
  });

  it("are still bounds-checked: a reply cut inside one is a DecodeError naming it", () => {
    decodeError([...u32(0), 1, 2], "stamp");
    decodeError([...u32(0), ...u32(1), 1, ...u32(5)], "stats");
    // code 9: level, flags 0, message, detail (code > 5), hint (level == 2).
    decodeError([...u32(9), 0, 0, 0x78, 0, 1, 2], "detail");
    decodeError([...u32(9), 2, 0, 0x78, 0, ...u32(3), 1], "hint");
  });

  it("leave the error reply as it was: the ServerError after all of them", () => {
    const e = thrown([...u32(9), 2, 0, 0x78, 0, ...u32(3), 1, 0], get);
    expect(e).toBeInstanceOf(ServerError);
    expect(e).toMatchObject({ returnCode: 9 });
    expect((e as Error).message).toContain("x");
  });
});
