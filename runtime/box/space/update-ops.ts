/**
 * What every generated update codec shares: the Box UPDATE operation codes, and the splice argument
 * (a BER-length field holding offset and length as BER-prefixed 4-byte integers, then the text —
 * /work/shared/reference/tarantool15-box-protocol.txt, `op_arg_splice`; MR::Tarantool::Box's `splice`).
 */
import { outOfRange } from "../../codec/fail.js";
import { utf8Length, writeUtf8 } from "../../codec/utf8.js";
import { varintSize, writeVarint } from "../../codec/varint.js";
import { writeU32 } from "../../framing/header.js";

/** UPDATE operation codes by the names the generated `<Space>Update` types use. */
export const UPDATE_OPS = { set: 0, add: 1, and: 2, xor: 3, or: 4, splice: 5, delete: 6, insert: 7 } as const;

export type UpdateOpName = keyof typeof UPDATE_OPS;

/** Bytes of a splice's argument, its own BER length included. */
export function spliceSize(text: string): number {
  const n = utf8Length(text);
  const inner = 10 + varintSize(n) + n;
  return varintSize(inner) + inner;
}

/** Writes a splice's argument at `p` (offset and length are signed 32-bit: Perl's splice counts from the end for negatives). */
export function writeSplice(t: Uint8Array, p: number, name: string, offset: number, length: number, text: string): number {
  if ((offset | 0) !== offset) throw outOfRange(name, "offset", offset, "i32");
  if ((length | 0) !== length) throw outOfRange(name, "length", length, "i32");
  const n = utf8Length(text);
  p = writeVarint(t, p, 10 + varintSize(n) + n);
  t[p] = 4;
  p = writeU32(t, p + 1, offset >>> 0);
  t[p] = 4;
  p = writeU32(t, p + 1, length >>> 0);
  p = writeVarint(t, p, n);
  return p + writeUtf8(t, p, text);
}

/** Writes an operation's head: the field number (u32) and the op code (u8); returns the offset after it. */
export function writeUpdateHead(t: Uint8Array, p: number, field: number, op: UpdateOpName): number {
  p = writeU32(t, p, field);
  t[p] = UPDATE_OPS[op];
  return p + 1;
}
