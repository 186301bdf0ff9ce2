/**
 * Errors of a real Tarantool 1.5 arrive as ServerError: the return code names the right Box error
 * (boxErrorName, runtime/box/errors/errcodes.ts), its severity byte is the one errcode.h gives that error, and
 * the text is the error's template filled in by the server.
 */
import { expect, it } from "vitest";
import { boxErrorInfo, type BoxErrorName } from "../../runtime/index.js";
import { BoxFlags, UpdateOp, type BoxClient } from "../../generated-examples/box.js";
import { describeTarantool15 } from "../support/tarantool15.js";
import { expectBoxError, num, num64, str, useRealBox } from "./real/support.js";

interface ErrorCase {
  readonly what: string;
  readonly request: (box: BoxClient<unknown>) => Promise<unknown>;
  readonly name: BoxErrorName;
  readonly message: string;
}

const key = (...fields: Uint8Array[]) => ({ fields });

// Space 0 holds (1, "one", 1) when these run (see the test below). The texts are the server's own: a bad
// key field says "NUM" on INSERT but "u32" on SELECT, and a tuple short of an indexed field or a splice
// argument of the wrong size is ER_ILLEGAL_PARAMS, not ER_NO_SUCH_FIELD or ER_SPLICE.
const CASES: readonly ErrorCase[] = [
  {
    what: "INSERT with ADD of an existing key",
    request: (box) => box.insert({ space: 0, flags: BoxFlags.ADD, tuple: { fields: [num(1), str("x"), num(0)] } }),
    name: "ER_TUPLE_FOUND",
    message: "Duplicate key exists in unique index 0",
  },
  {
    what: "INSERT with REPLACE of a missing key",
    request: (box) => box.insert({ space: 0, flags: BoxFlags.REPLACE, tuple: { fields: [num(2), str("x"), num(0)] } }),
    name: "ER_TUPLE_NOT_FOUND",
    message: "Tuple doesn't exist in index 0",
  },
  {
    what: "INSERT of a tuple without the field an index needs",
    request: (box) => box.insert({ space: 0, tuple: { fields: [num(3)] } }),
    name: "ER_ILLEGAL_PARAMS",
    message: "Illegal parameters, tuple must have all indexed fields",
  },
  {
    what: "INSERT of a 3-byte value into a NUM key field",
    request: (box) => box.insert({ space: 0, tuple: { fields: [str("abc"), str("x")] } }),
    name: "ER_KEY_FIELD_TYPE",
    message: "Supplied key field type does not match index type: expected NUM",
  },
  {
    what: "SELECT from an index the space does not have",
    request: (box) => box.select({ space: 0, index: 7, keys: [key(num(1))] }),
    name: "ER_NO_SUCH_INDEX",
    message: "No index #7 is defined in space 0",
  },
  {
    what: "SELECT from a space that is not configured",
    request: (box) => box.select({ space: 9, index: 0, keys: [key(num(1))] }),
    name: "ER_NO_SUCH_SPACE",
    message: "Space 9 does not exist",
  },
  {
    what: "SELECT with a NUM64 key part on a NUM index",
    request: (box) => box.select({ space: 0, index: 0, keys: [key(num64(1n))] }),
    name: "ER_KEY_FIELD_TYPE",
    message: "Supplied key field type does not match index type: expected u32",
  },
  {
    what: "SELECT with more key parts than the index has",
    request: (box) => box.select({ space: 0, index: 0, keys: [key(num(1), num(2))] }),
    name: "ER_KEY_PART_COUNT",
    message: "Invalid key part count (expected [0..1], got 2)",
  },
  {
    what: "SELECT from a HASH index with a partial (empty) key",
    request: (box) => box.select({ space: 1, index: 0, keys: [key()] }),
    name: "ER_EXACT_MATCH",
    message: "Invalid key part count in an exact match (expected 1, got 0)",
  },
  {
    what: "UPDATE of a field past the tuple's end",
    request: (box) => box.update({ space: 0, key: key(num(1)), operations: [{ field: 9, op: UpdateOp.SET, argument: num(0) }] }),
    name: "ER_NO_SUCH_FIELD",
    message: "Field 9 was not found in the tuple",
  },
  {
    what: "UPDATE ADD on a field that is not 4 or 8 bytes",
    request: (box) => box.update({ space: 0, key: key(num(1)), operations: [{ field: 1, op: UpdateOp.ADD, argument: num(1) }] }),
    name: "ER_FIELD_TYPE",
    message: "Field type does not match one required by operation: expected a 32-bit or 64-bit int",
  },
  {
    what: "UPDATE ADD of a 64-bit argument to a 32-bit field",
    request: (box) => box.update({ space: 0, key: key(num(1)), operations: [{ field: 2, op: UpdateOp.ADD, argument: num64(1n) }] }),
    name: "ER_ARG_TYPE",
    message: "Argument type in operation on field 2 does not match field type: expected a NUM",
  },
  {
    what: "UPDATE SPLICE whose offset is not a 4-byte field",
    request: (box) => box.update({ space: 0, key: key(num(1)), operations: [{ field: 1, op: UpdateOp.SPLICE, argument: new Uint8Array([1, 0, 1, 0, 1, 0x41]) }] }),
    name: "ER_ILLEGAL_PARAMS",
    message: "Illegal parameters, incorrect packet format (expected a 32-bit int)",
  },
  {
    what: "UPDATE SPLICE from before the field's start",
    request: (box) => box.update({ space: 0, key: key(num(1)), operations: [{ field: 1, op: UpdateOp.SPLICE, argument: new Uint8Array([4, 0x9c, 0xff, 0xff, 0xff, 4, 1, 0, 0, 0, 0]) }] }),
    name: "ER_SPLICE",
    message: "Field SPLICE error: offset is out of bound",
  },
  {
    what: "UPDATE with an operation code past INSERT",
    request: (box) => box.update({ space: 0, key: key(num(1)), operations: [{ field: 2, op: 0x7f as UpdateOp, argument: num(0) }] }),
    name: "ER_UNKNOWN_UPDATE_OP",
    message: "Unknown UPDATE operation",
  },
  {
    what: "CALL of an unknown procedure",
    request: (box) => box.call({ procedure: "no_such_proc", args: [] }),
    name: "ER_NO_SUCH_PROC",
    message: "Procedure 'no_such_proc' is not defined",
  },
  {
    what: "CALL of a procedure that raises a Lua error",
    request: (box) => box.call({ procedure: "t15_fail", args: [str("bad")] }),
    name: "ER_PROC_LUA",
    message: "Lua error: ./init.lua:10: bad",
  },
];

/** A template of errcode.h as a pattern: `%u` a number, `%s` and `%.*s` any text. */
function templatePattern(template: string): RegExp {
  const parts = template.split(/(%u|%\.\*s|%s)/);
  return new RegExp(`^${parts.map((p) => (p === "%u" ? "\\d+" : p.startsWith("%") ? ".*" : p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("")}$`, "s");
}

describeTarantool15("real Tarantool 1.5: errors", "each kind of request error, named by its Box error code", () => {
  const real = useRealBox();

  it.each(CASES.map((c) => [c.what, c] as const))("%s", async (_what, c) => {
    await real.box().insert({ space: 0, tuple: { fields: [num(1), str("one"), num(1)] } });
    const error = await expectBoxError(c.request(real.box()), c.name);
    const info = boxErrorInfo(error.returnCode)!;
    expect(error.returnCode).toBe((info.code << 8) | info.severity);
    expect(error.temporary).toBe(info.severity === 1);
    expect(error.serverMessage).toBe(c.message);
    expect(error.serverMessage).toMatch(templatePattern(info.message));
  });
});
