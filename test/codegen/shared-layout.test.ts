/**
 * A module remembers what a layout's first message found (decls/shared-codec.ts, shareLayout) and later
 * messages of that layout look its codecs up without building them. That may only save time: the output
 * must be what building every message's codecs gives. Checked by compiling schemas of near-identical
 * layouts both ways — the memo defeated by giving every layout a key of its own.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { bigSchema } from "../../bench/big-schema.js";
import { FileEnv } from "../../compiler/emitter/file/file-env.js";
import { compile } from "../../compiler/pipeline/compile.js";
import { REPO } from "./support/generate.js";
import { randomSchema } from "./support/random-schema.js";
import { seeded } from "../support/seeded.js";
import { CONDITIONS, CORPUS, ENVELOPES, SCHEMAS } from "./support/suite.js";

type Files = Readonly<Record<string, string>>;

/** Layouts that differ from each other in one thing each: a type, a name, a default, a struct of the same shape. */
const REQUESTS = [
  "request { id: u32; name: string<varint>; }",
  "request { id: u16; name: string<varint>; }",
  "request { key: u32; name: string<varint>; }",
  "request { id: u32 = 5; name: string<varint>; }",
  "request { id: u32; name: string<nul>; }",
  "request { id: u32; p: lib.Point; }",
  "request { id: u32; p: Point; }",
  "request { id: u32; p: Twin; }",
  "request { id: u32; mode: Mode; }",
  "request { id: u32; mode: Kind; }",
  "request { id: u32; mode: Mode = 1; }",
  "request { id: u8; }",
];
const RESPONSES = [
  "response { count: u32; items: Point[count]; }",
  "response { count: u32; items: Twin[count]; }",
  "response { count: u32; items: Point[count] if request.mode == 1; }",
  "response { count: u32; items: Point[count] if request.id == 1; }",
  "response { code: u32; }",
  "response { }",
];

function schemaOf(seed: number): Files {
  const random = seeded(seed);
  const next = (n: number): number => Math.floor(random() * n);
  const messages: string[] = [];
  for (let i = 0; i < 40; i++) {
    const request = REQUESTS[next(REQUESTS.length)]!;
    // A response that reads a request field needs a request with it.
    const response = RESPONSES[next(RESPONSES.length)]!;
    const read = /request\.(\w+)/.exec(response)?.[1];
    const fixed = read !== undefined && !request.includes(` ${read}:`) ? RESPONSES[0]! : response;
    const envelope = next(3) === 0 ? "envelope none; " : "";
    messages.push(`  message M${i} = ${i + 1} { ${envelope}${request} ${fixed} }`);
  }
  const app = [
    "package app;",
    'import "lib.iproto";',
    "enum Mode: u8 { A = 0; B = 1; }",
    "enum Kind: u8 { A = 0; B = 1; }",
    "struct Point { x: i32; y: i32; }",
    "/** The same shape as Point, another name. */",
    "struct Twin { x: i32; y: i32; }",
    "envelope Env { code: u32; error if code != 0 { message: string<varint>; } }",
    "service S {",
    "  envelope Env;",
    ...messages,
    "}",
    "",
  ].join("\n");
  return { "app.iproto": app, "lib.iproto": "package lib;\nstruct Point { x: i32; y: i32; }\n" };
}

async function generate(files: Files, entries: readonly string[]): Promise<readonly { path: string; text: string }[]> {
  const host = { readFile: (p: string): string | undefined => files[p] };
  const result = await compile(entries, { host });
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result.files;
}

/** The output with the memo, the output with every layout keyed apart, and how often a key came back. */
async function bothWays(files: Files, entries: readonly string[]): Promise<number> {
  const keys: string[] = [];
  const layoutKey = FileEnv.prototype.layoutKey;
  const spy = vi.spyOn(FileEnv.prototype, "layoutKey").mockImplementation(function (this: FileEnv, items) {
    const key = layoutKey.call(this, items);
    keys.push(key);
    return key;
  });
  const remembered = await generate(files, entries);
  let unique = 0;
  spy.mockImplementation(() => `unique ${unique++}`);
  const built = await generate(files, entries);
  spy.mockRestore();
  expect(remembered.length).toBeGreaterThan(0);
  expect(remembered).toEqual(built);
  return keys.length - new Set(keys).size;
}

afterEach(() => vi.restoreAllMocks());

describe("the layouts a module remembers", () => {
  it("give the output of building every message's codecs, over layouts that differ in one thing", async () => {
    let repeats = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) repeats += await bothWays(schemaOf(seed), ["app.iproto"]);
    // The memo was used, not just consulted.
    expect(repeats).toBeGreaterThan(100);
  });

  it("give the output of building everything for the repository's schemas, random schemas and a big one", async () => {
    const paths = [...SCHEMAS, "schemas/common/geometry.iproto", ...CORPUS, ENVELOPES, CONDITIONS];
    const files: Record<string, string> = {};
    for (const p of paths) files[p] = readFileSync(join(REPO, p), "utf8");
    for (const entries of [SCHEMAS, CORPUS, [ENVELOPES, CONDITIONS]]) await bothWays(files, entries);
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const text = randomSchema(seed);
      const host = { readFile: (p: string) => (p === "r.iproto" ? text : undefined) };
      // Invalid draws are skipped, as in every random-schema test.
      if ((await compile(["r.iproto"], { host })).files.length === 0) continue;
      await bothWays({ "r.iproto": text }, ["r.iproto"]);
    }
    expect(await bothWays({ "big.iproto": bigSchema(120) }, ["big.iproto"])).toBeGreaterThan(100);
  });
});
