/**
 * `breaking` over generated corpora: a schema never breaks against itself or against its formatted
 * text, even with --strict-names; random edits never make the comparison throw, every finding is
 * located in the new files with its old location in the old files, and a field renamed in a message
 * layout is reported only under --strict-names.
 */
import { describe, expect, it } from "vitest";
import { formatSchema } from "../../compiler/format/format.js";
import { checkProgram } from "../../compiler/checks/program.js";
import { generateSchemaTokens } from "../format/support/gen-schema.js";
import { Random } from "../format/support/random.js";
import { scatter } from "../format/support/scatter.js";
import { compare, NEW, OLD } from "./support.js";

function generated(seed: number): string {
  const r = new Random(seed);
  return scatter(r, generateSchemaTokens(r, seed), { comments: 0.05 });
}

function valid(text: string): boolean {
  return checkProgram(["g.iproto"], { readFile: () => text }).program !== undefined;
}

describe("breaking: generated schemas", () => {
  it("nothing breaks against itself or its formatted text, even with --strict-names", () => {
    for (let seed = 1; seed <= 120; seed++) {
      const text = generated(seed);
      const formatted = formatSchema("g.iproto", text);
      if (!formatted.ok) throw new Error(`seed ${seed} does not parse`);
      expect(compare(text, text, { strict: true }).diagnostics, `seed ${seed}`).toEqual([]);
      expect(compare(text, formatted.text, { strict: true }).diagnostics, `seed ${seed}, formatted`).toEqual([]);
    }
  });

  it("random edits: no throw, findings located in the right files, renames only with --strict-names", () => {
    let compared = 0;
    let breaking = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const r = new Random(seed * 31 + 7);
      const tokens = generateSchemaTokens(new Random(seed), seed);
      const old = tokens.join(" ");
      const edited = [...tokens];
      const at = r.int(0, edited.length - 1);
      const word = edited[at] ?? "";
      // One edit: an integer type swapped, a field name changed, or a literal changed.
      if (/^[ui](8|16|32|64)(be|le)?$/.test(word)) edited[at] = r.pick(["u8", "i16", "u32be", "i64"]);
      else if (/^[0-9]/.test(word)) edited[at] = String(r.int(1, 9));
      else if (edited[at + 1] === ":" && /^[a-z]/.test(word)) edited[at] = `${word}_renamed`;
      const neu = edited.join(" ");
      if (!valid(neu)) continue;
      const loose = compare(old, neu);
      const strict = compare(old, neu, { strict: true });
      compared++;
      for (const d of [...loose.diagnostics, ...strict.diagnostics]) {
        expect(d.span.file).toBe(NEW);
        expect(d.related?.[0]?.span.file).toBe(OLD);
        expect(d.code).toMatch(/^B0\d\d$/);
      }
      if (loose.diagnostics.some((d) => d.severity === "error")) breaking++;
      if (edited[at] === `${word}_renamed`) {
        expect(loose.diagnostics.filter((d) => /^B07/.test(d.code))).toEqual([]);
        // A rename in a message layout is always seen; in a struct no message uses, nothing is on the wire.
        if (at > tokens.indexOf("service")) expect(strict.diagnostics.some((d) => d.code === "B070" || d.code === "B052")).toBe(true);
      }
    }
    expect(compared).toBeGreaterThan(80);
    expect(breaking).toBeGreaterThan(10);
  });
});
