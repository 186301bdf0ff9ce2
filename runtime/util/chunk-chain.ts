/**
 * The storage of a FIFO: a chain of chunks of 16, 32, … up to 1,024 slots, then 1,024 each. Growing never
 * copies and no chunk is a large object (one array doubled by copying was: past 16,384 slots V8 allocates
 * it as a large object, ~50 ns a slot here — growing to 100,000 cost more than all the pushes it served).
 * A drained full-size chunk is kept as the spare, so a queue that stays around a chunk boundary does not
 * allocate. Ring (a FIFO of references) and the timer queue's lanes (references with their deadlines)
 * keep their pushes and shifts, the per-request paths, to themselves; moving between chunks is here.
 */

/** Slots per chunk at most: 8 KiB of references, well under V8's large-object size. */
export const MAX_CHUNK = 1024;
const FIRST_CHUNK = 16;

/** What a chain is made of: a chunk's slots (its other arrays are the subclass's) and the next chunk. */
export interface ChunkLike<C> {
  readonly items: unknown[];
  next: C | undefined;
}

export abstract class ChunkChain<C extends ChunkLike<C>> {
  /** The oldest slot is `head.items[headIndex]`; the next push goes to `tail.items[tailIndex]`. */
  protected head: C;
  protected headIndex = 0;
  protected tail: C;
  protected tailIndex = 0;
  private spare: C | undefined = undefined;
  private readonly newChunk: (size: number) => C;

  constructor(newChunk: (size: number) => C) {
    this.newChunk = newChunk;
    this.head = this.tail = newChunk(FIRST_CHUNK);
  }

  /** The tail chunk is full: links and returns the next one, double its size up to `MAX_CHUNK` (the spare if it is that size). */
  protected append(tail: C): C {
    const size = Math.min(MAX_CHUNK, tail.items.length * 2);
    let next = this.spare;
    if (next !== undefined && next.items.length === size) this.spare = undefined;
    else next = this.newChunk(size);
    tail.next = next;
    this.tail = next;
    this.tailIndex = 0;
    return next;
  }

  /** The head chunk is used up (and the queue not empty): moves to the next one, keeping this as spare. */
  protected advance(): void {
    const done = this.head;
    this.head = done.next as C;
    done.next = undefined;
    this.headIndex = 0;
    if (done.items.length === MAX_CHUNK) this.spare = done;
  }
}
