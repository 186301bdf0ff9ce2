/**
 * The same information through general-purpose serializers: protobufjs (reflection: `parse()` at start-up,
 * which compiles encoders/decoders at run time — its static code needs the separate pbjs CLI), avsc and
 * msgpackr (records mode). 64-bit integers are plain numbers everywhere (protobufjs without Long).
 */
import avro from "avsc";
import { Packr } from "msgpackr";
import protobuf from "protobufjs";

protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();

const proto = protobuf.parse(`
syntax = "proto3";
message Ten { uint32 a = 1; sint32 b = 2; uint32 c = 3; sint32 d = 4; uint32 e = 5; sint32 f = 6; uint64 g = 7; sint64 h = 8; float i = 9; double j = 10; }
message Insert { uint32 space = 1; uint32 flags = 2; repeated bytes tuple = 3; }
message Tuple { repeated bytes fields = 1; }
message SelectResponse { uint32 code = 1; uint32 count = 2; repeated Tuple tuples = 3; }
`).root;

export interface Codec {
  encode(value: unknown): Uint8Array;
  decode(bytes: Uint8Array): unknown;
}

function protobufCodec(name: string): Codec {
  const type = proto.lookupType(name);
  return { encode: (v) => type.encode(v as Record<string, unknown>).finish(), decode: (b) => type.decode(b) };
}

function avroCodec(schema: avro.Schema): Codec {
  const type = avro.Type.forSchema(schema);
  return { encode: (v) => type.toBuffer(v), decode: (b) => type.fromBuffer(Buffer.from(b.buffer, b.byteOffset, b.byteLength)) };
}

function msgpackCodec(): Codec {
  const packr = new Packr({ useRecords: true });
  return { encode: (v) => packr.pack(v), decode: (b) => packr.unpack(b) };
}

const tuple: avro.Schema = { type: "record", name: "Tuple", fields: [{ name: "fields", type: { type: "array", items: "bytes" } }] };

export const PEERS: Record<"ten" | "insert" | "select", Record<string, Codec>> = {
  ten: {
    protobufjs: protobufCodec("Ten"),
    avsc: avroCodec({
      type: "record",
      name: "Ten",
      fields: [
        { name: "a", type: "int" }, { name: "b", type: "int" }, { name: "c", type: "int" }, { name: "d", type: "int" },
        { name: "e", type: "long" }, { name: "f", type: "int" }, { name: "g", type: "long" }, { name: "h", type: "long" },
        { name: "i", type: "float" }, { name: "j", type: "double" },
      ],
    }),
    msgpackr: msgpackCodec(),
  },
  insert: {
    protobufjs: protobufCodec("Insert"),
    avsc: avroCodec({ type: "record", name: "Insert", fields: [{ name: "space", type: "long" }, { name: "flags", type: "long" }, { name: "tuple", type: { type: "array", items: "bytes" } }] }),
    msgpackr: msgpackCodec(),
  },
  select: {
    protobufjs: protobufCodec("SelectResponse"),
    avsc: avroCodec({ type: "record", name: "SelectResponse", fields: [{ name: "code", type: "long" }, { name: "count", type: "long" }, { name: "tuples", type: { type: "array", items: tuple } }] }),
    msgpackr: msgpackCodec(),
  },
};
