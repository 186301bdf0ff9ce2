/**
 * Broken schemas and their exact diagnostics. Each folder under test/frontend/errors/ holds input.iproto
 * (plus any files it imports) and expected.txt, the text-format output of checking input.iproto.
 * UPDATE_GOLDENS=1 rewrites expected.txt; review every change by eye.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_CODES, DIAGNOSTIC_CODES } from "../../compiler/diagnostics/codes.js";
import { formatDiagnostics } from "../../compiler/diagnostics/render.js";
import { checkProgram } from "../../compiler/checks/program.js";
import { fileSystemHostAt } from "../../compiler/pipeline/source-host.js";

const ROOT = join(import.meta.dirname, "errors");
const UPDATE = process.env["UPDATE_GOLDENS"] === "1";
const cases = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function run(name: string): string {
  const dir = join(ROOT, name);
  // The real file-system host, rooted in the sample's folder: refusals (devices, FIFOs) are its job.
  const result = checkProgram(["input.iproto"], fileSystemHostAt(dir));
  expect(result.program).toBeUndefined();
  return formatDiagnostics(result.diagnostics, { sources: result.sources });
}

describe("broken schemas report exactly their expected diagnostics", () => {
  it("there are enough samples", () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
  });
  for (const name of cases) {
    it(name, () => {
      const actual = run(name);
      const expectedPath = join(ROOT, name, "expected.txt");
      if (UPDATE || !existsSync(expectedPath)) writeFileSync(expectedPath, actual);
      expect(actual).toBe(readFileSync(expectedPath, "utf8"));
      expect(actual).not.toBe("");
    });
  }
});

describe("every diagnostic code has a sample", () => {
  it("covers all codes of compiler/diagnostics/codes.ts", () => {
    const seen = new Set<string>();
    for (const name of cases) {
      const path = join(ROOT, name, "expected.txt");
      if (!existsSync(path)) continue;
      for (const match of readFileSync(path, "utf8").matchAll(/error\[(E\d{4})\]/g)) if (match[1]) seen.add(match[1]);
    }
    const missing = ALL_CODES.filter((c) => !seen.has(c));
    expect(missing).toEqual([]);
  });

  it("each sample is named after the first code it shows", () => {
    for (const name of cases) {
      const path = join(ROOT, name, "expected.txt");
      if (!existsSync(path)) continue;
      const first = /error\[(E\d{4})\]/.exec(readFileSync(path, "utf8"))?.[1];
      expect(name.startsWith(`${first?.toLowerCase() ?? "?"}-`) || name.startsWith("recovery-"), name).toBe(true);
    }
  });
});

describe("docs/cli.md lists every code", () => {
  it("with its summary", () => {
    const doc = readFileSync(join(import.meta.dirname, "../../docs/cli.md"), "utf8");
    const missing = ALL_CODES.filter((code) => !doc.includes(`| \`${code}\` | ${DIAGNOSTIC_CODES[code].replaceAll("|", "\\|")} |`));
    expect(missing).toEqual([]);
    const listed = [...doc.matchAll(/^\| `(E\d{4})` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual([...ALL_CODES]);
  });
});
