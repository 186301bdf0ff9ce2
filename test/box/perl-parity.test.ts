/**
 * boxTupleFormat against MR::Tarantool::Box itself (box-peer.pl, one perl process for the file): which
 * formats `_make_unpack_format` accepts, the bytes of every field as Box packs them (and as its own Insert
 * sends them), and the values Box's `unpack_format` reads from a tuple's wire bytes.
 */
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { boxTupleFormat, type BoxFieldInput, type BoxFieldValue } from "../../runtime/index.js";
import { PerlPeer } from "../pack/perl-peer.js";
import { fieldsCase, formatCase, valuesCase } from "./gen.js";

const peer = new PerlPeer(fileURLToPath(new URL("./box-peer.pl", import.meta.url)), 10_000);
afterAll(() => peer.close());

const seed = Number(process.env["BOX_SEED"] ?? Date.now() % 2 ** 31);
const sample = <T>(arb: fc.Arbitrary<T>, numRuns: number): T[] => fc.sample(arb, { numRuns, seed });

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const utf8 = new TextEncoder();

function valueToken(v: BoxFieldInput): string {
  if (typeof v === "number") {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(v);
    return `d:${b.toString("hex")}`;
  }
  if (typeof v === "bigint") return `i:${v}`;
  if (typeof v === "string") return `t:${hex(utf8.encode(v))}`;
  return `b:${hex(v)}`;
}

/** How box-peer.pl writes an unpacked value: by the field's letter, which the value's type tells. */
function unpackedToken(v: BoxFieldValue): string {
  if (typeof v === "string") return `t:${hex(utf8.encode(v))}`;
  if (v instanceof Uint8Array) return `b:${hex(v)}`;
  return `i:${v}`;
}

const formatHex = (format: string): string => `h${hex(utf8.encode(format))}`;
const request = (op: string, format: string, tokens: readonly string[]): string => [op, formatHex(format), ...tokens].join(" ");
const ourFields = (fields: readonly Uint8Array[]): string => ["OK", ...fields.map((f) => `h${hex(f)}`)].join(" ");

function accepts(format: string): boolean {
  try {
    boxTupleFormat(format);
    return true;
  } catch {
    return false;
  }
}

describe(`MR::Tarantool::Box parity (seed ${seed})`, () => {
  it("accepts exactly the formats _make_unpack_format accepts, less those without a field", async () => {
    const noise = fc.string({ unit: fc.constantFrom(..."QqLlSsCc&$()**  \txXAaNn"), maxLength: 9 });
    const formats = [...sample(noise, 1500), ...sample(formatCase, 300).map((f) => f.format), "", " ", "*", " * ", "()*"];
    const answers = await peer.ask(formats.map((f) => request("F", f, [])));
    const problems: string[] = [];
    formats.forEach((format, i) => {
      const perl = answers[i] === "OK";
      // Perl takes a format with no field and dies on the first INSERT ("Illegal modulus zero").
      const expected = perl && !/^[\s]*\*?[\s]*$/.test(format);
      const ours = accepts(format);
      if (ours !== expected) problems.push(`${JSON.stringify(format)}: perl ${answers[i]}, ours ${ours ? "OK" : "ERR"}`);
    });
    expect(problems.slice(0, 5), `${problems.length} disagreements`).toEqual([]);
    expect(answers.filter((a) => a === "OK").length).toBeGreaterThan(300);
  });

  it("packs every field to Box's bytes, long tuples included", async () => {
    const cases = sample(valuesCase(), 1500);
    const answers = await peer.ask(cases.map((c) => request("P", c.format, c.values.map(valueToken))));
    const problems: string[] = [];
    cases.forEach((c, i) => {
      const ours = ourFields(boxTupleFormat(c.format).pack(c.values));
      if (ours !== answers[i]) problems.push(`${JSON.stringify(c.format)} ${c.values.map(valueToken).join(" ")}: perl ${answers[i]}, ours ${ours}`);
    });
    expect(problems.slice(0, 5), `${problems.length} mismatches`).toEqual([]);
  });

  it("sends the fields Box's own Insert sends, wherever Insert counts the tail as its unpack does", async () => {
    // Insert picks a tail field's letter by its index from 0, not from the end of the fixed fields: the
    // same thing only when the fixed part is a whole number of tail groups (the next test shows the rest).
    const cases = sample(valuesCase(), 800).filter((c) => c.repeated.length === 0 || c.fixed.length % c.repeated.length === 0);
    expect(cases.length).toBeGreaterThan(300);
    const answers = await peer.ask(cases.map((c) => request("I", c.format, c.values.map(valueToken))));
    const problems: string[] = [];
    cases.forEach((c, i) => {
      const ours = ourFields(boxTupleFormat(c.format).pack(c.values));
      if (ours !== answers[i]) problems.push(`${JSON.stringify(c.format)} ${c.values.map(valueToken).join(" ")}: perl ${answers[i]}, ours ${ours}`);
    });
    expect(problems.slice(0, 5), `${problems.length} mismatches`).toEqual([]);
  });

  it("lays out L(L$)* as Box's unpack reads it, where Box's Insert would pack the tail shifted", async () => {
    const format = boxTupleFormat("L(L$)*");
    const values: [number, number, string] = [1, 2, "ab"];
    const tokens = values.map(valueToken);
    const [packed, inserted] = await peer.ask([request("P", "L(L$)*", tokens), request("I", "L(L$)*", tokens)]);
    const ours = format.pack(values);
    expect(ourFields(ours)).toBe(packed);
    expect(ours.map(hex)).toEqual(["01000000", "02000000", "6162"]);
    // Insert packs field 1 with the tail's letter 1 % 2 (`$`: the text "2") and field 2 with `L` ("ab" is 0).
    expect(inserted).toBe("OK h01000000 h32 h00000000");
    // Box reads what we write back as the values we packed.
    const [read] = await peer.ask([request("U", "L(L$)*", ours.map((f) => `h${hex(f)}`))]);
    expect(read).toBe(`OK ${values.map((v) => unpackedToken(v)).join(" ")}`);
  });

  it("unpacks any tuple's fields to the values Box's unpack_format gives", async () => {
    const cases = sample(fieldsCase, 1500);
    const answers = await peer.ask(cases.map((c) => request("U", c.format, c.fields.map((f) => `h${hex(f)}`))));
    const problems: string[] = [];
    let emptyTails = 0;
    cases.forEach((c, i) => {
      const ours = ["OK", ...boxTupleFormat(c.format).unpack(c.fields).map(unpackedToken)].join(" ");
      // Box.pm croaks on a long tuple with an empty tail (its `(xL)*` wants a byte to skip); its docs
      // promise the fixed fields and an empty tail, which is what we give.
      if (c.repeated.length > 0 && c.fields.length === c.fixed.length) {
        emptyTails++;
        if (!answers[i]?.startsWith("ERR")) problems.push(`${JSON.stringify(c.format)} with an empty tail: perl ${answers[i]}`);
        return;
      }
      if (ours !== answers[i]) problems.push(`${JSON.stringify(c.format)} ${c.fields.map(hex).join(" ")}: perl ${answers[i]}, ours ${ours}`);
    });
    expect(problems.slice(0, 5), `${problems.length} mismatches`).toEqual([]);
    expect(emptyTails).toBeLessThan(cases.length / 2);
  });
});
