/**
 * A connection's requests awaiting replies, by `sync`, and the syncs of abandoned ones whose late replies
 * are still expected.
 *
 * Entries live in an array slot chosen by the low bits of their sync; the sync of a new request is
 * picked so that its slot is free (syncs only have to be unique among in-flight requests and never 0, so
 * skipping one costs nothing). Why not a `Map`: with one insert and one delete per request a `Map`
 * keeps rehashing into fresh tables, and in about half the runs of bench/transport at 256 in flight the
 * requests then survived young collections (2.2 MB promoted per scavenge, ~70% more CPU per request),
 * likely because V8 links each obsolete table to its successor for live iterators, so that one table
 * reaching the old generation keeps every later one alive until a full collection. This table never
 * reallocates once grown to the connection's peak in flight.
 */
import { Ring } from "../util/ring.js";

export interface SyncEntry {
  sync: number;
}

/** A reply's sync named a request that was abandoned (timed out or canceled): the reply is dropped. */
export const LATE = "late";

const MAX_SYNC = 0xffffffff;
const MIN_CAPACITY = 64;

export class SyncTable<E extends SyncEntry> {
  private slots: (E | undefined)[] = new Array<E | undefined>(MIN_CAPACITY);
  private mask = MIN_CAPACITY - 1;
  private count = 0;
  private nextSync: number;
  /** Set once syncs wrapped past 2^32 - 1: from then on a candidate may still be in use. */
  private wrapped = false;
  private readonly late = new Set<number>();
  /** The late syncs in the order they were abandoned, to forget the oldest beyond `maxLate`. */
  private readonly lateOrder = new Ring<number>();

  constructor(
    firstSync = 1,
    private readonly maxLate = 16384,
  ) {
    this.nextSync = firstSync;
  }

  /** Requests awaiting a reply. */
  get size(): number {
    return this.count;
  }

  /**
   * The sync for the next request: unique among the requests awaiting replies (and, once syncs wrapped,
   * the late ones), never 0. A sync taken but never filed (the request failed to encode, or expects no
   * reply) is simply skipped.
   */
  nextFreeSync(): number {
    if (this.count * 2 >= this.slots.length) this.grow();
    let sync = this.nextSync;
    while (this.slots[sync & this.mask] !== undefined || (this.wrapped && this.late.has(sync))) {
      sync = sync === MAX_SYNC ? 1 : sync + 1;
    }
    if (sync === MAX_SYNC) {
      this.nextSync = 1;
      this.wrapped = true;
    } else this.nextSync = sync + 1;
    return sync;
  }

  /** Files a request under the sync `nextFreeSync` just gave it (`entry.sync`). */
  insert(entry: E): void {
    this.slots[entry.sync & this.mask] = entry;
    this.count++;
  }

  /** Takes the entry a reply with this sync answers; `LATE` for an abandoned one; undefined if unknown. */
  take(sync: number): E | typeof LATE | undefined {
    const slot = sync & this.mask;
    const entry = this.slots[slot];
    if (entry !== undefined && entry.sync === sync) {
      this.slots[slot] = undefined;
      this.count--;
      return entry;
    }
    return this.late.delete(sync) ? LATE : undefined;
  }

  /** Removes a request that was never sent: no reply can come, so its sync is simply free again. */
  remove(entry: E): void {
    const slot = entry.sync & this.mask;
    if (this.slots[slot] !== entry) return;
    this.slots[slot] = undefined;
    this.count--;
  }

  /** Removes a request that will not wait for its reply; a reply that comes later counts as late. */
  abandon(entry: E): boolean {
    const slot = entry.sync & this.mask;
    if (this.slots[slot] !== entry) return false;
    this.slots[slot] = undefined;
    this.count--;
    this.late.add(entry.sync);
    this.lateOrder.push(entry.sync);
    if (this.lateOrder.length > this.maxLate) this.late.delete(this.lateOrder.shift() as number);
    return true;
  }

  /** Empties the table; returns the requests that awaited replies, oldest first. */
  drain(): E[] {
    const entries: E[] = [];
    if (this.count > 0) {
      for (let i = 0; i < this.slots.length; i++) {
        const entry = this.slots[i];
        if (entry !== undefined) entries.push(entry);
      }
      // Age is the distance behind the next sync, which holds across the wrap at 2^32.
      const next = this.nextSync;
      entries.sort((a, b) => ((next - b.sync) >>> 0) - ((next - a.sync) >>> 0));
      this.slots = new Array<E | undefined>(MIN_CAPACITY);
      this.mask = MIN_CAPACITY - 1;
      this.count = 0;
    }
    this.late.clear();
    while (this.lateOrder.length > 0) this.lateOrder.shift();
    return entries;
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Array<E | undefined>(old.length * 2);
    const mask = slots.length - 1;
    // Syncs distinct in their low bits stay distinct in more of them: no two land in one slot.
    for (const entry of old) if (entry !== undefined) slots[entry.sync & mask] = entry;
    this.slots = slots;
    this.mask = mask;
  }
}
