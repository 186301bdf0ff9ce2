import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_CHUNK } from "../../runtime/util/chunk-chain.js";
import { Ring } from "../../runtime/util/ring.js";

describe("Ring", () => {
  it("is a FIFO across chunk boundaries, growing from empty and draining to empty", () => {
    const ring = new Ring<number>();
    const n = MAX_CHUNK * 5 + 7;
    for (let i = 0; i < n; i++) ring.push(i);
    expect(ring.length).toBe(n);
    expect(ring.peek()).toBe(0);
    const out: number[] = [];
    ring.drain((item) => out.push(item));
    expect(out).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(ring.length).toBe(0);
    expect(ring.peek()).toBeUndefined();
    expect(ring.shift()).toBeUndefined();
  });

  it("keeps FIFO order under any interleaving of push, shift and peek (an array as the model)", () => {
    // Runs of pushes and shifts long enough to cross full-size chunks, the spare, and empty restarts.
    const op = fc.oneof(
      fc.record({ push: fc.integer({ min: 1, max: 3 * MAX_CHUNK }) }),
      fc.record({ shift: fc.integer({ min: 1, max: 3 * MAX_CHUNK }) }),
      fc.constant({ peek: true }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const ring = new Ring<number>();
        const model: number[] = [];
        let next = 0;
        for (const o of ops) {
          if ("push" in o) {
            for (let i = 0; i < o.push; i++) {
              ring.push(next);
              model.push(next++);
            }
          } else if ("shift" in o) {
            for (let i = 0; i < o.shift; i++) expect(ring.shift()).toBe(model.shift());
          } else expect(ring.peek()).toBe(model[0]);
          expect(ring.length).toBe(model.length);
        }
      }),
      { seed: 14, numRuns: 60 },
    );
  });
});
