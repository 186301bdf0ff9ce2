/**
 * Parsing a clean file a few statements at a time (parser/parse-pieces.ts) must give exactly the tree and
 * diagnostics of a whole parse — spans, comments, docs, the builder's own diagnostics — whatever the size
 * of the pieces, long services cut between their members included; and a file with a syntax error in any
 * piece must get the whole parse's diagnostics, each once.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { bigSchema } from "../../bench/big-schema.js";
import { parseSchema } from "../../compiler/parser/parse.js";
import { seeded } from "../support/seeded.js";

const SCHEMAS = join(import.meta.dirname, "../../schemas");
const TEXTS: Record<string, string> = {
  ...Object.fromEntries(
    readdirSync(SCHEMAS, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".iproto"))
      .map((f) => [f, readFileSync(join(SCHEMAS, f), "utf8")]),
  ),
  "big.iproto": bigSchema(40),
};

/** Tokens per piece: each statement alone, each service member alone, a few, the default. */
const SIZES = [1, 2, 7, 64, undefined];

function expectSameAsWhole(path: string, text: string, pieceTokens: number | undefined): void {
  const whole = parseSchema(path, text, { pieceTokens: 0 });
  const pieces = parseSchema(path, text, pieceTokens === undefined ? {} : { pieceTokens });
  // isDeepStrictEqual first: toEqual alone would print a million-line diff of a big tree.
  if (!isDeepStrictEqual(pieces.ast, whole.ast)) expect(pieces.ast, `${path}, pieces of ${pieceTokens}`).toEqual(whole.ast);
  expect(pieces.diagnostics, `${path}, pieces of ${pieceTokens}`).toEqual(whole.diagnostics);
}

describe("parsing in pieces", () => {
  it("gives the whole parse's tree for every schema of the repository and a generated service", () => {
    for (const [path, text] of Object.entries(TEXTS)) {
      for (const size of SIZES) expectSameAsWhole(path, text, size);
    }
    // The service of the generated schema is long enough to be cut at the default size too.
    expect(TEXTS["big.iproto"]?.length).toBeGreaterThan(10_000);
  });

  it("keeps the builder's diagnostics (bad escapes, literals, words after `as`, a misplaced package)", () => {
    const text = [
      "const A: u8 = 0x;",
      'const B: string = "\\q";',
      "struct S {\n  a: u64 as text;\n}",
      "package late;",
      "service Svc {\n  message M = 1 {\n    request { a: u8; }\n  }\n  message N = 0b12 {\n    request { b: u8; }\n  }\n}",
    ].join("\n");
    const codes = parseSchema("b.iproto", text).diagnostics.map((d) => d.code);
    expect(codes).toEqual(["E0005", "E0004", "E0008", "E0010", "E0005"]);
    for (const size of SIZES) expectSameAsWhole("b.iproto", text, size);
  });

  it("falls back to the whole parse at a syntax error in any piece, each diagnostic once", () => {
    const random = seeded(0x9ce5);
    const text = TEXTS["big.iproto"] ?? "";
    for (let i = 0; i < 40; i++) {
      // A `}` or `;` dropped, or a word added, somewhere after a literal the builder reports.
      const at = Math.floor(random() * text.length);
      const broken = 'const Q: string = "\\q";\n' + text.slice(0, at) + ["", " oops ", "{"][i % 3] + text.slice(at + (i % 3 === 0 ? 1 : 0));
      for (const size of [1, 64, undefined]) expectSameAsWhole("big.iproto", broken, size);
      const escapes = parseSchema("big.iproto", broken, { pieceTokens: 7 }).diagnostics.filter((d) => d.code === "E0004");
      expect(escapes).toHaveLength(1);
    }
  });
});
