/**
 * A syntax tree parsed once may be checked again (`--watch` keeps the parses of unchanged files,
 * checks/load.ts ParseCache): checking it a second time must give the same diagnostics and the same
 * models, so nothing the checks compute may be kept on the tree itself.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ParseCache } from "../../compiler/checks/load.js";
import { checkProgram } from "../../compiler/checks/program.js";
import { formatDiagnostics } from "../../compiler/diagnostics/render.js";
import { fileSystemHostAt } from "../../compiler/pipeline/source-host.js";
import { compile } from "../../compiler/pipeline/compile.js";

const ERRORS = join(import.meta.dirname, "errors");
const REPO = join(import.meta.dirname, "../..");

describe("checking a tree parsed before", () => {
  it("reports the same diagnostics for every broken sample", () => {
    const cases = readdirSync(ERRORS, { withFileTypes: true }).filter((d) => d.isDirectory());
    let reparsed = 0;
    for (const c of cases) {
      const host = fileSystemHostAt(join(ERRORS, c.name));
      const parses: ParseCache = new Map();
      const text = () => {
        const r = checkProgram(["input.iproto"], host, { parses });
        return formatDiagnostics(r.diagnostics, { sources: r.sources });
      };
      const first = text();
      if (parses.size > 0) reparsed++;
      expect(text(), c.name).toBe(first);
    }
    // Samples whose input can't be read parse nothing; all the others were checked twice from one parse.
    expect(reparsed).toBeGreaterThan(90);
  });

  it("builds the same program from the repository's schemas (enum backings, constants)", async () => {
    const parses: ParseCache = new Map();
    const host = fileSystemHostAt(REPO);
    const entries = ["schemas/box.iproto", "schemas/users.iproto", "schemas/everything.iproto"];
    const fresh = await compile(entries, { host });
    await compile(entries, { host, cache: { parses } });
    const again = await compile(entries, { host, cache: { parses } });
    expect(again.files).toEqual(fresh.files);
  });
});
