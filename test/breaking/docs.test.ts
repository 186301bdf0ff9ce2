/** docs/cli.md lists every breaking rule, in order, with the summary rules.ts gives it. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_BREAKING_RULES, BREAKING_RULES } from "../../compiler/breaking/rules.js";

describe("docs/cli.md and the breaking rules", () => {
  it("every rule is documented with its summary, and nothing else", () => {
    const doc = readFileSync(join(import.meta.dirname, "../../docs/cli.md"), "utf8");
    const listed = [...doc.matchAll(/^\| `(B\d{3})` \| (.*) \|$/gm)].map((m) => [m[1], m[2]]);
    expect(listed).toEqual(ALL_BREAKING_RULES.map((rule) => [rule, BREAKING_RULES[rule]]));
  });
});
