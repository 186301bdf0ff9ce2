/**
 * Deadline bookkeeping cost: the client's TimerQueue (one timer, FIFO lanes) against a setTimeout and
 * clearTimeout per request, for requests that settle before their deadline (the common case).
 */
import { TimerQueue } from "../../runtime/util/timer-queue.js";

interface Item {
  live: boolean;
}

const COUNT = 1_000_000;
const BATCH = 256;

export function timerComparison(): { queue: number; setTimeout: number } {
  const queue = new TimerQueue<Item>(
    () => {},
    (item) => item.live,
  );
  let started = performance.now();
  for (let i = 0; i < COUNT; i += BATCH) {
    const items: Item[] = [];
    for (let j = 0; j < BATCH; j++) {
      const item = { live: true };
      queue.add(item, 2000, queue.now());
      items.push(item);
    }
    for (const item of items) {
      item.live = false;
      queue.trim(2000);
    }
  }
  const queueMs = performance.now() - started;
  queue.clear();
  started = performance.now();
  const noop = (): void => {};
  for (let i = 0; i < COUNT; i += BATCH) {
    const timers: NodeJS.Timeout[] = [];
    for (let j = 0; j < BATCH; j++) timers.push(setTimeout(noop, 2000));
    for (const timer of timers) clearTimeout(timer);
  }
  return { queue: queueMs, setTimeout: performance.now() - started };
}
