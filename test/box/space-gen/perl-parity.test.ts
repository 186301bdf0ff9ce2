/**
 * The generated typed spaces (generated-examples/spaces.ts, from schemas/spaces.iproto) and
 * MR::Tarantool::Box, each against its own real Tarantool 1.5 (same spaces, both empty at first), make the
 * same operations in the same order: every answer is the same (typed tuples printed as the Perl peer
 * prints its tuples, counts, error codes and texts), and so is every frame on the wire, both ways, byte
 * for byte — among them Delete's message 20 without the deleted tuple and 21 with it, and the generated
 * procedure calls (typed arguments and result tuples).
 */
import { expect, it } from "vitest";
import {
  KeysSpace,
  RanksSpace,
  ScoresSpace,
  callT15Echo,
  callT15Fail,
  callT15Rows,
  type KeysTuple,
  type RanksTuple,
  type ScoresTuple,
} from "../../../generated-examples/spaces.js";
import type { IProtoClient } from "../../../runtime/index.js";
import { describeTarantool15 } from "../../support/tarantool15.js";
import { answer, frames, usePerlBox, type ParityStep } from "../real/perl-parity.js";
import { hex, str, useRealBox } from "../real/support.js";

interface Spaces {
  readonly client: IProtoClient;
  readonly scores: ScoresSpace;
  readonly keys: KeysSpace;
  readonly ranks: RanksSpace;
}

const h = (s: string | Uint8Array): string => `h${hex(typeof s === "string" ? str(s) : s)}`;
const utf8 = h;
/** Typed tuples in the peer's words: numbers in decimal, strings and bytes as h<hex>. */
const scores = (t: ScoresTuple): string => [t.id, h(t.name), t.score, ...t.tail.map((x) => h(x.extra))].join(",");
const keys = (t: KeysTuple): string => [h(t.key), ...t.tail.map((x) => h(x.value))].join(",");
const ranks = (t: RanksTuple): string => [t.user, h(t.tag), t.rank, ...t.tail.map((x) => h(x.extra))].join(",");
const list = <T>(show: (t: T) => string, found: readonly (T | undefined)[]): string => ["OK", ...found.filter((t): t is T => t !== undefined).map(show)].join(" ");
const n = (count: number): string => `OK n:${count}`;
const stored = (): string => n(1);

type Step = ParityStep<Spaces>;

const STEPS: readonly Step[] = [
  { perl: "insert 0 set 0 1 h616c696365 10", ours: (s) => s.scores.insert({ id: 1, name: "alice", score: 10, tail: [] }).then(stored) },
  { perl: `insert 0 add 1 2 ${utf8("żółw")} 20`, ours: async (s) => list(scores, [await s.scores.add({ id: 2, name: "żółw", score: 20, tail: [] }, { returnTuple: true })]) },
  { perl: "insert 0 add 0 1 h647570 1", ours: (s) => s.scores.add({ id: 1, name: "dup", score: 1, tail: [] }).then(stored) },
  { perl: "insert 0 replace 1 1 h616c696365 11", ours: async (s) => list(scores, [await s.scores.replace({ id: 1, name: "alice", score: 11, tail: [] }, { returnTuple: true })]) },
  { perl: "insert 0 replace 0 5 h78 1", ours: (s) => s.scores.replace({ id: 5, name: "x", score: 1, tail: [] }).then(stored) },
  { perl: `insert 0 set 0 3 ${utf8("same")} 30`, ours: (s) => s.scores.insert({ id: 3, name: "same", score: 30, tail: [] }).then(stored) },
  { perl: `insert 0 set 0 4 ${utf8("same")} 40`, ours: (s) => s.scores.insert({ id: 4, name: "same", score: 40, tail: [] }).then(stored) },
  { perl: "select 0 0 0 0 1 2 7", ours: async (s) => list(scores, await s.scores.selectByPrimary([[1], [2], [7]])) },
  { perl: `select 0 1 1 1 ${utf8("same")}`, ours: async (s) => list(scores, await s.scores.selectByName([["same"]], { offset: 1, limit: 1 })) },
  { perl: "insert 1 set 0 h6b h76", ours: (s) => s.keys.insert({ key: "k", tail: [{ value: str("v") }] }).then(stored) },
  { perl: "select 1 0 0 0 h6b h6e6f", ours: async (s) => list(keys, await s.keys.selectByPrimary([["k"], ["no"]])) },
  ...([[1n, "a", 5], [1n, "b", 3], [2n ** 64n - 1n, "a", 5]] as const).map(
    ([user, tag, rank]): Step => ({ perl: `insert 2 set 0 ${user} ${utf8(tag)} ${rank}`, ours: (s) => s.ranks.insert({ user, tag, rank, tail: [] }).then(stored) }),
  ),
  { perl: `select 2 0 0 0 1,${utf8("b")} 1`, ours: async (s) => list(ranks, await s.ranks.selectByPrimary([[1n, "b"], [1n]])) },
  { perl: `select 2 2 0 2 5,${utf8("a")} 3`, ours: async (s) => list(ranks, await s.ranks.selectByRankTag([[5, "a"], [3]], { limit: 2 })) },
  { perl: "select 2 1 1 10 5", ours: async (s) => list(ranks, await s.ranks.selectByRank([[5]], { offset: 1, limit: 10 })) },
  {
    perl: `update 0 1 1 2:add:5 1:set:${utf8("bob")}`,
    ours: async (s) => list(scores, [await s.scores.update([1], [{ field: "score", op: "add", value: 5 }, { field: "name", op: "set", value: "bob" }], { returnTuple: true })]),
  },
  {
    perl: "update 0 0 1 2:and:255 2:xor:1 2:or:256",
    ours: async (s) => n(await s.scores.update([1], [{ field: "score", op: "and", value: 255 }, { field: "score", op: "xor", value: 1 }, { field: "score", op: "or", value: 256 }])),
  },
  {
    // splice, then Box.pm's shorthands for it: append (offset 0x7fffffff), prepend, cutbeg, cutend (offset -n).
    perl: `update 0 1 1 1:splice:1/1/${utf8("XY")} 1:append:${utf8("!")} 1:prepend:${utf8("<")} 1:cutbeg:1 1:cutend:1`,
    ours: async (s) =>
      list(scores, [
        await s.scores.update(
          [1],
          [
            { field: "name", op: "splice", offset: 1, length: 1, text: "XY" },
            { field: "name", op: "splice", offset: 0x7fffffff, length: 0, text: "!" },
            { field: "name", op: "splice", offset: 0, length: 0, text: "<" },
            { field: "name", op: "splice", offset: 0, length: 1, text: "" },
            { field: "name", op: "splice", offset: -1, length: 1, text: "" },
          ],
          { returnTuple: true },
        ),
      ]),
  },
  { perl: "update 0 1 99 2:set:5", ours: async (s) => list(scores, [await s.scores.update([99], [{ field: "score", op: "set", value: 5 }], { returnTuple: true })]) },
  { perl: "delete 0 0 3", ours: async (s) => n(await s.scores.delete([3])) },
  { perl: "delete 0 1 4", ours: async (s) => list(scores, [await s.scores.delete([4], { returnTuple: true })]) },
  { perl: "delete 0 1 4", ours: async (s) => list(scores, [await s.scores.delete([4], { returnTuple: true })]) },
  { perl: "delete 0 0 4", ours: async (s) => n(await s.scores.delete([4])) },
  { perl: "call t15_echo h78 h797a", ours: async (s) => list((t: { first: string; second: string }) => `${h(t.first)},${h(t.second)}`, await callT15Echo(s.client, { first: "x", second: "yz" })) },
  { perl: "call t15_rows 3", ours: async (s) => list((t: { label: string; index: string }) => `${h(t.label)},${h(t.index)}`, await callT15Rows(s.client, { n: "3" })) },
  { perl: "call t15_fail h626f6f6d", ours: async (s) => list((t: Uint8Array[]) => t.map(h).join(","), await callT15Fail(s.client, { message: "boom" })) },
  { perl: "select 0 0 0 0 1 2 3 4 5", ours: async (s) => list(scores, await s.scores.selectByPrimary([[1], [2], [3], [4], [5]])) },
];

describeTarantool15("generated typed spaces: MR::Tarantool::Box parity", "the same operations from Perl and from the generated ScoresSpace, KeysSpace and RanksSpace", () => {
  const ours = useRealBox();
  const perl = usePerlBox();

  it("gives the same answers and puts the same frames on the wire, both ways", async () => {
    const theirAnswers = await perl.ask(STEPS);
    const client = ours.client();
    const spaces: Spaces = { client, scores: new ScoresSpace(client), keys: new KeysSpace(client), ranks: new RanksSpace(client) };
    const mine: string[] = [];
    for (const step of STEPS) mine.push(await answer(step, spaces));
    expect(mine.map((a, i) => `${STEPS[i]!.perl} => ${a}`)).toEqual(theirAnswers.map((a, i) => `${STEPS[i]!.perl} => ${a}`));
    expect(mine.filter((a) => a.startsWith("ERR")).length).toBe(3);
    const theirs = perl.frames();
    expect(frames(ours.tap().frames, "request")).toEqual(frames(theirs, "request"));
    expect(frames(ours.tap().frames, "response")).toEqual(frames(theirs, "response"));
    const deletes = theirs.filter((f) => f.direction === "request" && (f.msg === 20 || f.msg === 21)).map((f) => f.msg);
    expect(deletes).toEqual([20, 21, 21, 20]);
  });
});
