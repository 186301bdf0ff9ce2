/**
 * `BoxSpace`, what a generated `<Space>Space` class extends: every Box operation on one space, typed by
 * the space's generated codecs, sent through any `IProtoSender` (an `IProtoClient`, or a test double).
 * The generated subclass adds what differs per space: its constructor (number and codecs fixed) and a
 * `selectBy<Index>` per index.
 */
import type { IProtoSender } from "../../framing/sender.js";
import { BoxDeleteRequest, BoxFlag, BoxInsertRequest, BoxSelectRequest, BoxUpdateRequest, LIMIT_ALL } from "./operations.js";
import type { KeyCodec, TupleCodec, UpdateCodec } from "./types.js";

/** Options of insert, add, replace, update and delete. */
export interface BoxWriteOptions<TOptions = unknown> {
  /** Ask the server for the tuple as stored (as deleted, for delete): the promise resolves to it. */
  readonly returnTuple?: boolean;
  /** Per-call options for the sender (`IProtoClient`'s `SendOptions`: timeout, key, retries…). */
  readonly send?: TOptions;
}

/** Options of select. */
export interface BoxSelectOptions<TOptions = unknown> {
  /** Tuples to skip first (default 0): with `limit`, pages through an index. */
  readonly offset?: number;
  /** At most this many tuples (default: all). */
  readonly limit?: number;
  readonly send?: TOptions;
}

type Returning<TOptions> = BoxWriteOptions<TOptions> & { readonly returnTuple: true };

export class BoxSpace<T, TInit, PK extends readonly unknown[], U, TOptions = unknown> {
  constructor(
    readonly sender: IProtoSender<TOptions>,
    /** The space's number. */
    readonly no: number,
    readonly tuple: TupleCodec<T, TInit>,
    readonly primary: KeyCodec<PK>,
    readonly updates: UpdateCodec<U>,
  ) {}

  /** Stores the tuple, replacing one with the same primary key (Box INSERT without flags; Perl's `Insert`). */
  insert(tuple: TInit, options: Returning<TOptions>): Promise<T>;
  insert(tuple: TInit, options?: BoxWriteOptions<TOptions>): Promise<void>;
  insert(tuple: TInit, options?: BoxWriteOptions<TOptions>): Promise<T | void> {
    return this.#store(tuple, 0, options);
  }

  /** Stores a new tuple: an existing primary key is `ER_TUPLE_FOUND` (flag ADD; Perl's `Add`). */
  add(tuple: TInit, options: Returning<TOptions>): Promise<T>;
  add(tuple: TInit, options?: BoxWriteOptions<TOptions>): Promise<void>;
  add(tuple: TInit, options?: BoxWriteOptions<TOptions>): Promise<T | void> {
    return this.#store(tuple, BoxFlag.ADD, options);
  }

  /** Replaces a stored tuple: a missing primary key is `ER_TUPLE_NOT_FOUND` (flag REPLACE; Perl's `Replace`). */
  replace(tuple: TInit, options: Returning<TOptions>): Promise<T>;
  replace(tuple: TInit, options?: BoxWriteOptions<TOptions>): Promise<void>;
  replace(tuple: TInit, options?: BoxWriteOptions<TOptions>): Promise<T | void> {
    return this.#store(tuple, BoxFlag.REPLACE, options);
  }

  /**
   * The tuples matching any of `keys` in `index` (a generated `<Space>$<index>` key codec; the generated
   * `selectBy<Index>` methods pass it), in the index's order, after `offset`, at most `limit`. A TREE
   * index takes a prefix of a multi-part key.
   */
  async select<K extends readonly unknown[]>(index: KeyCodec<K>, keys: readonly K[], options: BoxSelectOptions<TOptions> = {}): Promise<T[]> {
    const request = new BoxSelectRequest(this.no, index, keys, options.offset ?? 0, options.limit ?? LIMIT_ALL, this.tuple);
    return (await this.sender.send(request, options.send)).tuples;
  }

  /** The tuple with this primary key, or undefined. */
  async get(key: PK, options: { readonly send?: TOptions } = {}): Promise<T | undefined> {
    return (await this.select(this.primary, [key], { limit: 1, ...options }))[0];
  }

  /**
   * Applies `ops` in order to the tuple with this primary key. Resolves to the number of tuples changed
   * (0 when none has the key), or with `returnTuple` to the changed tuple (undefined when none).
   */
  update(key: PK, ops: readonly U[], options: Returning<TOptions>): Promise<T | undefined>;
  update(key: PK, ops: readonly U[], options?: BoxWriteOptions<TOptions>): Promise<number>;
  async update(key: PK, ops: readonly U[], options: BoxWriteOptions<TOptions> = {}): Promise<T | undefined | number> {
    const flags = options.returnTuple === true ? BoxFlag.RETURN_TUPLE : 0;
    const reply = await this.sender.send(new BoxUpdateRequest(this.no, flags, this.primary, key, this.updates, ops, this.tuple), options.send);
    return options.returnTuple === true ? reply.tuples[0] : reply.count;
  }

  /**
   * Deletes the tuple with this primary key (message 20; 21 with `returnTuple`, as MR::Tarantool::Box).
   * Resolves to the number deleted (0 or 1), or with `returnTuple` to the deleted tuple (undefined when none).
   */
  delete(key: PK, options: Returning<TOptions>): Promise<T | undefined>;
  delete(key: PK, options?: BoxWriteOptions<TOptions>): Promise<number>;
  async delete(key: PK, options: BoxWriteOptions<TOptions> = {}): Promise<T | undefined | number> {
    const flags = options.returnTuple === true ? BoxFlag.RETURN_TUPLE : 0;
    const reply = await this.sender.send(new BoxDeleteRequest(this.no, flags, this.primary, key, this.tuple), options.send);
    return options.returnTuple === true ? reply.tuples[0] : reply.count;
  }

  async #store(tuple: TInit, flags: number, options: BoxWriteOptions<TOptions> = {}): Promise<T | void> {
    if (options.returnTuple === true) flags |= BoxFlag.RETURN_TUPLE;
    const reply = await this.sender.send(new BoxInsertRequest(this.no, flags, this.tuple, tuple), options.send);
    return options.returnTuple === true ? reply.tuples[0] : undefined;
  }
}
