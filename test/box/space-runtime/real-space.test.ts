/**
 * The runtime half of typed spaces (runtime/box/space) against a real Tarantool 1.5, through hand-written
 * codecs (./codecs.ts): every BoxSpace operation and boxCall, the request bytes compared with Perl's pack
 * of the same request (as MR::Tarantool::Box builds it), the typed results, the server's errors named.
 */
import { execFileSync } from "node:child_process";
import { expect, it } from "vitest";
import { BoxSpace, EncodeError, boxCall, rawTuple } from "../../../runtime/index.js";
import { describeTarantool15 } from "../../support/tarantool15.js";
import { expectBoxError, useRealBox } from "../real/support.js";
import { noUpdates, ranksByRankTag, ranksPrimary, ranksTuple, scoresByName, scoresPrimary, scoresTuple, scoresUpdate, type Rank, type Score } from "./codecs.js";

/** The bytes of a Perl expression (a `pack` as MR::Tarantool::Box writes it), as hex: the byte-level truth. */
function perl(expression: string): string {
  return execFileSync("perl", ["-e", `binmode STDOUT; print unpack("H*", ${expression});`], { encoding: "utf8" });
}

const le32 = (n: number): string => perl(`pack("L<", ${n})`);
const tail = (s: string): Uint8Array => new TextEncoder().encode(s);

describeTarantool15("typed spaces, runtime half", "BoxSpace insert/add/replace/select/get/update/delete and boxCall on spaces 0 and 2", () => {
  const real = useRealBox();
  const scores = () => new BoxSpace(real.client(), 0, scoresTuple, scoresPrimary, scoresUpdate);
  const ranks = () => new BoxSpace(real.client(), 2, ranksTuple, ranksPrimary, noUpdates);

  it("insert sends MR::Tarantool::Box's INSERT bytes and resolves to nothing", async () => {
    await expect(scores().insert({ id: 101, name: "ann", score: 7, tail: [tail("x")] })).resolves.toBeUndefined();
    const { request, response } = real.last();
    expect(request.msg).toBe(13);
    // MR::Tarantool::Box: pack("L L L", space, flags, cardinality) and each field as w/a*.
    expect(request.body).toBe(perl(`pack("L L L (w/a*)*", 0, 0, 4, pack("L", 101), "ann", pack("L", 7), "x")`));
    expect(response.body).toBe(`${le32(0)}${le32(1)}`);
  });

  it("insert with returnTuple resolves to the typed stored tuple", async () => {
    const stored: Score = await scores().insert({ id: 102, name: "bob", score: 9, tail: [] }, { returnTuple: true });
    expect(stored).toEqual({ id: 102, name: "bob", score: 9, tail: [] });
    expect(real.last().request.body.slice(8, 16)).toBe(le32(1));
  });

  it("add refuses an existing key (ER_TUPLE_FOUND), replace a missing one (ER_TUPLE_NOT_FOUND)", async () => {
    await expectBoxError(scores().add({ id: 101, name: "again", score: 1, tail: [] }), "ER_TUPLE_FOUND");
    expect(real.last().request.body.slice(8, 16)).toBe(le32(2));
    await expectBoxError(scores().replace({ id: 999, name: "ghost", score: 1, tail: [] }), "ER_TUPLE_NOT_FOUND");
    expect(real.last().request.body.slice(8, 16)).toBe(le32(4));
    await scores().add({ id: 103, name: "bob", score: 11, tail: [] });
    expect(await scores().replace({ id: 103, name: "bob", score: 12, tail: [tail("t1"), tail("t2")] }, { returnTuple: true })).toEqual({
      id: 103,
      name: "bob",
      score: 12,
      tail: [tail("t1"), tail("t2")],
    });
  });

  it("select by the primary key and by a non-unique index, several keys, offset and limit", async () => {
    expect((await scores().select(scoresPrimary, [[101], [103], [404]])).map((s) => s.id)).toEqual([101, 103]);
    const { request } = real.last();
    expect(request.msg).toBe(17);
    // space 0, index 0, offset 0, limit all, 3 keys of one NUM part each.
    expect(request.body).toBe(perl(`pack("L L L L L (L w/a*)*", 0, 0, 0, 0x7fffffff, 3, map { (1, pack("L", $_)) } 101, 103, 404)`));
    const byName = await scores().select(scoresByName, [["bob"]]);
    expect(byName.map((s) => s.id).sort()).toEqual([102, 103]);
    const page1 = await scores().select(scoresByName, [["bob"]], { limit: 1 });
    const page2 = await scores().select(scoresByName, [["bob"]], { offset: 1, limit: 1 });
    expect([...page1, ...page2].map((s) => s.id).sort()).toEqual([102, 103]);
    expect(real.last().request.body.slice(16, 32)).toBe(`${le32(1)}${le32(1)}`);
    expect(await scores().get([102])).toEqual({ id: 102, name: "bob", score: 9, tail: [] });
    expect(await scores().get([404])).toBeUndefined();
  });

  it("update applies set, add, splice and field delete in order; the tuple comes back typed", async () => {
    const updated = await scores().update(
      [103],
      [
        { op: "add", field: "score", value: 5 },
        { op: "splice", field: "name", offset: 1, length: 1, text: "OO" },
        { op: "delete", field: "tail0" },
      ],
      { returnTuple: true },
    );
    expect(updated).toEqual({ id: 103, name: "bOOb", score: 17, tail: [tail("t2")] });
    const { request } = real.last();
    expect(request.msg).toBe(19);
    // As MR::Tarantool::Box packs them: the key, then per operation `L C w/a*`; a splice's argument is
    // itself w/a* of offset (L), length (L) and the string.
    expect(request.body).toBe(
      perl(
        `pack("L L L w/a* L", 0, 1, 1, pack("L", 103), 3) . pack("L C w/a*", 2, 1, pack("L", 5)) . ` +
          `pack("L C w/a*", 1, 5, pack("w/a* w/a* w/a*", pack("L", 1), pack("L", 1), "OO")) . pack("L C w/a*", 3, 6, "")`,
      ),
    );
    await expect(scores().update([103], [{ op: "set", field: "score", value: 1 }])).resolves.toBe(1);
    expect((await scores().get([103]))?.score).toBe(1);
    expect(await scores().update([404], [{ op: "set", field: "score", value: 1 }], { returnTuple: true })).toBeUndefined();
  });

  it("delete sends message 20 without flags and 21 with returnTuple, as MR::Tarantool::Box", async () => {
    await expect(scores().delete([101])).resolves.toBe(1);
    expect(real.last().request).toEqual({ msg: 20, body: perl(`pack("L L w/a*", 0, 1, pack("L", 101))`) });
    expect(await scores().delete([102], { returnTuple: true })).toEqual({ id: 102, name: "bob", score: 9, tail: [] });
    expect(real.last().request).toEqual({ msg: 21, body: perl(`pack("L L L w/a*", 0, 1, 1, pack("L", 102))`) });
    expect(await scores().delete([102], { returnTuple: true })).toBeUndefined();
  });

  it("a multi-part TREE key: select by a prefix, by the whole key, and through a secondary multi-part index", async () => {
    const rows: Rank[] = [
      { user: 2n ** 40n, tag: "a", rank: 3, extra: [] },
      { user: 2n ** 40n, tag: "b", rank: 1, extra: [] },
      { user: 7n, tag: "a", rank: 3, extra: [tail("e")] },
    ];
    for (const r of rows) await ranks().insert(r);
    expect(real.last().request.body).toBe(perl(`pack("L L L (w/a*)*", 2, 0, 4, pack("Q", 7), "a", pack("L", 3), "e")`));
    expect(await ranks().select(ranksPrimary, [[2n ** 40n]])).toEqual([rows[0], rows[1]]);
    expect(await ranks().select(ranksPrimary, [[2n ** 40n, "b"]])).toEqual([rows[1]]);
    const byRank = await ranks().select(ranksByRankTag, [[3]]);
    expect(byRank.map((r) => r.user).sort((a, b) => (a < b ? -1 : 1))).toEqual([7n, 2n ** 40n]);
    expect(await ranks().select(ranksByRankTag, [[3, "a"]], { offset: 1 })).toHaveLength(1);
  });

  it("a key of the wrong shape is an EncodeError before anything is sent", async () => {
    const before = real.tap().frames.length;
    await expect(ranks().select(ranksPrimary, [[] as unknown as readonly [bigint]])).rejects.toThrow(EncodeError);
    await expect(ranks().delete([7n])).rejects.toThrow(/Ranks.primary takes 2 parts, given 1/);
    await expect(scores().select(scoresPrimary, [[1, 2] as unknown as readonly [number]])).rejects.toThrow(/takes 1 part, given 2/);
    await expect(scores().select(scoresPrimary, [[1]], { limit: -1 })).rejects.toThrow(/limit: -1 does not fit u32/);
    expect(real.tap().frames.length).toBe(before);
  });

  it("boxCall: typed arguments, raw result tuples; a Lua error is ER_PROC_LUA", async () => {
    const echoed = await boxCall(real.client(), "t15_echo", rawTuple, [tail("x"), tail("yz")]);
    expect(echoed).toEqual([[tail("x"), tail("yz")]]);
    expect(real.last().request).toEqual({ msg: 22, body: perl(`pack("L w/a* L (w/a*)*", 0, "t15_echo", 2, "x", "yz")`) });
    expect((await boxCall(real.client(), "t15_rows", rawTuple, [tail("3")])).map((t) => new TextDecoder().decode(t[1]))).toEqual(["1", "2", "3"]);
    await expectBoxError(boxCall(real.client(), "t15_fail", rawTuple, [tail("boom")]), "ER_PROC_LUA");
  });
});
