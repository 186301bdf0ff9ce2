/**
 * A FIFO of references: O(1) push and shift without the O(n) `Array#shift`, and without allocating per
 * element. Used for request queues (a client's queue may hold 100,000 calls).
 *
 * Elements live in a chain of chunks of 16, 32, … up to 1,024 slots, then 1,024 each: growing never
 * copies, and no chunk is a large object. (It was one array doubled by copying; past 16,384 slots an
 * array is a "large object", and allocating one measured ~50 ns per slot here — growing to 100,000 cost
 * more than all the pushes it served.) A drained chunk is kept as the spare, so a queue that stays
 * around a chunk boundary does not allocate.
 */

/** Slots per chunk at most: 8 KiB of references, well under V8's large-object size. */
export const MAX_CHUNK = 1024;
const FIRST_CHUNK = 16;

class Chunk<T> {
  readonly items: (T | undefined)[];
  next: Chunk<T> | undefined = undefined;

  constructor(size: number) {
    this.items = new Array<T | undefined>(size);
  }
}

export class Ring<T> {
  /** The oldest element is `head.items[headIndex]`; the next push goes to `tail.items[tailIndex]`. */
  private head: Chunk<T>;
  private headIndex = 0;
  private tail: Chunk<T>;
  private tailIndex = 0;
  private spare: Chunk<T> | undefined = undefined;
  private count = 0;

  constructor() {
    this.head = this.tail = new Chunk<T>(FIRST_CHUNK);
  }

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    let tail = this.tail;
    if (this.tailIndex === tail.items.length) tail = this.append(tail);
    tail.items[this.tailIndex++] = item;
    this.count++;
  }

  /** The oldest element, or undefined when empty. */
  peek(): T | undefined {
    if (this.count === 0) return undefined;
    if (this.headIndex === this.head.items.length) this.advance();
    return this.head.items[this.headIndex];
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    if (this.headIndex === this.head.items.length) this.advance();
    const items = this.head.items;
    const item = items[this.headIndex];
    items[this.headIndex++] = undefined;
    // Empty: head and tail are the same chunk; start it over rather than move on to a new one.
    if (--this.count === 0) this.headIndex = this.tailIndex = 0;
    return item;
  }

  /** Removes every element, handing each to `each` in FIFO order. */
  drain(each: (item: T) => void): void {
    while (this.count > 0) each(this.shift() as T);
  }

  /** A next chunk, double the size of the last up to `MAX_CHUNK` (the spare if it is that size). */
  private append(tail: Chunk<T>): Chunk<T> {
    const size = Math.min(MAX_CHUNK, tail.items.length * 2);
    let next = this.spare;
    if (next !== undefined && next.items.length === size) this.spare = undefined;
    else next = new Chunk<T>(size);
    tail.next = next;
    this.tail = next;
    this.tailIndex = 0;
    return next;
  }

  /** The head chunk is used up (and the queue not empty): move to the next one, keeping this as spare. */
  private advance(): void {
    const done = this.head;
    this.head = done.next as Chunk<T>;
    done.next = undefined;
    this.headIndex = 0;
    if (done.items.length === MAX_CHUNK) this.spare = done;
  }
}
