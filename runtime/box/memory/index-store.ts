/**
 * One index of a MemorySpace. TREE indexes keep tuples sorted by key (binary search; inserting into an
 * array is O(n), plenty for unit tests); a non-unique TREE keeps equal keys in insertion order, where the
 * real server orders them by tuple address — callers must not rely on the order of ties. HASH indexes
 * are the same sorted array: their iteration order is unspecified on the server anyway, and a HASH is
 * only ever searched by an exact key.
 */
import type { IndexDescriptor } from "../space/types.js";
import { compareKeys, tupleKey } from "./keys.js";

export type StoredTuple = readonly Uint8Array[];

export class IndexStore {
  readonly #tuples: StoredTuple[] = [];

  constructor(readonly descriptor: IndexDescriptor) {}

  /** First position whose key is not below `key` (prefix compare), or past the end of equal ones. */
  #bound(key: readonly Uint8Array[], upper: boolean): number {
    let lo = 0;
    let hi = this.#tuples.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareKeys(this.descriptor, tupleKey(this.descriptor, this.#tuples[mid]!), key);
      if (c < 0 || (upper && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Tuples whose first `key.length` parts equal `key`, in index order. */
  find(key: readonly Uint8Array[]): StoredTuple[] {
    return this.#tuples.slice(this.#bound(key, false), this.#bound(key, true));
  }

  /** The tuple with the full key `key` in a unique index, if any. */
  findExact(key: readonly Uint8Array[]): StoredTuple | undefined {
    return this.find(key)[0];
  }

  all(): readonly StoredTuple[] {
    return this.#tuples;
  }

  add(tuple: StoredTuple): void {
    this.#tuples.splice(this.#bound(tupleKey(this.descriptor, tuple), true), 0, tuple);
  }

  remove(tuple: StoredTuple): void {
    const at = this.#tuples.indexOf(tuple, this.#bound(tupleKey(this.descriptor, tuple), false));
    if (at >= 0) this.#tuples.splice(at, 1);
  }

  clear(): void {
    this.#tuples.length = 0;
  }
}
