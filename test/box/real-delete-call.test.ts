/**
 * DELETE in both forms and CALL of the shared example stored procedures (example-init.lua), through the
 * generated BoxClient against a real Tarantool 1.5. `delete()` goes out as message 20, what
 * MR::Tarantool::Box's Delete sends (test/box/real-perl.test.ts watches Perl send it);
 * `deleteWithFlags()` as message 21.
 */
import { expect, it } from "vitest";
import { BoxFlags } from "../../generated-examples/box.js";
import { describeTarantool15 } from "../support/tarantool15.js";
import { bytes, expectBoxError, hex, num, num64, str, tuplesHex, useRealBox } from "./real/support.js";

describeTarantool15("real Tarantool 1.5: DELETE and CALL", "DELETE (messages 20 and 21) and CALL of the example procedures", () => {
  const real = useRealBox();
  const key = (...fields: Uint8Array[]) => ({ fields });
  const insert = (...fields: Uint8Array[]) => real.box().insert({ space: 0, tuple: { fields } });

  it("delete() sends message 20 (space, key; no flags) and the server deletes the tuple", async () => {
    await insert(num(30), str("x"), num(1));
    const deleted = await real.box().delete({ space: 0, key: key(num(30)) });
    expect(deleted).toEqual({ count: 1 });
    expect(real.last()).toEqual({
      request: { msg: 20, body: bytes("00000000 01000000 041e000000") },
      response: { msg: 20, body: bytes("00000000 01000000") },
    });
    expect((await real.box().select({ space: 0, index: 0, keys: [key(num(30))] })).count).toBe(0);
    expect(await real.box().delete({ space: 0, key: key(num(30)) })).toEqual({ count: 0 });
  });

  it("deleteWithFlags() sends message 21; RETURN_TUPLE brings the deleted tuple back", async () => {
    await insert(num(31), str("y"), num(2));
    await insert(num(32), str("z"), num(3));
    const returned = await real.box().deleteWithFlags({ space: 0, flags: BoxFlags.RETURN_TUPLE, key: key(num(31)) });
    expect(tuplesHex(returned.tuples)).toEqual([[hex(num(31)), hex(str("y")), hex(num(2))]]);
    expect(real.last()).toEqual({
      request: { msg: 21, body: bytes("00000000 01000000 01000000 041f000000") },
      response: { msg: 21, body: bytes("00000000 01000000 0c000000 03000000 041f000000 0179 0402000000") },
    });
    expect(await real.box().deleteWithFlags({ space: 0, key: key(num(32)) })).toEqual({ count: 1, tuples: undefined });
    expect(real.last().request).toEqual({ msg: 21, body: bytes("00000000 00000000 01000000 0420000000") });
    expect(await real.box().deleteWithFlags({ space: 0, flags: BoxFlags.RETURN_TUPLE, key: key(num(32)) })).toEqual({ count: 0, tuples: [] });
  });

  it("delete() by a full multi-part primary key (NUM64, STR)", async () => {
    await real.box().insert({ space: 2, tuple: { fields: [num64(5n), str("a"), num(1)] } });
    await real.box().insert({ space: 2, tuple: { fields: [num64(5n), str("b"), num(1)] } });
    expect(await real.box().delete({ space: 2, key: key(num64(5n), str("a")) })).toEqual({ count: 1 });
    const left = await real.box().select({ space: 2, index: 0, keys: [key(num64(5n))] });
    expect(tuplesHex(left.tuples)).toEqual([[hex(num64(5n)), hex(str("b")), hex(num(1))]]);
  });

  it("CALL t15_echo returns its arguments as one tuple: the bytes of the reference capture", async () => {
    const called = await real.box().call({ procedure: "t15_echo", args: [str("x"), str("yz")] });
    expect(tuplesHex(called.tuples)).toEqual([[hex(str("x")), hex(str("yz"))]]);
    expect(real.last()).toEqual({
      request: { msg: 22, body: bytes("00000000 08 7431355f6563686f 02000000 0178 02797a") },
      response: { msg: 22, body: bytes("00000000 01000000 05000000 02000000 0178 02797a") },
    });
  });

  it("CALL t15_rows returns several tuples; t15_sleep waits and answers; t15_echo without arguments", async () => {
    const rows = await real.box().call({ procedure: "t15_rows", args: [str("3")] });
    expect(tuplesHex(rows.tuples)).toEqual(["1", "2", "3"].map((i) => [hex(str("row")), hex(str(i))]));
    const slept = await real.box().call({ procedure: "t15_sleep", args: [str("0.01")] });
    expect(tuplesHex(slept.tuples)).toEqual([[hex(str("slept"))]]);
    const empty = await real.box().call({ procedure: "t15_echo", args: [] });
    expect(empty.count).toBe(1);
    expect(empty.tuples[0]?.cardinality).toBe(0);
  });

  it("CALL t15_truncate empties spaces 0 and 1 and returns no tuple", async () => {
    await insert(num(33), str("gone"), num(0));
    await real.box().insert({ space: 1, tuple: { fields: [str("gone")] } });
    expect(await real.box().call({ procedure: "t15_truncate", args: [] })).toEqual({ count: 0, tuples: [] });
    expect((await real.box().select({ space: 0, index: 0, keys: [key(num(33))] })).count).toBe(0);
    expect((await real.box().select({ space: 1, index: 0, keys: [key(str("gone"))] })).count).toBe(0);
  });

  it("CALL of a failing procedure is ER_PROC_LUA with Lua's message; of an unknown one ER_NO_SUCH_PROC", async () => {
    const failed = await expectBoxError(real.box().call({ procedure: "t15_fail", args: [str("boom")] }), "ER_PROC_LUA");
    expect(failed.serverMessage).toMatch(/^Lua error: .*boom$/);
    const unknown = await expectBoxError(real.box().call({ procedure: "t15_nope", args: [] }), "ER_NO_SUCH_PROC");
    expect(unknown.serverMessage).toBe("Procedure 't15_nope' is not defined");
  });
});
