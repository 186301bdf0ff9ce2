/**
 * The Box wire protocol in front of a MemoryBox: request bodies parsed as Tarantool 1.5 parses them
 * (request.cc), replies as it sends them — `u32 0, u32 count, tuples` or `u32 (code << 8) | severity`
 * and the message text NUL-terminated. A malformed body gets the server's error reply; nothing here
 * throws into IProtoServer.
 */
import { ServerError } from "../../core/errors.js";
import type { IProtoHandler } from "../../core/message.js";
import { boxFault, illegal } from "./fault.js";
import type { StoredTuple } from "./index-store.js";
import type { MemoryBox, MemoryChange } from "./memory-box.js";
import { BodyReader } from "./reader.js";
import { varintSize, writeVarint } from "../../codec/varint.js";
import { UPDATE_INSERT, type MemoryUpdateOp, MAX_UPDATE_OPS } from "./update.js";

export const BOX_INSERT = 13;
export const BOX_SELECT = 17;
export const BOX_UPDATE = 19;
export const BOX_DELETE_1_3 = 20;
export const BOX_DELETE = 21;
export const BOX_CALL = 22;
export const BOX_PING = 0xff00;

const RETURN_TUPLE = 1;
/** Flags a request may carry (BOX_ALLOWED_REQUEST_FLAGS): RETURN_TUPLE, ADD, REPLACE. */
const ALLOWED_FLAGS = 0x07;

export function boxHandler(box: MemoryBox): IProtoHandler {
  return (msg, body) => {
    try {
      return execute(box, msg, body);
    } catch (error) {
      // A bug of ours, not of the request, is still answered (as an illegal request), never thrown into
      // the server's read loop.
      const fault = error instanceof ServerError ? error : illegal(String(error));
      return errorReply(fault.returnCode, fault.serverMessage);
    }
  };
}

function execute(box: MemoryBox, msg: number, body: Uint8Array): Uint8Array {
  if (msg === BOX_PING) return new Uint8Array(0);
  const r = new BodyReader(body);
  switch (msg) {
    case BOX_INSERT: {
      const space = box.space(r.u32());
      const flags = r.u32() & ALLOWED_FLAGS;
      const tuple = insertedTuple(r);
      return changeReply(box.executeInsert(space, tuple, flags), flags);
    }
    case BOX_SELECT: {
      const space = box.space(r.u32());
      const index = r.u32();
      space.index(index);
      const offset = r.u32();
      const limit = r.u32();
      const count = r.u32();
      if (count === 0) throw illegal("tuple count must be positive");
      const { tuples, early } = box.executeSelect(space, index, offset, limit, count, () => r.fields());
      if (!early && !r.done) throw illegal("can't unpack request");
      return tuplesReply(tuples.length, tuples);
    }
    case BOX_UPDATE: {
      const space = box.space(r.u32());
      const flags = r.u32() & ALLOWED_FLAGS;
      const key = r.fields();
      return changeReply(box.executeUpdate(space, key, () => updateOps(r)), flags);
    }
    case BOX_DELETE_1_3:
    case BOX_DELETE: {
      const space = box.space(r.u32());
      const flags = msg === BOX_DELETE ? r.u32() & ALLOWED_FLAGS : 0;
      // Bytes after the key are ignored: the server does not check that DELETE read its whole body.
      const key = r.fields();
      return changeReply(box.executeDelete(space, key), flags);
    }
    case BOX_CALL: {
      r.u32();
      // ignoreBOM: a name's leading U+FEFF is part of it (Box compares bytes), not a mark to drop.
      const name = new TextDecoder("utf-8", { ignoreBOM: true }).decode(r.field());
      const procedure = box.procedures.get(name);
      if (procedure === undefined) throw boxFault("ER_NO_SUCH_PROC", name);
      const args = r.fields().map((f) => f.slice());
      let tuples: readonly (readonly Uint8Array[])[];
      try {
        tuples = procedure(args, box);
      } catch (error) {
        if (error instanceof ServerError) throw error;
        throw boxFault("ER_PROC_LUA", error instanceof Error ? error.message : String(error));
      }
      return tuplesReply(tuples.length, tuples.map((t) => [...t]));
    }
    default:
      throw illegal("unsupported command code, check the error log");
  }
}

/**
 * INSERT's tuple: the rest of the body must be exactly its cardinality's fields, else the server's one
 * message for any malformed tuple (truncated, overlong, trailing bytes).
 */
function insertedTuple(r: BodyReader): Uint8Array[] {
  const count = r.u32();
  const tuple: Uint8Array[] = [];
  try {
    for (let i = 0; i < count && !r.done; i++) tuple.push(r.field());
  } catch {
    throw illegal("during verifying tuple: incorrect tuple format");
  }
  if (tuple.length !== count || !r.done) throw illegal("during verifying tuple: incorrect tuple format");
  return tuple;
}

function updateOps(r: BodyReader): MemoryUpdateOp[] {
  const count = r.u32();
  if (count > MAX_UPDATE_OPS) throw illegal("too many operations for update");
  if (count === 0) throw illegal("no operations for update");
  const ops: MemoryUpdateOp[] = [];
  for (let i = 0; i < count; i++) {
    const field = r.u32();
    const op = r.u8();
    if (op > UPDATE_INSERT) throw boxFault("ER_UNKNOWN_UPDATE_OP");
    ops.push({ field, op, arg: r.field() });
  }
  if (!r.done) throw illegal("can't unpack update operations");
  return ops;
}

function changeReply(change: MemoryChange, flags: number): Uint8Array {
  const tuples = flags & RETURN_TUPLE && change.tuple !== undefined ? [change.tuple] : [];
  return tuplesReply(change.count, tuples);
}

/** `u32 0, u32 count`, then each tuple as `u32 size, u32 cardinality, fields`. */
export function tuplesReply(count: number, tuples: readonly StoredTuple[]): Uint8Array {
  let size = 8;
  for (const t of tuples) size += 8 + dataSize(t);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(4, count, true);
  let p = 8;
  for (const t of tuples) {
    view.setUint32(p, dataSize(t), true);
    view.setUint32(p + 4, t.length, true);
    p += 8;
    for (const field of t) {
      p = writeVarint(out, p, field.length);
      out.set(field, p);
      p += field.length;
    }
  }
  return out;
}

function dataSize(tuple: StoredTuple): number {
  let size = 0;
  for (const field of tuple) size += varintSize(field.length) + field.length;
  return size;
}

/** `u32 return code`, then the message and a NUL, as the server ends it. */
export function errorReply(returnCode: number, message: string): Uint8Array {
  const text = new TextEncoder().encode(message);
  const out = new Uint8Array(4 + text.length + 1);
  new DataView(out.buffer).setUint32(0, returnCode >>> 0, true);
  out.set(text, 4);
  return out;
}
