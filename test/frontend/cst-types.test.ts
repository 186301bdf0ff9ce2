/**
 * compiler/parser/grammar/cst.ts, the types of the parser's CST that the AST builder reads, is generated
 * from the grammar by Chevrotain's generateCstDts and committed. Here it is generated again: a grammar
 * change that leaves it stale fails, so the builder's typed reads always match the parser's output.
 * UPDATE_GOLDENS=1 rewrites the file; review the change, then fix what no longer type-checks.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateCstDts } from "../../compiler/lexer/chevrotain.js";
import { expect, it } from "vitest";
import { parser, validateGrammar } from "../../compiler/parser/grammar/parser.js";

const PATH = join(import.meta.dirname, "../../compiler/parser/grammar/cst.ts");
const UPDATE = process.env["UPDATE_GOLDENS"] === "1";

const HEADER = [
  "// Generated from the grammar (parser.ts) by Chevrotain's generateCstDts: do not edit by hand.",
  "// test/frontend/cst-types.test.ts fails when it is stale; UPDATE_GOLDENS=1 on that test rewrites it.",
  "",
].join("\n");

it("the committed CST types are what the grammar generates", () => {
  const generated = HEADER + generateCstDts(parser().getGAstProductions());
  if (UPDATE) writeFileSync(PATH, generated);
  expect(readFileSync(PATH, "utf8")).toBe(generated);
});

it("the grammar passes Chevrotain's checks (the shared parser skips them)", () => {
  // Ambiguous alternatives or left recursion would throw here, not in users' runs.
  expect(() => validateGrammar()).not.toThrow();
});
