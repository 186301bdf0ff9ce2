/**
 * UPDATE with every operation (SET, ADD on 32- and 64-bit fields, AND, XOR, OR, SPLICE, DELETE field,
 * INSERT field), one at a time and several at once, through the generated BoxClient against a real
 * Tarantool 1.5: each updated tuple comes back as the operation defines it, field by field.
 */
import { beforeEach, expect, it } from "vitest";
import { BoxFlags, UpdateOp, type UpdateOperationInit } from "../../generated-examples/box.js";
import { describeTarantool15 } from "../support/tarantool15.js";
import { bytes, hex, num, num64, str, tuplesHex, useRealBox } from "./real/support.js";

/** SPLICE's argument: offset, length and the string to put there, each a field (Box.pm: `pack '(w/a*)*'`). */
function splice(offset: number, length: number, text: string): Uint8Array {
  const field = (b: Uint8Array) => Buffer.concat([Buffer.from([b.length]), b]);
  return new Uint8Array(Buffer.concat([field(num(offset)), field(num(length)), field(str(text))]));
}

describeTarantool15("real Tarantool 1.5: UPDATE", "UPDATE with every operation code, returned tuples compared field by field", () => {
  const real = useRealBox();
  const ID = 20;
  const key = { fields: [num(ID)] };
  // (id NUM, name STR, score NUM, counter 8 bytes, text, spare): fields 3.. are unindexed, so any bytes.
  const original = [num(ID), str("upd"), num(100), num64(1000n), str("hello"), str("spare")];

  beforeEach(async () => {
    await real.box().insert({ space: 0, tuple: { fields: original } });
  });

  /** Applies the operations with RETURN_TUPLE; the updated tuple's fields as hex. */
  async function update(...operations: UpdateOperationInit[]): Promise<string[]> {
    const updated = await real.box().update({ space: 0, flags: BoxFlags.RETURN_TUPLE, key, operations });
    expect(updated.count).toBe(1);
    return tuplesHex(updated.tuples)?.[0] ?? [];
  }

  const as = (...fields: Uint8Array[]): string[] => fields.map(hex);
  const [id, name, score, counter, text, spare] = original as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];

  it("SET assigns a field, and extends the tuple when the field is one past its end", async () => {
    expect(await update({ field: 1, op: UpdateOp.SET, argument: str("renamed") })).toEqual(as(id, str("renamed"), score, counter, text, spare));
    expect(real.last().request.body).toBe(bytes("00000000 01000000 01000000 0414000000 01000000 01000000 00 0772656e616d6564"));
    expect(await update({ field: 6, op: UpdateOp.SET, argument: str("new") })).toEqual(as(id, str("renamed"), score, counter, text, spare, str("new")));
  });

  it("ADD adds a signed 32-bit argument to a 32-bit field, and a 32- or 64-bit one to a 64-bit field", async () => {
    expect(await update({ field: 2, op: UpdateOp.ADD, argument: num(5) })).toEqual(as(id, name, num(105), counter, text, spare));
    expect(await update({ field: 2, op: UpdateOp.ADD, argument: num(-10) })).toEqual(as(id, name, num(95), counter, text, spare));
    expect(await update({ field: 3, op: UpdateOp.ADD, argument: num64(2n ** 40n) })).toEqual(as(id, name, num(95), num64(1000n + 2n ** 40n), text, spare));
    expect(await update({ field: 3, op: UpdateOp.ADD, argument: num(7) })).toEqual(as(id, name, num(95), num64(1007n + 2n ** 40n), text, spare));
  });

  it("AND, XOR and OR combine the argument's bits with the field's", async () => {
    // 100 = 0b1100100
    expect(await update({ field: 2, op: UpdateOp.AND, argument: num(0b0100110) })).toEqual(as(id, name, num(0b0100100), counter, text, spare));
    expect(await update({ field: 2, op: UpdateOp.XOR, argument: num(0b0000110) })).toEqual(as(id, name, num(0b0100010), counter, text, spare));
    expect(await update({ field: 2, op: UpdateOp.OR, argument: num(0xf0000000) })).toEqual(as(id, name, num(0xf0000022), counter, text, spare));
    expect(await update({ field: 3, op: UpdateOp.OR, argument: num64(2n ** 63n) })).toEqual(as(id, name, num(0xf0000022), num64(1000n + 2n ** 63n), text, spare));
  });

  it("SPLICE replaces a byte range of a field (Perl's splice)", async () => {
    expect(await update({ field: 4, op: UpdateOp.SPLICE, argument: splice(1, 3, "ipp") })).toEqual(as(id, name, score, counter, str("hippo"), spare));
    // The last operation of the request: field 4, op 5, a 14-byte argument of three fields.
    const operation = bytes("04000000 05 0e 0401000000 0403000000 03697070");
    expect(real.last().request.body.slice(-operation.length)).toBe(operation);
    expect(await update({ field: 4, op: UpdateOp.SPLICE, argument: splice(5, 0, "!") })).toEqual(as(id, name, score, counter, str("hippo!"), spare));
  });

  it("DELETE removes a field; INSERT puts a field before the given one", async () => {
    expect(await update({ field: 4, op: UpdateOp.DELETE, argument: new Uint8Array() })).toEqual(as(id, name, score, counter, spare));
    expect(await update({ field: 1, op: UpdateOp.INSERT, argument: str("first") })).toEqual(as(id, str("first"), name, score, counter, spare));
  });

  it("several operations apply in order, in one request", async () => {
    const fields = await update(
      { field: 2, op: UpdateOp.ADD, argument: num(1) },
      { field: 2, op: UpdateOp.ADD, argument: num(1) },
      { field: 4, op: UpdateOp.SPLICE, argument: splice(0, 1, "j") },
      { field: 5, op: UpdateOp.DELETE, argument: new Uint8Array() },
      { field: 1, op: UpdateOp.SET, argument: str("multi") },
    );
    expect(fields).toEqual(as(id, str("multi"), num(102), counter, str("jello")));
  });

  it("without RETURN_TUPLE only the count comes back; a missing key updates nothing", async () => {
    const updated = await real.box().update({ space: 0, key, operations: [{ field: 2, op: UpdateOp.SET, argument: num(1) }] });
    expect(updated).toEqual({ count: 1, tuples: undefined });
    expect(real.last().response.body).toBe(bytes("00000000 01000000"));
    const missing = await real.box().update({ space: 0, flags: BoxFlags.RETURN_TUPLE, key: { fields: [num(12345)] }, operations: [{ field: 2, op: UpdateOp.SET, argument: num(1) }] });
    expect(missing).toEqual({ count: 0, tuples: [] });
  });
});
