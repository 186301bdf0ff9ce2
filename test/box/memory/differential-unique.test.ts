/**
 * MemoryBox against a real Tarantool 1.5 on spaces with unique secondary indexes (TREE single- and
 * multi-part, HASH on NUM64) and a HASH primary index on NUM (unique-spaces.cfg): INSERTs and UPDATEs
 * that collide on them must be refused with the same ER_TUPLE_FOUND naming the same index, and leave
 * both holding the same tuples. Every reply compared as in differential.test.ts.
 */
import { expect, it } from "vitest";
import { boxErrorName } from "../../../runtime/index.js";
import { describeTarantool15 } from "../../support/tarantool15.js";
import { useDifferential } from "./harness.js";
import { u32 } from "./random-ops.js";
import { randomUniqueRequests, UNIQUE_IDS, UNIQUE_SPACES } from "./unique-spaces.js";
import { fileURLToPath } from "node:url";

const CFG = fileURLToPath(new URL("./unique-spaces.cfg", import.meta.url));
const SOAK = process.env["SOAK"] === "1";
const SEEDS = SOAK ? [21, 22, 23, 24, 25, 26, 27, 28] : [1, 2, 3, 4];
const OPS = SOAK ? 1000 : 250;

describeTarantool15("MemoryBox against a real Tarantool 1.5: unique secondary indexes", `${SEEDS.length} seeds × ${OPS} colliding requests`, () => {
  const diff = useDifferential(CFG, UNIQUE_SPACES, () => UNIQUE_IDS.map(u32));

  for (const seed of SEEDS) {
    it(`seed ${seed}: ${OPS} requests give the same replies`, async () => {
      await diff.run(randomUniqueRequests(seed, OPS), `seed ${seed}`);
    });
  }

  it("refusals named every unique index", () => {
    const names = [...diff.seen.keys()].map((c) => (c <= 0 ? "OK" : boxErrorName(c)));
    expect(names).toEqual(expect.arrayContaining(["OK", "ER_TUPLE_FOUND", "ER_TUPLE_NOT_FOUND"]));
    // ER_TUPLE_FOUND's text names the index: the secondary ones must have refused too.
    for (const index of [0, 1, 2]) expect([...diff.texts]).toContain(`Duplicate key exists in unique index ${index}`);
  });
});
