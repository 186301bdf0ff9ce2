import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TimerQueue, turnClock } from "../../runtime/util/timer-queue.js";

interface Item {
  id: number;
  live: boolean;
}

describe("TimerQueue", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function queue(): { timers: TimerQueue<Item>; due: number[] } {
    const due: number[] = [];
    const timers = new TimerQueue<Item>(
      (item) => {
        item.live = false;
        due.push(item.id);
      },
      (item) => item.live,
      () => Date.now(),
    );
    return { timers, due };
  }

  it("fires each item at its deadline, with one timer for a lane", () => {
    const { timers, due } = queue();
    const items = Array.from({ length: 5 }, (_, id) => ({ id, live: true }));
    for (const item of items) {
      timers.add(item, 100, Date.now());
      vi.advanceTimersByTime(10);
    }
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(49);
    expect(due).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(due).toEqual([0]);
    vi.advanceTimersByTime(40);
    expect(due).toEqual([0, 1, 2, 3, 4]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("skips items that settled, and trim drops them from a lane's head", () => {
    const { timers, due } = queue();
    const a = { id: 1, live: true };
    const b = { id: 2, live: true };
    const lane = timers.add(a, 100, Date.now());
    timers.add(b, 100, Date.now());
    a.live = false;
    timers.trim(100);
    expect(lane.length).toBe(1);
    vi.advanceTimersByTime(100);
    expect(due).toEqual([2]);
  });

  it("orders items of different durations by deadline", () => {
    const { timers, due } = queue();
    timers.add({ id: 1, live: true }, 300, Date.now());
    timers.add({ id: 2, live: true }, 100, Date.now());
    timers.add({ id: 3, live: true }, 200, Date.now());
    vi.advanceTimersByTime(150);
    expect(due).toEqual([2]);
    vi.advanceTimersByTime(150);
    expect(due).toEqual([2, 3, 1]);
  });

  it("grows a lane past its initial capacity keeping FIFO order", () => {
    const { timers, due } = queue();
    for (let id = 0; id < 100; id++) {
      timers.add({ id, live: true }, 50, Date.now());
      if (id % 10 === 0) vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(100);
    expect(due).toEqual(Array.from({ length: 100 }, (_, id) => id));
  });

  it("keeps each item's deadline across many chunks, with settled items trimmed from the head", () => {
    const { timers, due } = queue();
    const items = Array.from({ length: 5000 }, (_, id) => ({ id, live: true }));
    // Deadlines step by 1 ms every 1,000 items, so each step's items come due in one firing.
    items.forEach((item, id) => {
      timers.add(item, 100, Date.now());
      if (id % 1000 === 999) vi.advanceTimersByTime(1);
    });
    for (const item of items.slice(0, 2500)) {
      item.live = false;
      timers.trim(100);
    }
    // Added at t0 … t0+4 (now t0+5): items 2500–2999 come due at t0+102, the rest at t0+103 and t0+104.
    vi.advanceTimersByTime(96);
    expect(due).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(due).toEqual(Array.from({ length: 500 }, (_, i) => 2500 + i));
    vi.advanceTimersByTime(2);
    expect(due).toEqual(Array.from({ length: 2500 }, (_, i) => 2500 + i));
  });

  it("forEachLive visits the live items and clear stops the timer", () => {
    const { timers } = queue();
    const items = [1, 2, 3].map((id) => ({ id, live: id !== 2 }));
    for (const item of items) timers.add(item, 100, Date.now());
    const seen: number[] = [];
    timers.forEachLive((item) => seen.push(item.id));
    expect(seen).toEqual([1, 3]);
    timers.clear();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("caps a delay beyond setTimeout's range instead of firing at once", () => {
    const { timers, due } = queue();
    timers.add({ id: 1, live: true }, 3e9, Date.now());
    vi.advanceTimersByTime(1000);
    expect(due).toEqual([]);
    timers.clear();
  });
});

describe("turnClock", () => {
  it("reads the system clock once per run of synchronous code, and again after a microtask checkpoint", async () => {
    const first = turnClock();
    const spinUntil = performance.now() + 5;
    while (performance.now() < spinUntil) {
      // the same run: the clock holds still
    }
    expect(turnClock()).toBe(first);
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 2));
    const later = turnClock();
    // A fresh read: past the spin, and never ahead of the clock (a bound on how fresh would be a timing
    // assertion, which a loaded machine breaks: 3.9 ms passed between two reads once).
    expect(later).toBeGreaterThanOrEqual(first + 5);
    expect(later).toBeLessThanOrEqual(performance.now());
  });
});
