/**
 * Reads a request body the way Tarantool 1.5's pickle functions do: little-endian u32s, BER lengths,
 * fields; running past the end is the server's ER_ILLEGAL_PARAMS, never an exception of ours.
 */
import { illegal } from "./fault.js";

export class BodyReader {
  pos = 0;

  constructor(readonly body: Uint8Array, readonly end: number = body.length) {}

  get done(): boolean {
    return this.pos >= this.end;
  }

  u8(): number {
    if (this.pos + 1 > this.end) throw illegal("packet too short (expected 8 bits)");
    return this.body[this.pos++]!;
  }

  u32(): number {
    if (this.pos + 4 > this.end) throw illegal("packet too short (expected 32 bits)");
    const b = this.body;
    const p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  /** A BER length (Perl's `w`), at most 5 bytes as the server's load_varint32. */
  varint(): number {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      if (this.pos >= this.end) throw illegal("varint is too short (expected 1+ bytes)");
      const byte = this.body[this.pos++]!;
      value = value * 128 + (byte & 0x7f);
      if ((byte & 0x80) === 0) return value >>> 0;
    }
    throw illegal("varint is too short (expected 1+ bytes)");
  }

  bytes(length: number): Uint8Array {
    if (this.pos + length > this.end) throw illegal("packet too short (expected a field)");
    const out = this.body.slice(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  /** One field: BER length then that many bytes (copied: a stored tuple must not alias the frame). */
  field(): Uint8Array {
    return this.bytes(this.varint());
  }

  /**
   * A field that must hold a 32-bit integer (SPLICE's offset and length), signed. Its length is checked
   * before the bytes are looked for, as the server does: a length of 97 is "not a 32-bit int", not
   * "packet too short".
   */
  fieldI32(): number {
    if (this.varint() !== 4) throw illegal("incorrect packet format (expected a 32-bit int)");
    const field = this.bytes(4);
    return (field[0]! | (field[1]! << 8) | (field[2]! << 16) | (field[3]! << 24)) | 0;
  }

  /** `cardinality: u32` then that many fields. */
  fields(): Uint8Array[] {
    const count = this.u32();
    const out: Uint8Array[] = [];
    for (let i = 0; i < count; i++) out.push(this.field());
    return out;
  }
}
