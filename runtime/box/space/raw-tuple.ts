/**
 * A tuple as its fields' bytes, for what the schema does not type: the result of a procedure declared
 * without `returns`, and users' own raw access. Each field is BER length + bytes; decoded fields are views
 * into the reply (copy them to keep them).
 */
import { readVarint, varintSize, writeVarint } from "../../codec/varint.js";
import { tooLarge, varintFailure } from "../../codec/fail.js";
import { writeBytes } from "../../codec/bytes.js";
import type { DecodeCursor } from "../../codec/cursor.js";
import type { TupleCodec } from "./types.js";

export const rawTuple: TupleCodec<Uint8Array[], readonly Uint8Array[]> = {
  name: "tuple",
  fieldCount: 0,
  tailWidth: 1,
  count: (fields) => fields.length,
  size(fields) {
    let size = 0;
    for (const f of fields) size += varintSize(f.length) + f.length;
    return size;
  },
  write(t, p, fields) {
    for (const f of fields) p = writeBytes(t, writeVarint(t, p, f.length), f);
    return p;
  },
  read(body: Uint8Array, p: number, end: number, cardinality: number, cursor: DecodeCursor): Uint8Array[] {
    // Every field takes at least its one-byte length.
    if (cardinality > end - p) throw tooLarge("tuple", "", p, "cardinality", cardinality, end - p);
    const fields: Uint8Array[] = [];
    for (let i = 0; i < cardinality; i++) {
      const n = readVarint(body, p, end, cursor);
      if (n < 0) throw varintFailure("tuple", `fields[${i}]`, p, n);
      p = cursor.pos;
      if (n > end - p) throw tooLarge("tuple", `fields[${i}]`, p, "length", n, end - p);
      fields.push(body.subarray(p, (p += n)));
    }
    cursor.pos = p;
    return fields;
  },
};
