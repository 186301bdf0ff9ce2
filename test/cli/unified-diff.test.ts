/**
 * `format --diff`'s unified diff (compiler/cli/support/unified-diff.ts): applying its hunks to the old
 * text gives the new one, for random edits; hunks keep three lines of context and merge when close.
 */
import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../../compiler/cli/support/unified-diff.js";
import { seeded } from "../support/seeded.js";

/** Applies a unified diff of one file to `old`, checking every context and removed line. */
function apply(old: string, diff: string): string {
  const source = old.split("\n");
  const out: string[] = [];
  let at = 0; // next source line, 0-based
  const lines = diff.split("\n").slice(2, -1); // after ---/+++, before the final ""
  for (const line of lines) {
    const hunk = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(line);
    if (hunk) {
      const start = Number(hunk[2]) === 0 ? Number(hunk[1]) : Number(hunk[1]) - 1;
      while (at < start) out.push(source[at++]!);
      continue;
    }
    if (line === "\\ No newline at end of file") continue;
    if (line.startsWith("+")) out.push(line.slice(1));
    else {
      expect(source[at]).toBe(line.slice(1));
      at++;
      if (line.startsWith(" ")) out.push(line.slice(1));
    }
  }
  while (at < source.length) out.push(source[at++]!);
  return out.join("\n");
}

describe("unifiedDiff", () => {
  it("equal texts: no diff", () => {
    expect(unifiedDiff("a", "x\n", "x\n")).toBe("");
  });

  it("context of three lines; changes far apart make two hunks, close ones one (as GNU diff -u)", () => {
    const old = Array.from({ length: 20 }, (_, i) => `l${i}`).join("\n") + "\n";
    const far = old.replace("l2\n", "L2\n").replace("l17\n", "L17\n");
    expect(unifiedDiff("f", old, far).match(/^@@ .*$/gm)).toEqual(["@@ -1,6 +1,6 @@", "@@ -15,6 +15,6 @@"]);
    const near = old.replace("l5\n", "L5\n").replace("l10\n", "L10\n");
    expect(unifiedDiff("f", old, near).match(/^@@ .*$/gm)).toEqual(["@@ -3,12 +3,12 @@"]);
  });

  it("a missing final newline is marked", () => {
    expect(unifiedDiff("f", "a", "a\n")).toBe("--- a/f\n+++ b/f\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+a\n");
  });

  it("applying the diff to the old text gives the new one (500 random edits)", () => {
    const random = seeded(13);
    const pick = (n: number): number => Math.floor(random() * n);
    for (let round = 0; round < 500; round++) {
      const a = Array.from({ length: pick(40) }, () => "abcde"[pick(5)]!);
      const b = a.slice();
      for (let e = pick(6); e > 0; e--) {
        if (pick(2) === 0) b.splice(pick(b.length + 1), 1);
        else b.splice(pick(b.length + 1), 0, "abcdef"[pick(6)]!);
      }
      const before = a.join("\n") + "\n";
      const after = b.join("\n") + "\n";
      const diff = unifiedDiff("f", before, after);
      expect(diff === "").toBe(before === after);
      if (diff !== "") expect(apply(before, diff)).toBe(after);
    }
  });
});
