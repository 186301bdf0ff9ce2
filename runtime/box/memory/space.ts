/**
 * One space: its indexes and the server's rules for changing them (space_replace and
 * replace_check_dup of Tarantool 1.5): the primary index decides whether a tuple is new, replaces one
 * or is refused, then every unique secondary index refuses a key another tuple already holds. A refused
 * change leaves every index as it was, as the server rolls back.
 */
import type { BoxKeyType, SpaceDescriptor } from "../space/types.js";
import { boxFault, illegal } from "./fault.js";
import { IndexStore, type StoredTuple } from "./index-store.js";
import { tupleKey } from "./keys.js";

/** How a change treats an existing tuple with the same primary key (dup_replace_mode). */
export const enum DupMode {
  /** INSERT without flags: add or replace. */
  ReplaceOrInsert,
  /** INSERT with BOX_REPLACE: the key must exist (ER_TUPLE_NOT_FOUND). */
  Replace,
  /** INSERT with BOX_ADD, and UPDATE: the key must not belong to another tuple (ER_TUPLE_FOUND). */
  Insert,
}

export class MemorySpace {
  readonly indexes: readonly IndexStore[];
  /** Key type of each field up to the last indexed one, as the server's tuple format knows them. */
  readonly #fieldTypes: (BoxKeyType | undefined)[] = [];

  constructor(readonly descriptor: SpaceDescriptor) {
    if (descriptor.indexes.length === 0) throw new TypeError(`space ${descriptor.no} (${descriptor.name}) has no primary index`);
    this.indexes = descriptor.indexes.map((d) => new IndexStore(d));
    for (const index of descriptor.indexes) {
      for (const part of index.parts) {
        while (this.#fieldTypes.length <= part.field) this.#fieldTypes.push(undefined);
        this.#fieldTypes[part.field] = part.type;
      }
    }
  }

  get no(): number {
    return this.descriptor.no;
  }

  get primary(): IndexStore {
    return this.indexes[0]!;
  }

  index(no: number): IndexStore {
    const index = this.indexes[no];
    if (index === undefined) throw boxFault("ER_NO_SUCH_INDEX", no, this.no);
    return index;
  }

  /** The server's check of a new tuple: every indexed field present, NUM and NUM64 fields of their size. */
  validate(tuple: StoredTuple): void {
    if (tuple.length < this.#fieldTypes.length) throw illegal("tuple must have all indexed fields");
    this.#fieldTypes.forEach((type, i) => {
      if (type !== undefined) checkStoredSize(type, tuple[i]!);
    });
  }

  /**
   * Puts `tuple` in place of `old` (UPDATE) or of whatever holds its primary key (INSERT), by `mode`.
   * Returns the tuple it displaced. Throws ER_TUPLE_FOUND / ER_TUPLE_NOT_FOUND naming the index.
   */
  replace(old: StoredTuple | undefined, tuple: StoredTuple, mode: DupMode): StoredTuple | undefined {
    const dup = this.primary.findExact(tupleKey(this.primary.descriptor, tuple));
    if (dup === undefined && mode === DupMode.Replace) throw boxFault("ER_TUPLE_NOT_FOUND", 0);
    if (dup !== undefined && dup !== old && (old !== undefined || mode === DupMode.Insert)) throw boxFault("ER_TUPLE_FOUND", 0);
    const displaced = old ?? dup;
    for (const index of this.indexes.slice(1)) {
      if (!index.descriptor.unique) continue;
      const other = index.findExact(tupleKey(index.descriptor, tuple));
      if (other !== undefined && other !== displaced) throw boxFault("ER_TUPLE_FOUND", index.descriptor.no);
    }
    if (displaced !== undefined) this.remove(displaced);
    for (const index of this.indexes) index.add(tuple);
    return displaced;
  }

  remove(tuple: StoredTuple): void {
    for (const index of this.indexes) index.remove(tuple);
  }

  clear(): void {
    for (const index of this.indexes) index.clear();
  }
}

/**
 * A stored tuple's indexed field: NUM exactly 4 bytes, NUM64 exactly 8 (no widening here, unlike keys),
 * and the server names the type as the configuration does, where a key's check says u32 / u64.
 */
function checkStoredSize(type: BoxKeyType, bytes: Uint8Array): void {
  if (type === "NUM" && bytes.length !== 4) throw boxFault("ER_KEY_FIELD_TYPE", "NUM");
  if (type === "NUM64" && bytes.length !== 8) throw boxFault("ER_KEY_FIELD_TYPE", "NUM64");
}
