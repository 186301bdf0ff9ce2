/**
 * Generated code in TypeScript's idiom (issue 13): the message code keeps the schema's spelling.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/pipeline/compile.js";

/** Compiles one in-memory schema; returns the generated module's text. */
async function generated(schema: string): Promise<string> {
  const result = await compile(["s.iproto"], { host: { readFile: (p) => (p === "s.iproto" ? schema : undefined) } });
  expect(result.diagnostics).toEqual([]);
  return result.files.find((f) => f.path === "s.ts")!.text;
}

describe("message codes", () => {
  it("keep the schema's spelling: hex stays hex, separators stay, a constant becomes its value", async () => {
    const text = await generated(
      "const BASE: u32 = 0x0a00;\nservice S {\n  message Hex = 0x0a01 {}\n  message Sep = 1_000 {}\n  message Dec = 7 {}\n  message Named = BASE {}\n}\n",
    );
    expect(text).toContain("static readonly msg = 0x0a01;");
    expect(text).toContain("static readonly msg = 1_000;");
    expect(text).toContain("static readonly msg = 7;");
    expect(text).toContain("static readonly msg = 2560;");
    expect(text).toMatch(/\[\s*0x0a01,\s*\{/); // the dispatcher's route
    expect(text).toMatch(/writeHeader\(target, offset, 0x0a01,|msg = 0x0a01/);
    expect(text).not.toMatch(/[=(,] 2561\b/);
  });
});
