/**
 * MemoryBox against a real Tarantool 1.5, reply by reply: seeded random sequences of raw Box requests
 * (random-ops.ts: INSERT with every flag, SELECT over every index with offsets, limits, prefixes and
 * several keys, UPDATE with every op, DELETE 20 and 21, PING, and a share of bad requests) go to the real
 * server (test/box/real/spaces.cfg) and to a MemoryBox of the same spaces (spaces.ts) behind an
 * IProtoServer on 127.0.0.1, both through IProtoClient. Every reply must be the same bytes — error code
 * and text included — except where the server's order is unspecified: ties in a non-unique TREE index
 * come in tuple-address order there, so a SELECT on one is compared key sequence exactly and tuples as
 * sets. Default 4 seeds × 250 requests; SOAK=1 runs 8 × 1000.
 */
import { expect, it } from "vitest";
import { boxErrorName } from "../../../runtime/index.js";
import { describeTarantool15 } from "../../support/tarantool15.js";
import { SPACES_CFG } from "../real/support.js";
import { useDifferential } from "./harness.js";
import { NAMES, randomRequests, str } from "./random-ops.js";
import { SPACES } from "./spaces.js";

const SOAK = process.env["SOAK"] === "1";
const SEEDS = SOAK ? [11, 12, 13, 14, 15, 16, 17, 18] : [1, 2, 3, 4];
const OPS = SOAK ? 1000 : 250;

describeTarantool15("MemoryBox against a real Tarantool 1.5", `${SEEDS.length} seeds × ${OPS} random requests, every reply compared`, () => {
  // Space 1's primary index is HASH: it is emptied and compared by every key the requests use.
  const diff = useDifferential(SPACES_CFG, SPACES, () => NAMES.map(str));
  const seen = diff.seen;

  for (const seed of SEEDS) {
    it(`seed ${seed}: ${OPS} requests give the same replies`, async () => {
      const codes = await diff.run(randomRequests(seed, OPS), `seed ${seed}`);
      // The sequence must have exercised errors as well as successes.
      expect([...codes.keys()].filter((c) => c > 0).length).toBeGreaterThan(3);
      expect(codes.get(0)).toBeGreaterThan(OPS / 3);
    });
  }

  it("the sequences reached every error they aim at", () => {
    const names = [...seen.keys()].map((c) => (c === -1 ? "PING" : c === 0 ? "ER_OK" : boxErrorName(c))).sort();
    expect(names).toEqual(
      expect.arrayContaining([
        "ER_ARG_TYPE",
        "ER_EXACT_MATCH",
        "ER_FIELD_TYPE",
        "ER_ILLEGAL_PARAMS",
        "ER_KEY_FIELD_TYPE",
        "ER_KEY_PART_COUNT",
        "ER_NO_SUCH_FIELD",
        "ER_NO_SUCH_INDEX",
        "ER_NO_SUCH_PROC",
        "ER_NO_SUCH_SPACE",
        "ER_OK",
        "ER_SPLICE",
        "ER_TUPLE_FOUND",
        "ER_TUPLE_NOT_FOUND",
        "ER_UNKNOWN_UPDATE_OP",
      ]),
    );
  });
});
