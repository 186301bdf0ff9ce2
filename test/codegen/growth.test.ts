/**
 * Generated code grows linearly with the schema (issue 14): a chain of nested fixed-size structs used to
 * be inlined whole into every level (100 levels: 13.7 MB, growing with the cube of the depth). Small
 * structs are still inlined; past the inline budget a struct's own codec is called. The deep output must
 * still encode and decode byte for byte.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/pipeline/compile.js";
import { GEN, generate, REPO } from "./support/generate.js";

const DIR = join(GEN, "growth-schemas");
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

/** `depth` structs, each holding the next and a u32; the last holds a u8. */
function chain(depth: number): string {
  const lines = Array.from({ length: depth - 1 }, (_, i) => `struct S${i} { a: S${i + 1}; b: u32; }`);
  lines.push(`struct S${depth - 1} { x: u8; }`);
  return `${lines.join("\n")}\n`;
}

function write(name: string, text: string): string {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, name);
  writeFileSync(path, text);
  return path;
}

async function outputBytes(depth: number): Promise<number> {
  const result = await compile([write(`chain${depth}.iproto`, chain(depth))], { cwd: REPO });
  expect(result.diagnostics).toEqual([]);
  return result.files.reduce((sum, f) => sum + Buffer.byteLength(f.text), 0);
}

describe("output grows linearly with nesting", () => {
  it("doubling the depth of a nested-struct chain at most about doubles the output", { timeout: 180_000 }, async () => {
    const [d50, d100, d200] = [await outputBytes(50), await outputBytes(100), await outputBytes(200)];
    // Linear growth doubles (names get a digit longer now and then); the old cubic growth gave ×8.
    expect(d100 / d50).toBeLessThan(2.5);
    expect(d200 / d100).toBeLessThan(2.5);
    expect(d200).toBeLessThan(2_000_000);
  });

  it("a 60-deep chain still round-trips byte for byte", { timeout: 120_000 }, async () => {
    const depth = 60;
    const schema = write("deep60.iproto", chain(depth));
    const dir = await generate("growth-deep60", [schema.slice(REPO.length)]);
    const mod = (await import(join(dir, "deep60.ts"))) as Record<string, (v: unknown) => unknown>;
    // Innermost first: S59 { x }, then S58 { a: S59, b }, …
    let value: Record<string, unknown> = { x: 7 };
    for (let i = depth - 2; i >= 0; i--) value = { a: value, b: i * 1000 + 1 };
    const encode = mod["encodeS0"] as (v: unknown) => Uint8Array;
    const decode = mod["decodeS0"] as (b: Uint8Array) => unknown;
    const bytes = encode(value);
    expect(bytes.length).toBe(1 + 4 * (depth - 1));
    // The wire layout is the fields in order: S0.a (all of S1…), then S0.b — so the innermost x comes first.
    expect(bytes[0]).toBe(7);
    expect(decode(bytes)).toEqual(value);
  });
});
