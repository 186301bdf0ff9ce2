/**
 * A FIFO of references: O(1) push and shift without the O(n) `Array#shift`, and without allocating per
 * element (chunked: chunk-chain.ts). Used for request queues (a client's queue may hold 100,000 calls).
 */
import { ChunkChain } from "./chunk-chain.js";

class Chunk<T> {
  readonly items: (T | undefined)[];
  next: Chunk<T> | undefined = undefined;

  constructor(size: number) {
    this.items = new Array<T | undefined>(size);
  }
}

export class Ring<T> extends ChunkChain<Chunk<T>> {
  private count = 0;

  constructor() {
    super((size) => new Chunk<T>(size));
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
}
