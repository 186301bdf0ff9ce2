/**
 * boxTupleFormat on its own: round trips, long tuples, refused formats, wrong counts, lengths and value
 * types, single fields, and the value types a literal format gives (checked by tsc with the repository).
 */
import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import { ArgumentError, DecodeError, EncodeError, boxTupleFormat, type BoxFieldValue } from "../../runtime/index.js";
import { fieldsCase, valuesCase } from "./gen.js";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, "hex"));

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("round trips", () => {
  it("unpack gives back the values pack took, for values each letter holds exactly", () => {
    fc.assert(
      fc.property(valuesCase(true), ({ format, values }) => {
        const tuple = boxTupleFormat(format);
        expect(tuple.unpack(tuple.pack(values))).toEqual(values);
      }),
      { numRuns: 500 },
    );
  });

  it("pack gives back the bytes unpack read, for any tuple of the format", () => {
    fc.assert(
      fc.property(fieldsCase, ({ format, fields }) => {
        const tuple = boxTupleFormat(format);
        expect(tuple.pack(tuple.unpack(fields)).map(hex)).toEqual(fields.map(hex));
      }),
      { numRuns: 500 },
    );
  });

  it("packs each field by its letter, little-endian as Perl on x86", () => {
    const tuple = boxTupleFormat("QqLlSsCc&$");
    const fields = tuple.pack([2n ** 64n - 1n, -2n, 0xdeadbeef, -1, 0x1234, -2, 0xab, -128, bytes("00ff"), "жук"]);
    expect(fields.map(hex)).toEqual([
      "ffffffffffffffff", "feffffffffffffff", "efbeadde", "ffffffff", "3412", "feff", "ab", "80", "00ff", "d0b6d183d0ba",
    ]);
    expect(tuple.unpack(fields)).toEqual([2n ** 64n - 1n, -2n, 0xdeadbeef, -1, 0x1234, -2, 0xab, -128, bytes("00ff"), "жук"]);
  });

  it("wraps out-of-range numbers and truncates fractions as Perl's pack does; Q takes numbers too", () => {
    const tuple = boxTupleFormat("CLlQ");
    expect(tuple.pack([300, -1, 2.9, 7]).map(hex)).toEqual(["2c", "ffffffff", "02000000", "0700000000000000"]);
    expect(tuple.unpack(tuple.pack([300, -1, -2.9, 7]))).toEqual([44, 0xffffffff, -2, 7n]);
  });

  it("copies bytes both ways: the caller's arrays and the tuple's fields stay its own", () => {
    const tuple = boxTupleFormat("&");
    const value = bytes("0102");
    const [field] = tuple.pack([value]);
    value[0] = 9;
    expect(hex(field!)).toBe("0102");
    const [read] = tuple.unpack([field!]);
    field![1] = 9;
    expect(hex(read!)).toBe("0102");
  });
});

describe("long tuples", () => {
  it("repeats a trailing group after the fixed fields, any number of times", () => {
    const tuple = boxTupleFormat("L&C(L$)*");
    expect(tuple.fixed).toEqual(["L", "&", "C"]);
    expect(tuple.repeated).toEqual(["L", "$"]);
    for (const values of [
      [1, bytes("aa"), 3],
      [1, bytes("aa"), 3, 4, "d"],
      [1, bytes("aa"), 3, 4, "d", 5, "e"],
    ] satisfies [number, Uint8Array, number, ...(number | string)[]][]) {
      const fields = tuple.pack(values);
      expect(fields.length).toBe(values.length);
      expect(tuple.unpack(fields)).toEqual(values);
    }
    expect([3, 4, 5, 6, 7].map((i) => tuple.letterAt(i))).toEqual(["L", "$", "L", "$", "L"]);
  });

  it("repeats the last letter after a bare `*`, from zero times", () => {
    const tuple = boxTupleFormat("L$*");
    expect(tuple.fixed).toEqual(["L"]);
    expect(tuple.repeated).toEqual(["$"]);
    expect(tuple.unpack(tuple.pack([7]))).toEqual([7]);
    expect(tuple.unpack(tuple.pack([7, "a", "b", "c"]))).toEqual([7, "a", "b", "c"]);
    expect(boxTupleFormat("L*").pack([])).toEqual([]);
  });

  it("refuses counts between whole groups, and short tuples", () => {
    const tuple = boxTupleFormat("L&C(L$)*");
    for (const count of [0, 2, 4, 6]) {
      const error = thrown(() => tuple.unpack(Array.from({ length: count }, () => new Uint8Array(4))));
      expect(error).toBeInstanceOf(DecodeError);
      expect((error as DecodeError).message).toContain(`${count} fields, the format has 3, then groups of 2`);
    }
    expect(thrown(() => tuple.pack([1, bytes(""), 3, 4] as never))).toBeInstanceOf(EncodeError);
  });

  it("takes exactly the format's count when there is no tail (a trailing `&*` takes any extra fields)", () => {
    const tuple = boxTupleFormat("L$");
    const error = thrown(() => tuple.unpack([bytes("01000000"), bytes(""), bytes("")]));
    expect(error).toMatchObject({ name: "DecodeError", code: "EDECODE", messageName: 'boxTupleFormat("L$")' });
    expect((error as Error).message).toContain("3 fields, the format has 2");
    expect(thrown(() => tuple.pack([1] as never))).toMatchObject({ name: "EncodeError", code: "EENCODE" });
    expect(boxTupleFormat("L$&*").unpack([bytes("01000000"), bytes("61"), bytes("ff"), bytes("")])).toEqual([1, "a", bytes("ff"), bytes("")]);
  });
});

describe("formats", () => {
  it("drops whitespace as Perl does", () => {
    const tuple = boxTupleFormat(" L \t$\n( C q ) * ");
    expect([tuple.fixed, tuple.repeated]).toEqual([["L", "$"], ["C", "q"]]);
    expect(tuple.format).toBe(" L \t$\n( C q ) * ");
  });

  it.each([
    ["", 0, "a format needs at least one field"],
    ["  ", 2, "a format needs at least one field"],
    ["*", 0, "`*` repeats the last field, and there is none"],
    ["Lx", 1, "`x` is not a field letter (Q q L l S s C c & $)"],
    ["L n", 2, "`n` is not a field letter"],
    ["L\u00a0$", 1, "is not a field letter"],
    ["L(L)", 4, "a `(…)` group must be followed by `*`"],
    ["L(L)$*", 4, "a `(…)` group must be followed by `*`"],
    ["L**", 2, "nothing may follow the `*` that ends a format"],
    ["(L)*L", 4, "nothing may follow the `*` that ends a format"],
    ["L*$", 2, "nothing may follow the `*` that ends a format"],
    ["()*", 1, "a group needs at least one letter"],
    ["L((L))*", 2, "groups do not nest"],
    ["L(L*)", 3, "`*` inside a group"],
    ["L)", 1, "`)` without `(`"],
    ["L(L", 3, "unclosed `(`"],
    ["L(L)(L)*", 4, "a `(…)` group must be followed by `*`"],
  ])("refuses %j at %i: %s", (format, at, reason) => {
    const error = thrown(() => boxTupleFormat(format as string));
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error).toMatchObject({ code: "EINVAL" });
    expect((error as Error).message).toContain(`bad Box tuple format ${JSON.stringify(format)} at ${at}: `);
    expect((error as Error).message).toContain(reason);
  });
});

describe("bad fields and values", () => {
  const tuple = boxTupleFormat("QqLlSsCc&$");
  const good = ["0100000000000000", "0100000000000000", "01000000", "01000000", "0100", "0100", "01", "01", "", ""].map(bytes);

  it.each([0, 1, 2, 3, 4, 5, 6, 7])("refuses a numeric field %i one byte short or long", (i) => {
    for (const delta of [-1, 1]) {
      const fields = good.slice();
      fields[i] = new Uint8Array(good[i]!.length + delta);
      const error = thrown(() => tuple.unpack(fields));
      expect(error).toBeInstanceOf(DecodeError);
      expect(error).toMatchObject({ code: "EDECODE", path: `fields[${i}]` });
      expect((error as Error).message).toContain(`takes ${good[i]!.length} bytes, the field has ${good[i]!.length + delta}`);
    }
  });

  it("refuses a `$` field that is not UTF-8, and reads the same bytes as `&`", () => {
    const fields = good.slice();
    fields[9] = bytes("c3");
    expect(thrown(() => tuple.unpack(fields))).toMatchObject({ name: "DecodeError", path: "fields[9]" });
    expect(boxTupleFormat("&").unpack([bytes("c3")])).toEqual([bytes("c3")]);
  });

  it("refuses a value of the wrong type for its letter, naming the field", () => {
    const cases: [number, unknown, string][] = [
      [0, "1", "`Q` takes a bigint or a number, not a string"],
      [2, 1n << 80n, ""], // a bigint is a number to Perl: clamped, not refused
      [2, "1", "`L` takes a number, not a string"],
      [6, undefined, "`C` takes a number, not undefined"],
      [8, "ab", "`&` takes a Uint8Array, not a string"],
      [9, bytes("61"), "`$` takes a string, not a Uint8Array"],
      [9, 1, "`$` takes a string, not a number"],
    ];
    for (const [i, value, reason] of cases) {
      const values: unknown[] = [1n, 1n, 1, 1, 1, 1, 1, 1, bytes(""), ""];
      values[i] = value;
      if (reason === "") {
        expect(tuple.pack(values as never)[i]!.length).toBe(4);
        continue;
      }
      const error = thrown(() => tuple.pack(values as never));
      expect(error).toBeInstanceOf(EncodeError);
      expect(error).toMatchObject({ code: "EENCODE", path: `fields[${i}]` });
      expect((error as Error).message).toContain(reason);
    }
    expect(thrown(() => tuple.pack([1n, 1n, Number.NaN, 1, 1, 1, 1, 1, bytes(""), ""]))).toBeInstanceOf(EncodeError);
  });
});

describe("single fields: keys and UPDATE arguments", () => {
  const users = boxTupleFormat("L$L");
  const long = boxTupleFormat("L(&Q)*");

  it("packs and unpacks one field by its index", () => {
    expect(hex(users.packField(0, 7))).toBe("07000000");
    expect(hex(users.packField(1, "bob"))).toBe("626f62");
    expect(users.unpackField(2, bytes("0f000000"))).toBe(15);
    expect(hex(long.packField(4, 5n))).toBe("0500000000000000");
    expect(long.unpackField(3, bytes("ff"))).toEqual(bytes("ff"));
  });

  it("refuses an index the format has no field for", () => {
    for (const index of [3, -1, 1.5, Number.NaN]) {
      expect(thrown(() => users.letterAt(index))).toMatchObject({ name: "ArgumentError", code: "EINVAL" });
    }
    expect(thrown(() => users.packField(3 as 0, 1))).toBeInstanceOf(ArgumentError);
    expect([long.letterAt(1001), long.letterAt(1002)]).toEqual(["&", "Q"]);
    expect(thrown(() => users.unpackField(0, bytes("00")))).toMatchObject({ name: "DecodeError", path: "fields[0]" });
  });
});

describe("types", () => {
  it("types a literal format's values by position, and a run-time format's as the union", () => {
    const users = boxTupleFormat("L$L");
    expectTypeOf(users.unpack).returns.toEqualTypeOf<[number, string, number]>();
    expectTypeOf(users.pack).parameter(0).toEqualTypeOf<[number, string, number]>();
    expectTypeOf(users.unpackField<1>).returns.toEqualTypeOf<string>();
    const long = boxTupleFormat("Q & C ( L $ ) *");
    expectTypeOf(long.unpack).returns.toEqualTypeOf<[bigint, Uint8Array, number, ...(number | string)[]]>();
    expectTypeOf(long.pack).parameter(0).toEqualTypeOf<[bigint | number, Uint8Array, number, ...(number | string)[]]>();
    expectTypeOf(boxTupleFormat("qL*").unpack).returns.toEqualTypeOf<[bigint, ...number[]]>();
    const runtime: string = "L";
    expectTypeOf(boxTupleFormat(runtime).unpack).returns.toEqualTypeOf<BoxFieldValue[]>();
    expect(users.format).toBe("L$L");
  });

  it("does not compile a literal format Box refuses (and refuses it at run time)", () => {
    // @ts-expect-error `x` is not a letter
    expect(() => boxTupleFormat("Lx")).toThrow(ArgumentError);
    // @ts-expect-error no field
    expect(() => boxTupleFormat("*")).toThrow(ArgumentError);
    // @ts-expect-error a group needs its `*`
    expect(() => boxTupleFormat("L(L)")).toThrow(ArgumentError);
    // @ts-expect-error `$` takes a string
    expect(() => boxTupleFormat("L$L").pack([1, 2, 3])).toThrow(EncodeError);
  });
});
