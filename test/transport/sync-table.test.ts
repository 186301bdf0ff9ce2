import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LATE, SyncTable } from "../../runtime/transport/sync-table.js";

interface Entry {
  id: number;
  sync: number;
}

function file(table: SyncTable<Entry>, id: number): Entry {
  const entry = { id, sync: 0 };
  entry.sync = table.nextFreeSync();
  table.insert(entry);
  return entry;
}

describe("SyncTable", () => {
  it("hands out consecutive syncs from the first, and finds each entry by its sync once", () => {
    const table = new SyncTable<Entry>(5);
    const entries = [0, 1, 2].map((id) => file(table, id));
    expect(entries.map((entry) => entry.sync)).toEqual([5, 6, 7]);
    expect(table.size).toBe(3);
    expect(table.take(6)).toBe(entries[1]);
    expect(table.take(6)).toBeUndefined();
    expect(table.take(4)).toBeUndefined();
    expect(table.size).toBe(2);
  });

  it("skips a sync whose slot an older request still holds, and grows past half full", () => {
    const table = new SyncTable<Entry>(1);
    const stuck = file(table, 0); // sync 1 stays in flight while thousands pass
    for (let id = 1; id <= 5000; id++) {
      const entry = file(table, id);
      expect(entry.sync).not.toBe(stuck.sync);
      expect(table.take(entry.sync)).toBe(entry);
    }
    expect(table.take(stuck.sync)).toBe(stuck);
    const many = Array.from({ length: 1000 }, (_, id) => file(table, id));
    expect(new Set(many.map((entry) => entry.sync)).size).toBe(1000);
    for (const entry of many) expect(table.take(entry.sync)).toBe(entry);
    expect(table.size).toBe(0);
  });

  it("wraps from 0xFFFFFFFF to 1, never 0", () => {
    const table = new SyncTable<Entry>(0xfffffffe);
    const syncs = [0, 1, 2, 3].map((id) => file(table, id).sync);
    expect(syncs).toEqual([0xfffffffe, 0xffffffff, 1, 2]);
    expect(table.take(0xffffffff)).toMatchObject({ id: 1 });
    expect(table.take(1)).toMatchObject({ id: 2 });
  });

  it("never gives out a sync in use or late after a wrap (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 400 }), (ops) => {
        const table = new SyncTable<Entry>(0xffffff00, 64);
        const live: Entry[] = [];
        const late = new Set<number>();
        let id = 0;
        for (const op of ops) {
          if (op <= 1 || live.length === 0) {
            const entry = file(table, id++);
            expect(entry.sync).not.toBe(0);
            expect(live.some((other) => other.sync === entry.sync)).toBe(false);
            expect(late.has(entry.sync)).toBe(false);
            live.push(entry);
          } else {
            const entry = live.splice(id % live.length, 1)[0] as Entry;
            if (op === 2) expect(table.take(entry.sync)).toBe(entry);
            else {
              table.abandon(entry);
              late.add(entry.sync);
            }
          }
        }
        expect(table.size).toBe(live.length);
      }),
    );
  });

  it("answers LATE once for an abandoned request, and forgets the oldest late syncs beyond the maximum", () => {
    const table = new SyncTable<Entry>(1, 2);
    const entries = [0, 1, 2].map((id) => file(table, id));
    for (const entry of entries) expect(table.abandon(entry)).toBe(true);
    expect(table.abandon(entries[0] as Entry)).toBe(false);
    expect(table.size).toBe(0);
    expect(table.take(1)).toBeUndefined(); // forgotten: only two late syncs are kept
    expect(table.take(2)).toBe(LATE);
    expect(table.take(2)).toBeUndefined();
    expect(table.take(3)).toBe(LATE);
  });

  it("drains the requests oldest first, across the wrap, and forgets late syncs", () => {
    const table = new SyncTable<Entry>(0xfffffffd);
    const entries = Array.from({ length: 200 }, (_, id) => file(table, id));
    table.abandon(entries[5] as Entry);
    for (const entry of entries.filter((_, index) => index % 3 === 1)) table.take(entry.sync);
    const expected = entries.filter((_, index) => index !== 5 && index % 3 !== 1);
    expect(table.drain()).toEqual(expected);
    expect(table.size).toBe(0);
    expect(table.take((entries[5] as Entry).sync)).toBeUndefined();
    expect(table.drain()).toEqual([]);
  });
});
