/**
 * Typed shapes (issues 11 and 15): a Box tuple of typed fields — u64 id, u32, strings of 10/20/40 bytes,
 * a 16-byte token, u16, u8, each behind its BER length — as an INSERT (the u64 as a number, and as a
 * bigint), with non-ASCII strings, with long strings (two-byte BER lengths), and a SELECT response of 100
 * such tuples. Generated code against the hand-written limit (hand-typed.ts) and the peers, which carry
 * the same information in their own idiom (strings as strings, the token as bytes, the id as a number).
 */
import avro from "avsc";
import { Packr } from "msgpackr";
import protobuf from "protobufjs";
import type { Codec } from "./peers.js";
import * as hand from "./hand-typed.js";
import { BoxInsertRequest, BoxSelectRequest, LIMIT_ALL, type KeyCodec, type TupleCodec } from "../../runtime/index.js";

const proto = protobuf.parse(`
syntax = "proto3";
message Person { uint64 id = 1; uint32 visits = 2; string login = 3; string email = 4; string about = 5; bytes token = 6; uint32 level = 7; uint32 flag = 8; }
message TypedInsert { uint32 space = 1; uint32 flags = 2; Person person = 3; }
message TypedSelect { uint32 code = 1; uint32 count = 2; repeated Person tuples = 3; }
`).root;

const person: avro.Schema = {
  type: "record",
  name: "Person",
  fields: [
    { name: "id", type: "long" }, { name: "visits", type: "long" }, { name: "login", type: "string" }, { name: "email", type: "string" },
    { name: "about", type: "string" }, { name: "token", type: "bytes" }, { name: "level", type: "int" }, { name: "flag", type: "int" },
  ],
};

function peers(kind: "insert" | "select"): Record<string, Codec> {
  const pb = proto.lookupType(kind === "insert" ? "TypedInsert" : "TypedSelect");
  const av = avro.Type.forSchema(
    kind === "insert"
      ? { type: "record", name: "TypedInsert", fields: [{ name: "space", type: "long" }, { name: "flags", type: "long" }, { name: "person", type: person }] }
      : { type: "record", name: "TypedSelect", fields: [{ name: "code", type: "long" }, { name: "count", type: "long" }, { name: "tuples", type: { type: "array", items: person } }] },
  );
  const packr = new Packr({ useRecords: true });
  return {
    protobufjs: { encode: (v) => pb.encode(v as Record<string, unknown>).finish(), decode: (b) => pb.decode(b) },
    avsc: { encode: (v) => av.toBuffer(v), decode: (b) => av.fromBuffer(Buffer.from(b.buffer, b.byteOffset, b.byteLength)) },
    msgpackr: { encode: (v) => packr.pack(v), decode: (b) => packr.unpack(b) },
  };
}

const ascii = (n: number, seed: number): string => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + ((seed + i * 7) % 26))).join("");
const cyrillic = (n: number, seed: number): string => Array.from({ length: n }, (_, i) => String.fromCharCode(0x430 + ((seed + i * 5) % 32))).join("");
const token = (seed: number): Buffer => Buffer.from(Array.from({ length: 16 }, (_, i) => (seed * 31 + i * 17) & 0xff));

export function personOf(i: number, text: (n: number, seed: number) => string = ascii, lengths: readonly [number, number, number] = [10, 20, 40]): hand.Person {
  return { id: 2 ** 40 + i, visits: 70_000 + i, login: text(lengths[0], i), email: text(lengths[1], i + 1), about: text(lengths[2], i + 2), token: token(i), level: 513 + i, flag: i & 1 };
}

/** A typed shape: what the generated and hand-written sides run, and what the peers carry. */
export interface TypedShape {
  readonly key: string;
  readonly shape: string;
  readonly enc: readonly [() => unknown, () => unknown];
  readonly dec: readonly [() => unknown, () => unknown];
  readonly peerValue: unknown;
  readonly peers: Record<string, Codec>;
  /** Generated and hand-written bytes (identical, checked) and their decoded values (equal, checked). */
  readonly check: () => { gen: Uint8Array; hand: Uint8Array; genValue: unknown; handValue: unknown };
}

type Ctor = new (init: Record<string, unknown>) => { encode(sync?: number): Uint8Array };
export interface TypedGenerated {
  /** The generated space's tuple and primary key codecs (bench.iproto's PersonSpace). */
  PersonSpaceTuple: TupleCodec<hand.Person>;
  PersonSpaceKey: KeyCodec<readonly [number]>;
  TypedInsert: Ctor & { decodeBody(b: Uint8Array): unknown };
  TypedInsertBig: Ctor & { decodeBody(b: Uint8Array): unknown };
  TypedSelectResponse: { encodeBody(v: unknown): Uint8Array; decode(b: Uint8Array): unknown };
}

function insertShape(gen: TypedGenerated, key: string, shape: string, p: hand.Person | hand.PersonBig, big: boolean): TypedShape {
  const Gen = big ? gen.TypedInsertBig : gen.TypedInsert;
  const msg = big ? 113 : 13;
  const init = { space: 1, flags: 1, person: p };
  const genBytes = new Gen(init).encode(5);
  const body = genBytes.subarray(12);
  return {
    key,
    shape,
    enc: [() => new Gen(init).encode(5), () => new hand.TypedInsertRequest(msg, 1, 1, p).encode(5)],
    dec: [() => Gen.decodeBody(body), () => hand.decodeTypedInsert(body, big)],
    peerValue: { space: 1, flags: 1, person: { ...p, id: Number(p.id) } },
    peers: peers("insert"),
    check: () => ({ gen: genBytes, hand: new hand.TypedInsertRequest(msg, 1, 1, p).encode(5), genValue: Gen.decodeBody(body), handValue: hand.decodeTypedInsert(body, big) }),
  };
}

export function typedShapes(gen: TypedGenerated): TypedShape[] {
  const p = personOf(7);
  const tuples = Array.from({ length: 100 }, (_, i) => ({ person: personOf(i) }));
  const selectInit = { code: 0, count: tuples.length, tuples };
  const selectBody = gen.TypedSelectResponse.encodeBody(selectInit);
  const spaceSelect = new BoxSelectRequest(1, gen.PersonSpaceKey, [[1]], 0, LIMIT_ALL, gen.PersonSpaceTuple);
  const handPersons = (): unknown => {
    const h = hand.decodeTypedSelect(selectBody);
    return { count: h.count, tuples: h.tuples.map((t) => t.person) };
  };
  return [
    {
      // The space client's path: BoxInsertRequest over the generated tuple codec (the bytes of the typed
      // INSERT above), and a SELECT reply read by BoxSelectRequest into the space's tuples.
      key: "typed-space",
      shape: "Space client (BoxSpace): INSERT request encode; SELECT reply of 100 tuples decode",
      enc: [() => new BoxInsertRequest(1, 1, gen.PersonSpaceTuple, p).encode(5), () => new hand.TypedInsertRequest(13, 1, 1, p).encode(5)],
      dec: [() => spaceSelect.decodeResponse(selectBody), handPersons],
      peerValue: undefined,
      peers: {},
      check: () => ({
        gen: new BoxInsertRequest(1, 1, gen.PersonSpaceTuple, p).encode(5),
        hand: new hand.TypedInsertRequest(13, 1, 1, p).encode(5),
        genValue: spaceSelect.decodeResponse(selectBody),
        handValue: handPersons(),
      }),
    },
    insertShape(gen, "typed-insert", "Typed INSERT: u64 (number), u32, strings 10/20/40, token, u16, u8 (121 B)", p, false),
    insertShape(gen, "typed-insert-big", "Typed INSERT, the u64 as a bigint", { ...p, id: BigInt(p.id) }, true),
    insertShape(gen, "typed-insert-utf8", "Typed INSERT, Cyrillic strings (2 bytes a letter)", personOf(7, cyrillic), false),
    insertShape(gen, "typed-insert-long", "Typed INSERT, strings of 150/300/600 bytes (2-byte BER lengths)", personOf(7, ascii, [150, 300, 600]), false),
    {
      key: "typed-select",
      shape: "Typed SELECT response, 100 tuples",
      enc: [() => gen.TypedSelectResponse.encodeBody(selectInit), () => hand.encodeTypedSelect(tuples)],
      dec: [() => gen.TypedSelectResponse.decode(selectBody), () => hand.decodeTypedSelect(selectBody)],
      peerValue: { code: 0, count: tuples.length, tuples: tuples.map((t) => t.person) },
      peers: peers("select"),
      check: () => ({ gen: selectBody, hand: hand.encodeTypedSelect(tuples), genValue: gen.TypedSelectResponse.decode(selectBody), handValue: hand.decodeTypedSelect(selectBody) }),
    },
  ];
}
