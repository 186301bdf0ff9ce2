/**
 * `MemoryBox`: an in-memory Tarantool 1.5 Box for users' unit tests. Configured by the SpaceDescriptors
 * that code generated from a schema's `space` declarations hands over, it stores tuples as arrays of
 * field bytes and runs INSERT, SELECT, UPDATE and DELETE with the real server's semantics (proven by
 * test/box/memory/differential.test.ts against Tarantool 1.5.5). Use it directly, or put `handler()`
 * behind an IProtoServer and talk to it with any client.
 */
import { BoxFlag } from "../space/operations.js";
import type { IProtoHandler } from "../../core/message.js";
import type { SpaceDescriptor } from "../space/types.js";
import { boxFault } from "./fault.js";
import type { StoredTuple } from "./index-store.js";
import { validateExactKey, validateSearchKey } from "./keys.js";
import { DupMode, MemorySpace } from "./space.js";
import { applyUpdate, type MemoryUpdateOp } from "./update.js";
import { boxHandler } from "./wire.js";

/** INSERT / UPDATE / DELETE flags as the protocol names them. */

export interface MemorySelectOptions {
  /** Tuples to skip, over all keys together. Default 0. */
  readonly offset?: number;
  /** Most tuples to return, over all keys together. Default all. */
  readonly limit?: number;
}

/** What a changing request did: how many tuples it touched and the tuple it stored (or deleted). */
export interface MemoryChange {
  readonly count: 0 | 1;
  readonly tuple: StoredTuple | undefined;
}

/**
 * A stored procedure of a MemoryBox: given CALL's arguments (fields' bytes), returns its tuples; a throw
 * is the server's ER_PROC_LUA with the error's message, as a Lua `error()` is.
 */
export type MemoryProcedure = (args: Uint8Array[], box: MemoryBox) => readonly (readonly Uint8Array[])[];

export interface MemoryBoxOptions {
  /** CALL's procedures by name (Tarantool runs Lua; a test gives JavaScript). Others: ER_NO_SUCH_PROC. */
  readonly procedures?: Readonly<Record<string, MemoryProcedure>>;
}

export class MemoryBox {
  readonly #spaces = new Map<number, MemorySpace>();
  readonly procedures: ReadonlyMap<string, MemoryProcedure>;

  constructor(spaces: readonly SpaceDescriptor[], options: MemoryBoxOptions = {}) {
    this.procedures = new Map(Object.entries(options.procedures ?? {}));
    for (const descriptor of spaces) {
      if (this.#spaces.has(descriptor.no)) throw new TypeError(`space ${descriptor.no} is described twice`);
      this.#spaces.set(descriptor.no, new MemorySpace(descriptor));
    }
  }

  /** The space numbered `no`, or the server's ER_NO_SUCH_SPACE. */
  space(no: number): MemorySpace {
    const space = this.#spaces.get(no);
    if (space === undefined) throw boxFault("ER_NO_SUCH_SPACE", no);
    return space;
  }

  /** Empties every space. */
  reset(): void {
    for (const space of this.#spaces.values()) space.clear();
  }

  /** An IProtoServer handler speaking the Box wire protocol to this box. */
  handler(): IProtoHandler {
    return boxHandler(this);
  }

  /** Every tuple of a space in primary key order (copies). */
  tuples(space: number): Uint8Array[][] {
    return this.space(space).primary.all().map(copy);
  }

  /**
   * INSERT: without flags adds or replaces by primary key; `ADD` refuses an existing key
   * (ER_TUPLE_FOUND), `REPLACE` a missing one (ER_TUPLE_NOT_FOUND). Returns the stored tuple.
   */
  insert(space: number, tuple: readonly Uint8Array[], flags = 0): Uint8Array[] {
    return copy(this.executeInsert(this.space(space), tuple.map((f) => f.slice()), flags).tuple!);
  }

  /** SELECT with one or several keys (each a prefix for TREE indexes, all parts for HASH). */
  select(space: number, index: number, keys: readonly (readonly Uint8Array[])[], options: MemorySelectOptions = {}): Uint8Array[][] {
    const s = this.space(space);
    s.index(index);
    return this.executeSelect(s, index, options.offset ?? 0, options.limit ?? 0xffffffff, keys.length, (i) => keys[i]!).tuples.map(copy);
  }

  /** UPDATE by primary key: the new tuple, or undefined when no tuple has the key. */
  update(space: number, key: readonly Uint8Array[], ops: readonly MemoryUpdateOp[]): Uint8Array[] | undefined {
    // Arguments are copied: SET and INSERT store them as fields, which must not alias the caller's bytes.
    const change = this.executeUpdate(this.space(space), key, () => ops.map((op) => ({ ...op, arg: op.arg.slice() })));
    return change.tuple === undefined ? undefined : copy(change.tuple);
  }

  /** DELETE by primary key: the deleted tuple, or undefined when no tuple has the key. */
  delete(space: number, key: readonly Uint8Array[]): Uint8Array[] | undefined {
    const change = this.executeDelete(this.space(space), key);
    return change.tuple === undefined ? undefined : copy(change.tuple);
  }

  /** @internal The engine behind both APIs: `tuple` is owned by the box from here on. */
  executeInsert(space: MemorySpace, tuple: StoredTuple, flags: number): MemoryChange {
    space.validate(tuple);
    const mode = flags & BoxFlag.ADD ? DupMode.Insert : flags & BoxFlag.REPLACE ? DupMode.Replace : DupMode.ReplaceOrInsert;
    space.replace(undefined, tuple, mode);
    return { count: 1, tuple };
  }

  /**
   * @internal SELECT as the server loops: keys in order, offset and limit counted over all of them. A
   * limit already reached when the next key's turn comes ends the SELECT before that key is read
   * (`key(i)` is not called): `early` tells the wire layer not to check the body's remaining bytes.
   */
  executeSelect(
    space: MemorySpace,
    index: number,
    offset: number,
    limit: number,
    count: number,
    key: (i: number) => readonly Uint8Array[],
  ): { readonly tuples: StoredTuple[]; readonly early: boolean } {
    const store = space.index(index);
    const tuples: StoredTuple[] = [];
    let skip = offset;
    for (let i = 0; i < count; i++) {
      if (tuples.length === limit) return { tuples, early: true };
      const k = key(i);
      validateSearchKey(store.descriptor, k);
      for (const tuple of store.find(k)) {
        if (skip > 0) {
          skip--;
          continue;
        }
        tuples.push(tuple);
        if (tuples.length === limit) break;
      }
    }
    return { tuples, early: false };
  }

  /**
   * @internal UPDATE: the operations are only read (`ops()`) once the tuple is found, as the server
   * does — a missing tuple answers count 0 whatever the operations are.
   */
  executeUpdate(space: MemorySpace, key: readonly Uint8Array[], ops: () => readonly MemoryUpdateOp[]): MemoryChange {
    validateExactKey(space.primary.descriptor, key);
    const old = space.primary.findExact(key);
    if (old === undefined) return { count: 0, tuple: undefined };
    const tuple = applyUpdate(old, ops());
    space.validate(tuple);
    space.replace(old, tuple, DupMode.Insert);
    return { count: 1, tuple };
  }

  /** @internal DELETE by primary key. */
  executeDelete(space: MemorySpace, key: readonly Uint8Array[]): MemoryChange {
    validateExactKey(space.primary.descriptor, key);
    const old = space.primary.findExact(key);
    if (old === undefined) return { count: 0, tuple: undefined };
    space.remove(old);
    return { count: 1, tuple: old };
  }
}

const copy = (tuple: StoredTuple): Uint8Array[] => tuple.map((f) => f.slice());
