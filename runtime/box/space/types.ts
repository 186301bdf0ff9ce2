/**
 * The contract between code generated for a schema's `space` declarations and the runtime's Box
 * operations (runtime/box/space). Generated code owns what differs per space — the unrolled encoders and
 * decoders of its tuples, keys and update arguments — and hands them over as these small objects of
 * functions; the runtime owns what is the same for every space: the Box request bodies (INSERT 13,
 * SELECT 17, UPDATE 19, DELETE 20/21, CALL 22), the response envelope, tuple framing, errors.
 *
 * Every function is unrolled generated code (no interpreter, no closure per field): one object per
 * space (or per index), created once at module load.
 */
import type { DecodeCursor } from "../../codec/cursor.js";

/** Box key part types, as Tarantool 1.5's configuration names them. */
export type BoxKeyType = "NUM" | "NUM64" | "STR";

/**
 * Encodes and decodes one space's tuples. `TInit` is what encoders take, `T` what decoders return.
 * A tuple on the wire is `cardinality: u32` then each field as BER length + bytes; in responses the
 * cardinality is preceded by `size: u32`, the byte size of the field data.
 */
export interface TupleCodec<T, TInit = T> {
  /** The space's name as the schema writes it (used in error messages). */
  readonly name: string;
  /** Fields before the tail. */
  readonly fieldCount: number;
  /** Fields of the repeated tail group; 0 when the space has no tail. */
  readonly tailWidth: number;
  /** The tuple's cardinality: `fieldCount + tailWidth * tail.length`. Throws EncodeError on a bad tuple. */
  count(tuple: TInit): number;
  /** Byte size of the field data (every field's BER length and bytes; not the cardinality). */
  size(tuple: TInit): number;
  /** Writes the field data at `pos`; returns the offset after it. */
  write(target: Uint8Array, pos: number, tuple: TInit): number;
  /**
   * Reads the field data of a tuple of `cardinality` fields, which must end exactly at `end`; leaves
   * `cursor.pos` after it. Throws DecodeError (a field of the wrong length names the field).
   */
  read(body: Uint8Array, pos: number, end: number, cardinality: number, cursor: DecodeCursor): T;
}

/**
 * Encodes one index's keys. `K` is a readonly tuple of the parts' values in order; a TREE index takes
 * any non-empty prefix of its parts (for SELECT), a HASH index all of them.
 */
export interface KeyCodec<K extends readonly unknown[]> {
  /** `space.index` as the schema names them (error messages). */
  readonly name: string;
  /** The index number. */
  readonly index: number;
  /** Number of parts. */
  readonly parts: number;
  /** A prefix of the parts may be given (TREE indexes). */
  readonly prefix: boolean;
  /** Byte size of the key's parts (BER length + bytes each; not the cardinality). Throws EncodeError. */
  size(key: K): number;
  /** Writes the parts at `pos`; returns the offset after them. */
  write(target: Uint8Array, pos: number, key: K): number;
}

/**
 * One UPDATE operation of a space, typed by the generated code (`ScoresUpdate`): the generated codec
 * turns it into the wire triple field number, op code, argument bytes.
 */
export interface UpdateCodec<U> {
  readonly name: string;
  /** Byte size of one operation on the wire: `field: u32, op: u8, argument: w/a*`. Throws EncodeError. */
  size(op: U): number;
  /** Writes one operation at `pos`; returns the offset after it. */
  write(target: Uint8Array, pos: number, op: U): number;
}

/** What a generated space describes of itself: what `MemoryBox` and `generate --target tarantool` need. */
export interface SpaceDescriptor {
  readonly name: string;
  readonly no: number;
  /** Fields before the tail, with the key type of those an index may use (`undefined` otherwise). */
  readonly fields: readonly SpaceFieldDescriptor[];
  /** Fields of the repeated tail group. */
  readonly tail: readonly SpaceFieldDescriptor[];
  /** By number; 0 is the primary key. */
  readonly indexes: readonly IndexDescriptor[];
}

export interface SpaceFieldDescriptor {
  readonly name: string;
  /** Byte width for a fixed-width value (1, 2, 4, 8), or 0 for a string or bytes field. */
  readonly width: number;
  /** As an index part, or when used in update arithmetic: NUM (4 bytes), NUM64 (8), STR. */
  readonly keyType: BoxKeyType | undefined;
}

export interface IndexDescriptor {
  readonly name: string;
  readonly no: number;
  readonly kind: "hash" | "tree";
  readonly unique: boolean;
  /** Field numbers and their key types, in key order. */
  readonly parts: readonly { readonly field: number; readonly type: BoxKeyType }[];
}
