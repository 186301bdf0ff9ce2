/**
 * An in-memory Tarantool 1.5 Box, enough to stand in for a real server in the demo and in tests. It is
 * written against the generated `BoxHandler` interface and served by the generated dispatcher on an
 * `IProtoServer`, so the client under test cannot tell it from the real thing on these calls: the
 * replies follow the captures in shared/reference/tarantool15-wire.txt.
 *
 * Spaces are configured with their indexes (each on one field); keys match a field's bytes exactly.
 */
import { IProtoServer, ServerError, type ServerAddress } from "@iprotoc/runtime";
import {
  BoxFlags,
  UpdateOp,
  createBoxDispatcher,
  type BoxHandler,
  type CallRequestFields,
  type DeleteRequestFields,
  type DeleteWithFlagsRequestFields,
  type InsertRequestFields,
  type SelectRequestFields,
  type TupleInit,
  type UpdateOperation,
  type UpdateRequestFields,
} from "./gen/box.js";

/** Tarantool 1.5 error codes (src/errcode.h); the reply's code is `(errcode << 8) | severity`. */
const ER_TUPLE_NOT_FOUND = 49;
const ER_NO_SUCH_PROC = 50;
const ER_NO_SUCH_INDEX = 53;
const ER_NO_SUCH_FIELD = 54;
const ER_TUPLE_FOUND = 55;
const ER_UPDATE_FIELD = 56;
const ER_NO_SUCH_SPACE = 57;
/** Severity 2: a permanent error. Severity 1 would ask the client to retry elsewhere. */
const PERMANENT = 2;

function boxError(errcode: number, message: string): ServerError {
  return new ServerError((errcode << 8) | PERMANENT, message, false);
}

export interface SpaceConfig {
  /** Field number each index is built on; index 0 is the unique primary key. */
  readonly indexes: readonly number[];
}

/** A stored procedure: gets the call's arguments, returns tuples. */
export type Procedure = (args: readonly Uint8Array[]) => Uint8Array[][];

type Tuple = Uint8Array[];

class Space {
  /** Primary key (hex of field bytes) -> tuple, in insertion order. */
  readonly rows = new Map<string, Tuple>();
  constructor(readonly config: SpaceConfig) {}

  primaryKey(tuple: readonly Uint8Array[]): string {
    return hex(tuple[this.config.indexes[0] ?? 0]);
  }

  find(index: number, key: readonly Uint8Array[]): Tuple[] {
    const field = this.config.indexes[index];
    if (field === undefined) throw boxError(ER_NO_SUCH_INDEX, `No index #${index} is defined in space`);
    const wanted = hex(key[0]);
    if (index === 0) {
      const row = this.rows.get(wanted);
      return row === undefined ? [] : [row];
    }
    return [...this.rows.values()].filter((row) => hex(row[field]) === wanted);
  }
}

export class MemoryBox implements BoxHandler {
  readonly #spaces = new Map<number, Space>();
  readonly #procedures = new Map<string, Procedure>();

  constructor(spaces: Readonly<Record<number, SpaceConfig>>, procedures: Readonly<Record<string, Procedure>> = {}) {
    for (const [number, config] of Object.entries(spaces)) this.#spaces.set(Number(number), new Space(config));
    for (const [name, procedure] of Object.entries(procedures)) this.#procedures.set(name, procedure);
  }

  ping(): void {}

  insert(request: InsertRequestFields) {
    const space = this.#space(request.space);
    const tuple = request.tuple.fields.map(copy);
    const key = space.primaryKey(tuple);
    const exists = space.rows.has(key);
    if (request.flags & BoxFlags.ADD && exists) {
      throw boxError(ER_TUPLE_FOUND, "Duplicate key exists in unique index 0");
    }
    if (request.flags & BoxFlags.REPLACE && !exists) {
      throw boxError(ER_TUPLE_NOT_FOUND, "Tuple doesn't exist in index 0");
    }
    space.rows.set(key, tuple);
    return affected(request.flags, [tuple]);
  }

  select(request: SelectRequestFields) {
    const space = this.#space(request.space);
    const found = request.keys.flatMap((key) => space.find(request.index, key.fields));
    const page = found.slice(request.offset, request.offset + request.limit);
    return { tuples: page.map(toTuple) };
  }

  update(request: UpdateRequestFields) {
    const space = this.#space(request.space);
    const [old] = space.find(0, request.key.fields);
    if (old === undefined) return affected(request.flags, []);
    const updated = request.operations.reduce(applyOperation, old.map(copy));
    space.rows.delete(space.primaryKey(old));
    space.rows.set(space.primaryKey(updated), updated);
    return affected(request.flags, [updated]);
  }

  delete(request: DeleteRequestFields) {
    return { count: this.#remove(request.space, request.key.fields).length };
  }

  deleteWithFlags(request: DeleteWithFlagsRequestFields) {
    return affected(request.flags, this.#remove(request.space, request.key.fields));
  }

  call(request: CallRequestFields) {
    const procedure = this.#procedures.get(request.procedure);
    if (procedure === undefined) {
      throw boxError(ER_NO_SUCH_PROC, `Procedure '${request.procedure}' is not defined`);
    }
    return { tuples: procedure(request.args.map(copy)).map(toTuple) };
  }

  #remove(spaceNo: number, key: readonly Uint8Array[]): Tuple[] {
    const space = this.#space(spaceNo);
    const found = space.find(0, key);
    for (const row of found) space.rows.delete(space.primaryKey(row));
    return found;
  }

  #space(number: number): Space {
    const space = this.#spaces.get(number);
    if (space === undefined) throw boxError(ER_NO_SUCH_SPACE, `Space ${number} does not exist`);
    return space;
  }
}

/** INSERT/UPDATE/DELETE reply: the count, and the tuples only when the request asked for them. */
function affected(flags: number, tuples: readonly Tuple[]) {
  return flags & BoxFlags.RETURN_TUPLE
    ? { count: tuples.length, tuples: tuples.map(toTuple) }
    : { count: tuples.length };
}

function applyOperation(tuple: Tuple, operation: UpdateOperation): Tuple {
  const { field, op, argument } = operation;
  if (op === UpdateOp.INSERT) {
    if (field > tuple.length) throw boxError(ER_NO_SUCH_FIELD, `Field ${field} was not found in the tuple`);
    return [...tuple.slice(0, field), copy(argument), ...tuple.slice(field)];
  }
  // SET may append one field; every other operation needs the field to exist.
  if (op === UpdateOp.SET && field === tuple.length) return [...tuple, copy(argument)];
  const current = tuple[field];
  if (current === undefined) throw boxError(ER_NO_SUCH_FIELD, `Field ${field} was not found in the tuple`);
  const next = [...tuple];
  switch (op) {
    case UpdateOp.SET:
      next[field] = copy(argument);
      return next;
    case UpdateOp.DELETE:
      next.splice(field, 1);
      return next;
    case UpdateOp.ADD:
    case UpdateOp.AND:
    case UpdateOp.XOR:
    case UpdateOp.OR:
      next[field] = arithmetic(op, current, argument, field);
      return next;
    default:
      throw boxError(ER_UPDATE_FIELD, `Field ${field} UPDATE error: unsupported operation ${op}`);
  }
}

/** Integer operations on 4- or 8-byte little-endian fields, wrapping as the server's unsigned ints do. */
function arithmetic(op: number, current: Uint8Array, argument: Uint8Array, field: number): Uint8Array {
  const width = current.length;
  if ((width !== 4 && width !== 8) || argument.length !== width) {
    throw boxError(ER_UPDATE_FIELD, `Field ${field} UPDATE error: field and argument must be 32- or 64-bit integers`);
  }
  const bits = BigInt(width * 8);
  const a = readUint(current);
  const b = readUint(argument);
  const result =
    op === UpdateOp.ADD ? a + b : op === UpdateOp.AND ? a & b : op === UpdateOp.XOR ? a ^ b : a | b;
  const out = new Uint8Array(width);
  const view = new DataView(out.buffer);
  const wrapped = BigInt.asUintN(Number(bits), result);
  if (width === 4) view.setUint32(0, Number(wrapped), true);
  else view.setBigUint64(0, wrapped, true);
  return out;
}

function readUint(bytes: Uint8Array): bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return bytes.length === 4 ? BigInt(view.getUint32(0, true)) : view.getBigUint64(0, true);
}

function toTuple(fields: readonly Uint8Array[]): TupleInit {
  return { fields };
}

/** Request fields are views into the packet buffer: keep copies, not views. */
function copy(bytes: Uint8Array): Uint8Array {
  return Uint8Array.prototype.slice.call(bytes);
}

function hex(bytes: Uint8Array | undefined): string {
  return bytes === undefined ? "" : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** Starts a MemoryBox on 127.0.0.1 (an OS-chosen port unless given). */
export async function startMemoryBox(
  box: MemoryBox,
  port = 0,
): Promise<{ server: IProtoServer; address: ServerAddress }> {
  const server = new IProtoServer({ host: "127.0.0.1", port, handler: createBoxDispatcher(box) });
  const address = await server.listen();
  return { server, address };
}

/** The spaces of the demo (and of the captures): space 0 (id, name, score) indexed on id and name; space 1 on field 0. */
export const demoSpaces: Readonly<Record<number, SpaceConfig>> = {
  0: { indexes: [0, 1] },
  1: { indexes: [0] },
};

/** `t15_echo`, as in the captures' init.lua: returns its arguments as one tuple. */
export const demoProcedures: Readonly<Record<string, Procedure>> = {
  t15_echo: (args) => [[...args]],
};
