/**
 * The Box operations as requests over a space's generated codecs (types.ts): INSERT (13), SELECT (17),
 * UPDATE (19), DELETE (20, or 21 with flags) and CALL (22), byte for byte what MR::Tarantool::Box sends
 * (/work/shared/reference/tarantool15-box-protocol.txt; test/box/space-runtime pins the bytes).
 */
import { EncodeError } from "../../core/errors.js";
import type { IProtoRequest } from "../../core/message.js";
import { outOfRange, sizeChanged, tooLong } from "../../codec/fail.js";
import { utf8Length, writeUtf8 } from "../../codec/utf8.js";
import { varintSize, writeVarint } from "../../codec/varint.js";
import { HEADER_SIZE, writeHeader, writeU32 } from "../../framing/header.js";
import { encodePacket } from "../../framing/request-base.js";
import { readReply, type BoxReply } from "./reply.js";
import { BoxRequest } from "./request.js";
import type { KeyCodec, TupleCodec, UpdateCodec } from "./types.js";

/** Flags of INSERT, UPDATE and DELETE (Tarantool's `BOX_*`). */
export const BoxFlag = {
  /** Send the affected tuple back. */
  RETURN_TUPLE: 1,
  /** INSERT: fail if a tuple with the same primary key exists. */
  ADD: 2,
  /** INSERT: fail unless a tuple with the same primary key exists. */
  REPLACE: 4,
} as const;

/** SELECT's limit when none is given: every matching tuple (MR::Tarantool::Box's default too). */
export const LIMIT_ALL = 0x7fffffff;

function u32(label: string, path: string, v: number): number {
  if (v >>> 0 !== v) throw outOfRange(label, path, v, "u32");
  return v;
}

/**
 * Byte size of a key (its part count, then the parts). A key of no parts, or of more than the index has, is
 * refused; so is a prefix, unless the index takes one (a TREE index, in SELECT: UPDATE and DELETE name one
 * tuple by its whole primary key).
 */
function keySize<K extends readonly unknown[]>(label: string, codec: KeyCodec<K>, key: K, prefix = codec.prefix): number {
  const n = key.length;
  if (n === 0 || n > codec.parts || (n < codec.parts && !prefix)) {
    const want = prefix && codec.parts > 1 ? `1 to ${codec.parts}` : `${codec.parts}`;
    throw new EncodeError(label, "key", `${codec.name} takes ${want} part${codec.parts === 1 ? "" : "s"}, given ${n}`);
  }
  return 4 + codec.size(key);
}

function writeKey<K extends readonly unknown[]>(t: Uint8Array, p: number, codec: KeyCodec<K>, key: K): number {
  return codec.write(t, writeU32(t, p, key.length), key);
}

function tupleSize<TInit>(codec: TupleCodec<unknown, TInit>, tuple: TInit): number {
  codec.count(tuple);
  return 4 + codec.size(tuple);
}

function writeTuple<TInit>(t: Uint8Array, p: number, codec: TupleCodec<unknown, TInit>, tuple: TInit): number {
  return codec.write(t, writeU32(t, p, codec.count(tuple)), tuple);
}

/**
 * INSERT (13): `space, flags, tuple`; the reply is the count, and the stored tuple when RETURN_TUPLE.
 *
 * The most frequent write, so it stands alone rather than extending BoxRequest: the same facts (on the
 * prototype) and checks, without the base class — a derived class's construction and the shared
 * encodeInto's writeBody step measured 0.90× of the hand-written INSERT, this class 1.03× (bench/codec,
 * "Space client").
 */
export class BoxInsertRequest<T, TInit> implements IProtoRequest<BoxReply<T>> {
  declare readonly msg: 13;
  declare readonly retry: boolean;
  declare readonly noReply: boolean;
  declare readonly timeout: number | undefined;
  declare readonly key: string | Uint8Array | undefined;
  static {
    Object.defineProperties(this.prototype, {
      msg: { value: 13 },
      retry: { value: false },
      noReply: { value: false },
      timeout: { value: undefined },
      key: { value: undefined },
    });
  }
  /** The packet's size and the tuple's cardinality, both computed once (packetSize). */
  #size = -1;
  #count = 0;
  constructor(
    readonly space: number,
    readonly flags: number,
    readonly codec: TupleCodec<T, TInit>,
    readonly tuple: TInit,
  ) {}
  #label(): string {
    return `${this.codec.name}.insert`;
  }
  packetSize(): number {
    let size = this.#size;
    if (size < 0) {
      const { space, flags } = this;
      if (space >>> 0 !== space) u32(this.#label(), "space", space);
      if (flags >>> 0 !== flags) u32(this.#label(), "flags", flags);
      const codec = this.codec;
      // Without a tail the cardinality is the field count: no call.
      this.#count = codec.tailWidth === 0 ? codec.fieldCount : codec.count(this.tuple);
      size = this.#size = HEADER_SIZE + 12 + codec.size(this.tuple);
    }
    return size;
  }
  encodeInto(t: Uint8Array, p: number, sync: number): number {
    const size = this.packetSize();
    if (t.length - p < size) throw tooLong(this.#label(), "", size, t.length - p);
    writeHeader(t, p, 13, size - HEADER_SIZE, sync);
    // space, flags, cardinality at constant offsets, then the tuple's fields.
    writeU32(t, p + 12, this.space);
    writeU32(t, p + 16, this.flags);
    writeU32(t, p + 20, this.#count);
    const end = this.codec.write(t, p + 24, this.tuple);
    if (end !== p + size) throw sizeChanged(this.#label(), size, end - p);
    return end;
  }
  /** The whole packet in a new buffer. */
  encode(sync = 0): Uint8Array {
    return encodePacket(this, sync);
  }
  decodeResponse(body: Uint8Array): BoxReply<T> {
    return readReply(body, this.#label(), this.codec, (this.flags & BoxFlag.RETURN_TUPLE) !== 0);
  }
  isRetry(_response: BoxReply<T>): boolean {
    return false;
  }
}

/** SELECT (17): `space, index, offset, limit, count, keys…`; the reply is the count and the tuples. */
export class BoxSelectRequest<T, K extends readonly unknown[]> extends BoxRequest<BoxReply<T>> {
  static {
    Object.assign(this.prototype, { msg: 17 });
  }
  override get retry(): boolean {
    return true;
  }
  constructor(
    readonly space: number,
    readonly index: KeyCodec<K>,
    readonly keys: readonly K[],
    readonly offset: number,
    readonly limit: number,
    readonly codec: TupleCodec<T, unknown>,
  ) {
    super();
  }
  protected get label(): string {
    return `${this.index.name}.select`;
  }
  protected bodySize(): number {
    u32(this.label, "space", this.space);
    u32(this.label, "offset", this.offset);
    u32(this.label, "limit", this.limit);
    let size = 20;
    for (const key of this.keys) size += keySize(this.label, this.index, key);
    return size;
  }
  protected writeBody(t: Uint8Array, p: number): number {
    p = writeU32(t, p, this.space);
    p = writeU32(t, p, this.index.index);
    p = writeU32(t, p, this.offset);
    p = writeU32(t, p, this.limit);
    p = writeU32(t, p, this.keys.length);
    for (const key of this.keys) p = writeKey(t, p, this.index, key);
    return p;
  }
  decodeResponse(body: Uint8Array): BoxReply<T> {
    return readReply(body, this.label, this.codec, true);
  }
}

/** UPDATE (19): `space, flags, key, count, operations…`; the reply is the count, and the tuple when RETURN_TUPLE. */
export class BoxUpdateRequest<T, PK extends readonly unknown[], U> extends BoxRequest<BoxReply<T>> {
  static {
    Object.assign(this.prototype, { msg: 19 });
  }
  constructor(
    readonly space: number,
    readonly flags: number,
    readonly primary: KeyCodec<PK>,
    /** The primary key of the tuple (`key` is the request's balancing key). */
    readonly tupleKey: PK,
    readonly update: UpdateCodec<U>,
    readonly ops: readonly U[],
    readonly codec: TupleCodec<T, unknown>,
  ) {
    super();
  }
  protected get label(): string {
    return `${this.codec.name}.update`;
  }
  protected bodySize(): number {
    u32(this.label, "space", this.space);
    u32(this.label, "flags", this.flags);
    let size = 12 + keySize(this.label, this.primary, this.tupleKey, false);
    for (const op of this.ops) size += this.update.size(op);
    return size;
  }
  protected writeBody(t: Uint8Array, p: number): number {
    p = writeKey(t, writeU32(t, writeU32(t, p, this.space), this.flags), this.primary, this.tupleKey);
    p = writeU32(t, p, this.ops.length);
    for (const op of this.ops) p = this.update.write(t, p, op);
    return p;
  }
  decodeResponse(body: Uint8Array): BoxReply<T> {
    return readReply(body, this.label, this.codec, (this.flags & BoxFlag.RETURN_TUPLE) !== 0);
  }
}

/**
 * DELETE by the whole primary key. Without flags it is message 20 (`space, key`), what
 * MR::Tarantool::Box's Delete sends; with flags (RETURN_TUPLE) message 21 (`space, flags, key`), what it
 * sends for `want_deleted_tuple` — the same choice, so a server that only knows 20 keeps working.
 */
export class BoxDeleteRequest<T, PK extends readonly unknown[]> extends BoxRequest<BoxReply<T>> {
  override readonly msg: 20 | 21;
  constructor(
    readonly space: number,
    readonly flags: number,
    readonly primary: KeyCodec<PK>,
    /** The primary key of the tuple (`key` is the request's balancing key). */
    readonly tupleKey: PK,
    readonly codec: TupleCodec<T, unknown>,
  ) {
    super();
    this.msg = flags === 0 ? 20 : 21;
  }
  protected get label(): string {
    return `${this.codec.name}.delete`;
  }
  protected bodySize(): number {
    u32(this.label, "space", this.space);
    u32(this.label, "flags", this.flags);
    return (this.msg === 20 ? 4 : 8) + keySize(this.label, this.primary, this.tupleKey, false);
  }
  protected writeBody(t: Uint8Array, p: number): number {
    p = writeU32(t, p, this.space);
    if (this.msg === 21) p = writeU32(t, p, this.flags);
    return writeKey(t, p, this.primary, this.tupleKey);
  }
  decodeResponse(body: Uint8Array): BoxReply<T> {
    return readReply(body, this.label, this.codec, (this.flags & BoxFlag.RETURN_TUPLE) !== 0);
  }
}

/** CALL (22): `flags, name (BER length + bytes), arguments as a tuple`; the reply is tuples, like SELECT's. */
export class BoxCallRequest<A, R> extends BoxRequest<BoxReply<R>> {
  static {
    Object.assign(this.prototype, { msg: 22 });
  }
  #nameBytes = -1;
  constructor(
    readonly name: string,
    readonly args: TupleCodec<unknown, A>,
    readonly values: A,
    readonly result: TupleCodec<R, unknown>,
    readonly flags = 0,
  ) {
    super();
  }
  protected get label(): string {
    return `${this.name}()`;
  }
  protected bodySize(): number {
    u32(this.label, "flags", this.flags);
    this.#nameBytes = utf8Length(this.name);
    return 4 + varintSize(this.#nameBytes) + this.#nameBytes + tupleSize(this.args, this.values);
  }
  protected writeBody(t: Uint8Array, p: number): number {
    p = writeVarint(t, writeU32(t, p, this.flags), this.#nameBytes);
    p += writeUtf8(t, p, this.name);
    return writeTuple(t, p, this.args, this.values);
  }
  decodeResponse(body: Uint8Array): BoxReply<R> {
    return readReply(body, this.label, this.result, true);
  }
}
