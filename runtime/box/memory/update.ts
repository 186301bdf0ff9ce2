/**
 * UPDATE operations of Tarantool 1.5 (tuple_update.cc) on a tuple's field bytes: applied in order, each
 * seeing the result of the previous; any error leaves the stored tuple untouched (we work on a copy).
 */
import { varintSize, writeVarint } from "../../codec/varint.js";
import { boxFault, illegal } from "./fault.js";
import { BodyReader } from "./reader.js";

/** One operation as on the wire: field number, op code (0..7), argument bytes. */
export interface MemoryUpdateOp {
  readonly field: number;
  readonly op: number;
  /** The argument; for SPLICE (5) the three nested fields offset, length, paste (see `spliceArgument`). */
  readonly arg: Uint8Array;
}

/** The server refuses more operations than this in one UPDATE (BOX_UPDATE_OP_CNT_MAX). */
export const MAX_UPDATE_OPS = 4000;

export const UPDATE_SET = 0;
export const UPDATE_ADD = 1;
export const UPDATE_AND = 2;
export const UPDATE_XOR = 3;
export const UPDATE_OR = 4;
export const UPDATE_SPLICE = 5;
export const UPDATE_DELETE = 6;
export const UPDATE_INSERT = 7;

/** The number's checks happen when the operations are read, before any is applied. */
export function checkUpdateOps(ops: readonly MemoryUpdateOp[]): void {
  if (ops.length > MAX_UPDATE_OPS) throw illegal("too many operations for update");
  if (ops.length === 0) throw illegal("no operations for update");
  for (const op of ops) if (op.op > UPDATE_INSERT || op.op < 0) throw boxFault("ER_UNKNOWN_UPDATE_OP");
}

export function applyUpdate(tuple: readonly Uint8Array[], ops: readonly MemoryUpdateOp[]): Uint8Array[] {
  checkUpdateOps(ops);
  const fields = [...tuple];
  for (const op of ops) applyOne(fields, op);
  return fields;
}

/** ER_NO_SUCH_FIELD unless `field <= max` (op_adjust_field_no). */
function within(field: number, max: number): void {
  if (field > max) throw boxFault("ER_NO_SUCH_FIELD", field);
}

function applyOne(fields: Uint8Array[], op: MemoryUpdateOp): void {
  switch (op.op) {
    case UPDATE_SET:
      // SET on the field just past the end appends (the server turns it into an INSERT there).
      if (op.field === fields.length) fields.push(op.arg);
      else {
        within(op.field, fields.length - 1);
        fields[op.field] = op.arg;
      }
      return;
    case UPDATE_INSERT:
      within(op.field, fields.length);
      fields.splice(op.field, 0, op.arg);
      return;
    case UPDATE_DELETE:
      within(op.field, fields.length - 1);
      fields.splice(op.field, 1);
      return;
    case UPDATE_SPLICE:
      within(op.field, fields.length - 1);
      fields[op.field] = splice(fields[op.field]!, op.arg);
      return;
    default:
      within(op.field, fields.length - 1);
      fields[op.field] = arith(op.op, op.field, fields[op.field]!, op.arg);
  }
}

/**
 * ADD, AND, XOR, OR on a 4- or 8-byte field, wrapping. A 4-byte argument to an 8-byte field is
 * sign-extended (adding ff ff ff ff subtracts one: proven against the server, whose protocol text says
 * nothing of it).
 */
function arith(code: number, field: number, value: Uint8Array, arg: Uint8Array): Uint8Array {
  let bits: bigint;
  if (value.length === 4) {
    if (arg.length !== 4) throw boxFault("ER_ARG_TYPE", field, "NUM");
    bits = 32n;
  } else if (value.length === 8) {
    if (arg.length !== 4 && arg.length !== 8) throw boxFault("ER_ARG_TYPE", field, "NUM or NUM64");
    bits = 64n;
  } else {
    throw boxFault("ER_FIELD_TYPE", "32-bit or 64-bit int");
  }
  const a = readLE(value);
  const b = arg.length === 4 && value.length === 8 ? BigInt.asIntN(32, readLE(arg)) : readLE(arg);
  const result = code === UPDATE_ADD ? a + b : code === UPDATE_AND ? a & b : code === UPDATE_XOR ? a ^ b : a | b;
  return writeLE(BigInt.asUintN(Number(bits), result), value.length);
}

function readLE(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return v;
}

function writeLE(value: bigint, width: number): Uint8Array {
  const out = new Uint8Array(width);
  for (let i = 0; i < width; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return out;
}

/** Perl's splice on the field's bytes, with the server's clamping of offset and length. */
function splice(value: Uint8Array, arg: Uint8Array): Uint8Array {
  // Read and checked in the server's order: an offset out of bound is reported even when the length
  // and paste after it are missing.
  const reader = new BodyReader(arg);
  const size = value.length;
  let offset = reader.fieldI32();
  if (offset < 0) {
    if (-offset > size) throw boxFault("ER_SPLICE", "offset is out of bound");
    offset += size;
  } else if (offset > size) {
    offset = size;
  }
  let cut = reader.fieldI32();
  const paste = reader.field();
  if (!reader.done) throw illegal("field splice format error");
  if (cut < 0) cut = -cut > size - offset ? 0 : cut + size - offset;
  else if (cut > size - offset) cut = size - offset;
  const out = new Uint8Array(size - cut + paste.length);
  out.set(value.subarray(0, offset), 0);
  out.set(paste, offset);
  out.set(value.subarray(offset + cut), offset + paste.length);
  return out;
}

/** The SPLICE argument: offset and length as i32 LE fields, then the paste, each with its BER length. */
export function spliceArgument(offset: number, length: number, paste: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + 4 + 1 + 4 + varintSize(paste.length) + paste.length);
  const view = new DataView(out.buffer);
  out[0] = 4;
  view.setInt32(1, offset, true);
  out[5] = 4;
  view.setInt32(6, length, true);
  let p = 10;
  p = writeVarint(out, p, paste.length);
  out.set(paste, p);
  return out;
}

