/**
 * Deadlines for many items under one timer, instead of a `setTimeout` per request. Items with the same
 * duration form a lane whose deadlines only grow (now + duration, with `now` monotonic), so a lane is a
 * FIFO: O(1) to add, and only its head needs watching. Settled items are not removed; they are skipped
 * when they reach a lane's head (`trim` does so eagerly when an item settles, keeping lanes short).
 */
import { ChunkChain } from "./chunk-chain.js";

/** A lane's items and their deadlines, in a chunk chain (chunk-chain.ts): growing never copies, nor makes a large object. */
class LaneChunk<T> {
  readonly items: (T | undefined)[];
  readonly due: Float64Array;
  next: LaneChunk<T> | undefined = undefined;

  constructor(size: number) {
    this.items = new Array<T | undefined>(size);
    this.due = new Float64Array(size);
  }
}

class Lane<T> extends ChunkChain<LaneChunk<T>> {
  length = 0;

  constructor() {
    super((size) => new LaneChunk<T>(size));
  }

  push(item: T, due: number): void {
    let tail = this.tail;
    if (this.tailIndex === tail.items.length) tail = this.append(tail);
    tail.items[this.tailIndex] = item;
    tail.due[this.tailIndex++] = due;
    this.length++;
  }

  /** The oldest item (the lane is not empty). */
  headItem(): T {
    if (this.headIndex === this.head.items.length) this.advance();
    return this.head.items[this.headIndex] as T;
  }

  headDue(): number {
    if (this.headIndex === this.head.items.length) this.advance();
    return this.head.due[this.headIndex] as number;
  }

  shift(): void {
    if (this.headIndex === this.head.items.length) this.advance();
    this.head.items[this.headIndex++] = undefined;
    if (--this.length === 0) this.headIndex = this.tailIndex = 0;
  }
}

export type { Lane };

/**
 * The client's clock: monotonic milliseconds, read from the system at most once per run of synchronous
 * code (the reading is forgotten at the next microtask checkpoint). Every request needs the time, and a
 * `performance.now()` per request was ~8% of the client's CPU at 256 in flight; requests sent in one
 * run share a start time, as Node's own timers share the event loop's time.
 */
const clockSource = performance;
let turnTime = -1;
const forgetTurnTime = (): void => {
  turnTime = -1;
};
export function turnClock(): number {
  if (turnTime < 0) {
    turnTime = clockSource.now();
    queueMicrotask(forgetTurnTime);
  }
  return turnTime;
}

export class TimerQueue<T> {
  private readonly lanes = new Map<number, Lane<T>>();
  private lastDuration = -1;
  private lastLane: Lane<T> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private armedAt = Infinity;
  private readonly fire = (): void => this.onTimer();

  /**
   * `onDue` is called for each live item whose time has come; `isLive` says whether an item still waits
   * (false once it settled).
   */
  constructor(
    private readonly onDue: (item: T) => void,
    private readonly isLive: (item: T) => boolean,
    private readonly clock: () => number = turnClock,
  ) {}

  now(): number {
    return this.clock();
  }

  /** Schedules `item` at `now + duration`; returns its lane (for tests: `trim` takes the duration). */
  add(item: T, duration: number, now: number): Lane<T> {
    let lane = this.lastLane;
    if (duration !== this.lastDuration || lane === undefined) {
      lane = this.lanes.get(duration);
      if (lane === undefined) {
        lane = new Lane<T>();
        this.lanes.set(duration, lane);
      }
      this.lastDuration = duration;
      this.lastLane = lane;
    }
    const due = now + duration;
    lane.push(item, due);
    if (due < this.armedAt) this.arm(due, now);
    return lane;
  }

  /**
   * Drops settled items from the head of the lane of `duration`. Found by its duration (the last lane
   * used is at hand), so an item need not carry its lane: a deep queue pays for every field of a call.
   */
  trim(duration: number): void {
    const lane = duration === this.lastDuration ? this.lastLane : this.lanes.get(duration);
    if (lane === undefined) return;
    while (lane.length > 0 && !this.isLive(lane.headItem())) lane.shift();
  }

  /** Calls `each` for every live item (collected first, so `each` may settle items). */
  forEachLive(each: (item: T) => void): void {
    const live: T[] = [];
    for (const lane of this.lanes.values()) {
      while (lane.length > 0) {
        const item = lane.headItem();
        lane.shift();
        if (this.isLive(item)) live.push(item);
      }
    }
    for (const item of live) each(item);
  }

  /** Forgets everything and stops the timer. */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedAt = Infinity;
    this.lanes.clear();
    this.lastLane = undefined;
    this.lastDuration = -1;
  }

  private arm(due: number, now: number): void {
    clearTimeout(this.timer);
    this.armedAt = due;
    // setTimeout fires at once for delays past 2^31-1 ms: cap, and re-arm when it fires.
    this.timer = setTimeout(this.fire, Math.min(0x7fffffff, Math.max(1, Math.ceil(due - now))));
  }

  private onTimer(): void {
    this.timer = undefined;
    this.armedAt = Infinity;
    const now = this.clock();
    let next = Infinity;
    for (const [duration, lane] of this.lanes) {
      while (lane.length > 0) {
        const item = lane.headItem();
        if (!this.isLive(item)) {
          lane.shift();
          continue;
        }
        const due = lane.headDue();
        if (due > now) {
          if (due < next) next = due;
          break;
        }
        lane.shift();
        this.onDue(item);
      }
      if (lane.length === 0 && lane !== this.lastLane) this.lanes.delete(duration);
    }
    if (next < this.armedAt) this.arm(next, this.clock());
  }
}
