/**
 * MR::Tarantool::Box and the generated BoxClient, each against its own real Tarantool 1.5 (same spaces,
 * same procedures, both empty at first), make the same operations in the same order: every answer is
 * the same (tuples value for value, counts, error codes and texts), and so is every frame on the wire,
 * both ways, byte for byte (the sync aside). Among them Perl's Delete: message 20 without
 * want_deleted_tuple, 21 with it — what delete() and deleteWithFlags() send.
 */
import { expect, it } from "vitest";
import { boxTupleFormat, type BoxFieldValue } from "../../runtime/index.js";
import { BoxFlags, UpdateOp, type BoxClient, type Tuple } from "../../generated-examples/box.js";
import { describeTarantool15 } from "../support/tarantool15.js";
import { answer, frames, usePerlBox, type ParityStep } from "./real/perl-parity.js";
import { hex, num, str, useRealBox } from "./real/support.js";

type Box = BoxClient<unknown>;

/** The spaces' formats as the Perl peer declares them. */
const FORMATS = { 0: boxTupleFormat("L$L"), 1: boxTupleFormat("&&"), 2: boxTupleFormat("Q&L") } as const;
type Space = keyof typeof FORMATS;

const utf8 = (s: string): string => `h${hex(str(s))}`;
const token = (v: BoxFieldValue): string => (typeof v === "string" ? utf8(v) : v instanceof Uint8Array ? `h${hex(v)}` : String(v));

/** Our answer in the peer's words. */
const tuples = (space: Space | "call", found: readonly Tuple[] | undefined): string =>
  ["OK", ...(found ?? []).map((t) => (space === "call" ? t.fields.map((f) => `h${hex(f)}`) : FORMATS[space].unpack(t.fields).map(token)).join(","))].join(" ");
const count = (r: { count: number }): string => `OK n:${r.count}`;

/** SPLICE's argument as Box.pm packs it: `pack '(w/a*)*', pack('l', offset), pack('l', length), string`. */
function splice(offset: number, length: number, text: string): Uint8Array {
  const field = (b: Uint8Array) => Buffer.concat([Buffer.from([b.length]), b]);
  return new Uint8Array(Buffer.concat([field(num(offset)), field(num(length)), field(str(text))]));
}

type Step = ParityStep<Box>;

const pk = (id: number) => ({ fields: [FORMATS[0].packField(0, id)] });
const STEPS: readonly Step[] = [
  { perl: "insert 0 set 0 1 h616c696365 10", ours: async (b) => count(await b.insert({ space: 0, tuple: { fields: FORMATS[0].pack([1, "alice", 10]) } })) },
  { perl: `insert 0 add 1 2 ${utf8("żółw")} 20`, ours: async (b) => tuples(0, (await b.insert({ space: 0, flags: BoxFlags.ADD | BoxFlags.RETURN_TUPLE, tuple: { fields: FORMATS[0].pack([2, "żółw", 20]) } })).tuples) },
  { perl: "insert 0 add 0 1 h647570 1", ours: (b) => b.insert({ space: 0, flags: BoxFlags.ADD, tuple: { fields: FORMATS[0].pack([1, "dup", 1]) } }).then(count) },
  { perl: "insert 0 replace 1 1 h616c696365 11", ours: async (b) => tuples(0, (await b.insert({ space: 0, flags: BoxFlags.REPLACE | BoxFlags.RETURN_TUPLE, tuple: { fields: FORMATS[0].pack([1, "alice", 11]) } })).tuples) },
  { perl: "insert 0 replace 0 5 h78 1", ours: (b) => b.insert({ space: 0, flags: BoxFlags.REPLACE, tuple: { fields: FORMATS[0].pack([5, "x", 1]) } }).then(count) },
  { perl: `insert 0 set 0 3 ${utf8("same")} 30`, ours: async (b) => count(await b.insert({ space: 0, tuple: { fields: FORMATS[0].pack([3, "same", 30]) } })) },
  { perl: `insert 0 set 0 4 ${utf8("same")} 40`, ours: async (b) => count(await b.insert({ space: 0, tuple: { fields: FORMATS[0].pack([4, "same", 40]) } })) },
  { perl: "select 0 0 0 0 1 2 7", ours: async (b) => tuples(0, (await b.select({ space: 0, index: 0, keys: [pk(1), pk(2), pk(7)] })).tuples) },
  { perl: `select 0 1 1 1 ${utf8("same")}`, ours: async (b) => tuples(0, (await b.select({ space: 0, index: 1, offset: 1, limit: 1, keys: [{ fields: [str("same")] }] })).tuples) },
  { perl: "insert 1 set 0 h6b h76", ours: async (b) => count(await b.insert({ space: 1, tuple: { fields: [str("k"), str("v")] } })) },
  { perl: "select 1 0 0 0 h6b h6e6f", ours: async (b) => tuples(1, (await b.select({ space: 1, index: 0, keys: [{ fields: [str("k")] }, { fields: [str("no")] }] })).tuples) },
  ...([[1n, "a", 5], [1n, "b", 3], [2n ** 64n - 1n, "a", 5]] as const).map(
    ([user, tag, rank]): Step => ({ perl: `insert 2 set 0 ${user} ${utf8(tag)} ${rank}`, ours: async (b) => count(await b.insert({ space: 2, tuple: { fields: FORMATS[2].pack([user, str(tag), rank]) } })) }),
  ),
  { perl: `select 2 0 0 0 1,${utf8("b")} 1`, ours: async (b) => tuples(2, (await b.select({ space: 2, index: 0, keys: [{ fields: [FORMATS[2].packField(0, 1n), str("b")] }, { fields: [FORMATS[2].packField(0, 1n)] }] })).tuples) },
  { perl: `select 2 2 0 2 5,${utf8("a")} 3`, ours: async (b) => tuples(2, (await b.select({ space: 2, index: 2, limit: 2, keys: [{ fields: [num(5), str("a")] }, { fields: [num(3)] }] })).tuples) },
  { perl: "select 2 1 1 10 5", ours: async (b) => tuples(2, (await b.select({ space: 2, index: 1, offset: 1, limit: 10, keys: [{ fields: [num(5)] }] })).tuples) },
  {
    perl: `update 0 1 1 2:add:5 1:set:${utf8("bob")}`,
    ours: async (b) => tuples(0, (await b.update({ space: 0, flags: BoxFlags.RETURN_TUPLE, key: pk(1), operations: [{ field: 2, op: UpdateOp.ADD, argument: num(5) }, { field: 1, op: UpdateOp.SET, argument: str("bob") }] })).tuples),
  },
  {
    perl: "update 0 0 1 2:and:255 2:xor:1 2:or:256",
    ours: async (b) => count(await b.update({ space: 0, key: pk(1), operations: [{ field: 2, op: UpdateOp.AND, argument: num(255) }, { field: 2, op: UpdateOp.XOR, argument: num(1) }, { field: 2, op: UpdateOp.OR, argument: num(256) }] })),
  },
  {
    // splice, then Box.pm's shorthands for it: append (offset 0x7fffffff), prepend, cutbeg, cutend (offset -n).
    perl: `update 0 1 1 1:splice:1/1/${utf8("XY")} 1:append:${utf8("!")} 1:prepend:${utf8("<")} 1:cutbeg:1 1:cutend:1`,
    ours: async (b) =>
      tuples(0, (await b.update({
        space: 0,
        flags: BoxFlags.RETURN_TUPLE,
        key: pk(1),
        operations: [
          { field: 1, op: UpdateOp.SPLICE, argument: splice(1, 1, "XY") },
          { field: 1, op: UpdateOp.SPLICE, argument: splice(0x7fffffff, 0, "!") },
          { field: 1, op: UpdateOp.SPLICE, argument: splice(0, 0, "<") },
          { field: 1, op: UpdateOp.SPLICE, argument: splice(0, 1, "") },
          { field: 1, op: UpdateOp.SPLICE, argument: splice(-1, 1, "") },
        ],
      })).tuples),
  },
  { perl: "update 0 1 99 2:set:5", ours: async (b) => tuples(0, (await b.update({ space: 0, flags: BoxFlags.RETURN_TUPLE, key: pk(99), operations: [{ field: 2, op: UpdateOp.SET, argument: num(5) }] })).tuples) },
  { perl: "delete 0 0 3", ours: async (b) => count(await b.delete({ space: 0, key: pk(3) })) },
  { perl: "delete 0 1 4", ours: async (b) => tuples(0, (await b.deleteWithFlags({ space: 0, flags: BoxFlags.RETURN_TUPLE, key: pk(4) })).tuples) },
  { perl: "delete 0 1 4", ours: async (b) => tuples(0, (await b.deleteWithFlags({ space: 0, flags: BoxFlags.RETURN_TUPLE, key: pk(4) })).tuples) },
  { perl: "delete 0 0 4", ours: async (b) => count(await b.delete({ space: 0, key: pk(4) })) },
  { perl: "call t15_echo h78 h797a", ours: async (b) => tuples("call", (await b.call({ procedure: "t15_echo", args: [str("x"), str("yz")] })).tuples) },
  { perl: "call t15_rows 3", ours: async (b) => tuples("call", (await b.call({ procedure: "t15_rows", args: [str("3")] })).tuples) },
  { perl: "call t15_fail h626f6f6d", ours: async (b) => tuples("call", (await b.call({ procedure: "t15_fail", args: [str("boom")] })).tuples) },
  { perl: "call t15_nope", ours: async (b) => tuples("call", (await b.call({ procedure: "t15_nope", args: [] })).tuples) },
  { perl: "select 0 0 0 0 1 2 3 4 5", ours: async (b) => tuples(0, (await b.select({ space: 0, index: 0, keys: [1, 2, 3, 4, 5].map(pk) })).tuples) },
];

describeTarantool15("real Tarantool 1.5: MR::Tarantool::Box parity", "the same Box operations from Perl and from the generated client", () => {
  const ours = useRealBox();
  const perl = usePerlBox();

  it("gives the same answers and puts the same frames on the wire, both ways", async () => {
    const theirAnswers = await perl.ask(STEPS);
    const mine: string[] = [];
    for (const step of STEPS) mine.push(await answer(step, ours.box()));
    expect(mine.map((a, i) => `${STEPS[i]!.perl} => ${a}`)).toEqual(theirAnswers.map((a, i) => `${STEPS[i]!.perl} => ${a}`));
    expect(mine.filter((a) => a.startsWith("ERR")).length).toBe(4);
    const theirs = perl.frames();
    const oursFrames = ours.tap().frames;
    expect(frames(oursFrames, "request")).toEqual(frames(theirs, "request"));
    expect(frames(oursFrames, "response")).toEqual(frames(theirs, "response"));
    // Box.pm's Delete: 20 without want_deleted_tuple, 21 with it; our delete() and deleteWithFlags() match.
    const deletes = theirs.filter((f) => f.direction === "request" && (f.msg === 20 || f.msg === 21)).map((f) => f.msg);
    expect(deletes).toEqual([20, 21, 21, 20]);
  });
});
