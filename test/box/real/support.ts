/**
 * What the real-server Box tests share: their spaces (spaces.cfg beside this file), field bytes as the
 * server stores them, and a generated BoxClient on the runtime's IProtoClient that reaches the server
 * through a WireTap, so a test sees the very frames that went each way.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect } from "vitest";
import { IProtoClient, ServerError, boxErrorName, type BoxErrorName } from "../../../runtime/index.js";
import { BoxClient, type Tuple } from "../../../generated-examples/box.js";
import { useTarantool15, type Tarantool15 } from "../../support/tarantool15.js";
import { WireTap, type TappedFrame } from "../../support/wire-tap.js";

export const SPACES_CFG = fileURLToPath(new URL("./spaces.cfg", import.meta.url));
/** Deadline for requests whose timing is not the subject: both cores may be busy. */
export const DEADLINE_MS = 30_000;

/** A NUM field: u32 little-endian. */
export function num(n: number): Uint8Array {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return new Uint8Array(b);
}

/** A NUM64 field: u64 little-endian. */
export function num64(n: bigint): Uint8Array {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt.asUintN(64, n));
  return new Uint8Array(b);
}

/** A STR field: the text's UTF-8 bytes. */
export function str(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

/** Hex written with spaces for reading (as the reference captures are): spaces are dropped. */
export const bytes = (spaced: string): string => spaced.replace(/\s+/g, "");

/** A tuple's fields as hex strings, for value-by-value comparison. */
export const fieldsHex = (tuple: Tuple | undefined): string[] | undefined => tuple?.fields.map(hex);

/** Tuples' fields as hex strings. */
export const tuplesHex = (tuples: readonly Tuple[] | undefined): string[][] | undefined => tuples?.map((t) => t.fields.map(hex));

export interface RealBox {
  readonly server: () => Tarantool15;
  readonly box: () => BoxClient<unknown>;
  /** The IProtoClient under `box`, for other senders (typed spaces). */
  readonly client: () => IProtoClient;
  readonly tap: () => WireTap;
  /** The request and response frames of the last exchange, bodies as hex. */
  readonly last: () => { request: FrameHex; response: FrameHex };
}

export interface FrameHex {
  readonly msg: number;
  readonly body: string;
}

const asHex = (f: TappedFrame): FrameHex => ({ msg: f.msg, body: hex(f.body) });

/**
 * Registers a real Tarantool 1.5 with spaces.cfg (and the shared example stored procedures) for the
 * file, a tap in front of it and a BoxClient through the tap. Call inside describeTarantool15.
 */
export function useRealBox(): RealBox {
  const server = useTarantool15({ spaces: SPACES_CFG });
  let tap: WireTap | undefined;
  let client: IProtoClient | undefined;
  let box: BoxClient<unknown> | undefined;
  beforeAll(async () => {
    tap = await WireTap.start(server());
    client = new IProtoClient({ servers: tap.address, timeout: DEADLINE_MS, connectTimeout: DEADLINE_MS });
    box = new BoxClient(client);
  });
  afterAll(async () => {
    await client?.close();
    await tap?.close();
  });
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not set up (beforeAll failed?)`);
    return value;
  };
  return {
    server,
    box: () => need(box, "BoxClient"),
    client: () => need(client, "IProtoClient"),
    tap: () => need(tap, "WireTap"),
    last: () => {
      const frames = [...need(tap, "WireTap").frames].reverse();
      const response = frames.find((f) => f.direction === "response");
      const request = frames.find((f) => f.direction === "request" && f.sync === response?.sync);
      if (request === undefined || response === undefined) throw new Error("no exchange on the wire yet");
      return { request: asHex(request), response: asHex(response) };
    },
  };
}

/** Awaits a request that must fail with a Box error; returns the ServerError after checking its name. */
export async function expectBoxError(promise: Promise<unknown>, name: BoxErrorName): Promise<ServerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServerError);
  const serverError = error as ServerError;
  expect(boxErrorName(serverError.returnCode), serverError.message).toBe(name);
  return serverError;
}
