/**
 * The emitter prints prettier's layout itself and hands prettier only statements with a line it can't lay
 * out (file/format-module.ts). This proves the claim the speed rests on: over every schema the tests use,
 * plus schemas with long names (so the printer's own line breaking runs), every statement the emitter
 * keeps is exactly what prettier prints for it, and every whole module is a prettier fixed point.
 */
import { describe, expect, it } from "vitest";
import { checkProgram } from "../../compiler/checks/program.js";
import { emitFileChunks } from "../../compiler/emitter/file/emit-file.js";
import { needsPrettier } from "../../compiler/emitter/file/format-module.js";
import { formatTypeScript } from "../../compiler/emitter/file/prettier.js";
import { planProgram } from "../../compiler/emitter/plan/plan.js";
import { compile } from "../../compiler/pipeline/compile.js";
import { fileSystemHostAt } from "../../compiler/pipeline/source-host.js";
import { bigSchema, longNamedBigSchema } from "../../bench/big-schema.js";
import { REPO } from "./support/generate.js";
import { randomSchema } from "./support/random-schema.js";
import { CONDITIONS, CORPUS, ENVELOPES, SCHEMAS } from "./support/suite.js";

/** Names long enough that signatures, throws and assignments pass the print width. */
function longNames(): string {
  const n = "AVeryLongMessageNameThatPushesEveryGeneratedLineOverTheWidth";
  return [
    "package long.names;",
    "struct AnExtremelyLongStructNameForTheWrappingPathsOfThePrinter { some_rather_long_field_name: u32; another_quite_long_field_name: string<varint>; items_with_a_long_name: u16[u8]; }",
    "envelope Envelope { code: u32; error if code != 0 { message: string<nul>; } }",
    "service LongService {",
    "  envelope Envelope;",
    `  message ${n} = 1 { key some_rather_long_identifier_for_balancing; request { some_rather_long_identifier_for_balancing: u64; payload_struct: AnExtremelyLongStructNameForTheWrappingPathsOfThePrinter; } response { count_of_things: u32; things: AnExtremelyLongStructNameForTheWrappingPathsOfThePrinter[count_of_things]; } }`,
    `  message ${n}Again = 2 { request { flag_field_with_long_name: u8; maybe_present: u32 if flag_field_with_long_name == 1; } response { } }`,
    "}",
  ].join("\n");
}

async function statements(paths: readonly string[], read?: (p: string) => string | undefined): Promise<{ kept: string[]; sent: string[]; module: string[] }> {
  const host = read === undefined ? fileSystemHostAt(REPO) : { readFile: read };
  const checked = checkProgram(paths, host, { importRoots: [], names: "camel" });
  expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const plans = planProgram(checked.program!);
  const kept: string[] = [];
  const sent: string[] = [];
  for (const f of checked.program!.files) {
    for (const g of emitFileChunks(f, plans.get(f.path)!, plans, { runtimeImport: "@iprotoc/runtime", sourcePath: f.path }).groups) {
      for (const s of g.statements) (needsPrettier(s) ? sent : kept).push(s);
    }
  }
  const compiled = await compile(paths, { host, cwd: REPO });
  return { kept, sent, module: compiled.files.map((f) => f.text) };
}

const inputs: [string, readonly string[], ((p: string) => string | undefined)?][] = [
  ["schemas/", SCHEMAS.concat(["schemas/spaces.iproto"])],
  ["the codegen corpus", [...CORPUS, ENVELOPES, CONDITIONS]],
  ["bigSchema(60)", ["big.iproto"], (p) => (p === "big.iproto" ? bigSchema(60) : undefined)],
  ["bigSchema(60), long message names", ["big.iproto"], (p) => (p === "big.iproto" ? longNamedBigSchema(60) : undefined)],
  ["long names", ["long.iproto"], (p) => (p === "long.iproto" ? longNames() : undefined)],
];

describe("the emitter's own layout is prettier's", () => {
  it.each(inputs)("%s: every statement kept from prettier is a prettier fixed point", async (_name, paths, read) => {
    const { kept, module } = await statements(paths, read);
    expect(kept.length).toBeGreaterThan(5);
    for (const s of kept) expect((await formatTypeScript(`${s}\n`)).trimEnd()).toBe(s);
    for (const m of module) expect(await formatTypeScript(m)).toBe(m);
  }, 120_000);

  it("40 seeded random schemas (every common type, conditions, nesting, names of 1–50 characters)", async () => {
    let valid = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const text = randomSchema(seed);
      const host = { readFile: (p: string) => (p === "r.iproto" ? text : undefined) };
      if (checkProgram(["r.iproto"], host, { importRoots: [], names: "camel" }).diagnostics.some((d) => d.severity === "error")) continue;
      valid++;
      const { kept, module } = await statements(["r.iproto"], host.readFile);
      for (const s of kept) expect((await formatTypeScript(`${s}\n`)).trimEnd(), `seed ${seed}`).toBe(s);
      for (const m of module) expect(await formatTypeScript(m), `seed ${seed}`).toBe(m);
    }
    expect(valid).toBeGreaterThanOrEqual(25);
  }, 300_000);

  // prettier costs ~1 ms a statement: a shape of line the printer can't break, written per message, makes
  // a big schema's compile several times slower (long message names once sent every Request class, its
  // response value and its handler method there: 2,000 messages 8.4 s instead of 2 s).
  it.each([
    ["bigSchema(60)", bigSchema(60)],
    ["bigSchema(60) with long message names", longNamedBigSchema(60)],
  ])("%s: the printer lays out every statement itself (none goes to prettier)", async (_name, text) => {
    const { sent, kept } = await statements(["big.iproto"], (p) => (p === "big.iproto" ? text : undefined));
    expect(sent).toEqual([]);
    expect(kept.length).toBeGreaterThan(800);
  }, 120_000);

  it("long names exercise the printer's own line breaking", async () => {
    const { kept, module } = await statements(["long.iproto"], (p) => (p === "long.iproto" ? longNames() : undefined));
    expect(kept.some((s) => /\) throw \w|\(\n\s+\$t: Uint8Array,/.test(s) || /^\s+throw \$\w+\($/m.test(s))).toBe(true);
    expect(module.join("").length).toBeGreaterThan(1000);
  }, 120_000);
});
