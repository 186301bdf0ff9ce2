/**
 * Incremental generation (issue 11): with a cache of earlier runs — parses of unchanged files and the code
 * of unchanged messages (compiler/emitter/file/emit-cache.ts) — every run's output is byte-identical to a
 * run without one, whatever was edited in between, and only what changed is printed again.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bigSchema } from "../../bench/big-schema.js";
import { EmitCache } from "../../compiler/emitter/file/emit-cache.js";
import { compile, type CompileCache } from "../../compiler/pipeline/compile.js";
import { REPO } from "./support/generate.js";
import { randomSchema } from "./support/random-schema.js";
import { CONDITIONS, CORPUS, ENVELOPES, SCHEMAS } from "./support/suite.js";

type Files = Readonly<Record<string, string>>;

function newCache(): Required<CompileCache> {
  return { parses: new Map(), emit: new EmitCache() };
}

/** Compiles `files` with `cache` and without; asserts the same output; returns what the cache reused. */
async function compileBoth(files: Files, entries: readonly string[], cache: CompileCache): Promise<{ reused: number; printed: number }> {
  const host = { readFile: (p: string): string | undefined => files[p] };
  const cached = await compile(entries, { host, cache });
  const fresh = await compile(entries, { host });
  expect(cached.diagnostics).toEqual(fresh.diagnostics);
  // The texts; and where each message is (the cached run also says what each did to its module's env).
  const placed = (files: typeof cached.files) => files.map(({ path, text, messages }) => ({ path, text, messages: messages?.map(({ effects: _, ...m }) => m) }));
  expect(placed(cached.files)).toEqual(placed(fresh.files));
  expect(fresh.files.length).toBeGreaterThan(0);
  return cached.reuse ?? { reused: 0, printed: 0 };
}

/** The text of message `name`'s block in a bigSchema, replaced by `edit` of it. */
function editMessage(schema: string, name: string, edit: (block: string) => string): string {
  const start = schema.indexOf(`  message ${name} = `);
  const end = schema.indexOf("\n  }\n", start) + 4;
  expect(start).toBeGreaterThan(0);
  return schema.slice(0, start) + edit(schema.slice(start, end)) + schema.slice(end);
}

describe("generation with a cache", () => {
  it("prints only the edited message of a big schema, and its output is what a fresh run writes", async () => {
    const cache = newCache();
    const base = bigSchema(60);
    const run = (text: string) => compileBoth({ "big.iproto": text }, ["big.iproto"], cache);
    expect(await run(base)).toEqual({ reused: 0, printed: 60 });
    expect(await run(base)).toEqual({ reused: 60, printed: 0 });
    // A new field in one message: that message alone.
    const edited = editMessage(base, "M30", (b) => b.replace("      id: u32;", "      id: u32;\n      added: u16;"));
    expect(await run(edited)).toEqual({ reused: 59, printed: 1 });
    // A doc comment is part of the code (TSDoc).
    expect(await run(edited.replace("/** Message 31. */", "/** Message 31, edited. */"))).toEqual({ reused: 59, printed: 1 });
  });

  it("prints again the messages that shared the codec of an edited message", async () => {
    const cache = newCache();
    const base = bigSchema(60);
    const run = (text: string) => compileBoth({ "big.iproto": text }, ["big.iproto"], cache);
    await run(base);
    // M0 emitted the request codec messages of its layout call by its name: they must now emit or find another.
    const edited = editMessage(base, "M0", (b) => b.replace("      id: u32;", "      id: u64;"));
    const reuse = await run(edited);
    expect(reuse.printed).toBeGreaterThan(1);
    expect(reuse.reused).toBeGreaterThan(0);
    expect(reuse.reused + reuse.printed).toBe(60);
    // And back: the old codecs again.
    await run(base);
  });

  it("keeps the output right through added, removed and reordered messages and changed shared declarations", async () => {
    const cache = newCache();
    const base = bigSchema(40);
    const run = (text: string) => compileBoth({ "big.iproto": text }, ["big.iproto"], cache);
    const first = base.indexOf("  /** Message 0. */");
    const edits = [
      base,
      // A message added before all others (it leads the shared codecs now).
      base.slice(0, first) + "  message Extra = 9999 { request { id: u32; mode: Mode = 0; item: Item0; limit: u32 = LIMIT_ALL; } response { count: u32; } }\n" + base.slice(first),
      // A message removed.
      editMessage(base, "M1", () => ""),
      // Two messages swapped.
      editMessage(editMessage(base, "M2", () => "@@M3@@"), "M3", () => base.slice(base.indexOf("  message M2 = "), base.indexOf("\n  }\n", base.indexOf("  message M2 = ")) + 4)).replace(
        "@@M3@@",
        base.slice(base.indexOf("  message M3 = "), base.indexOf("\n  }\n", base.indexOf("  message M3 = ")) + 4),
      ),
      // A struct many messages use.
      base.replace("struct Item3 {\n  id: u64;", "struct Item3 {\n  id: u32;"),
      // An enum's backing type and the envelope.
      base.replace("enum Status: u8", "enum Status: u16").replace("code: u32; error if", "code: u16; error if"),
      // The service's timeout.
      base.replace("  timeout 1000;", "  timeout 250;"),
      base,
    ];
    for (const text of edits) await run(text);
  });

  it("holds over random schemas compiled one after another into the same cache", async () => {
    const cache = newCache();
    const schemas = [1, 2, 3, 1, 4, 2, 5, 5].map((seed) => randomSchema(seed));
    for (const text of schemas) {
      const host = { readFile: (p: string) => (p === "r.iproto" ? text : undefined) };
      // Invalid draws are skipped, as in every random-schema test.
      if ((await compile(["r.iproto"], { host })).files.length === 0) continue;
      await compileBoth({ "r.iproto": text }, ["r.iproto"], cache);
    }
  });

  it("binds imported names as a fresh run does when an edit shifts their aliases", async () => {
    const cache = newCache();
    const lib = "package lib;\nstruct Point { x: i32; }\nstruct Line { a: Point; b: Point; }\n";
    const app = (first: string) =>
      `package app;\nimport "lib.iproto";\nstruct Point { y: u8; }\nstruct Line { z: u8; }\nservice S {\n${first}  message A = 1 { request { p: lib.Point; q: Point; } response { } }\n  message B = 2 { request { l: Line; } response { p: lib.Point; } }\n}\n`;
    const files = (first: string): Files => ({ "lib.iproto": lib, "app.iproto": app(first) });
    await compileBoth(files(""), ["app.iproto"], cache);
    // Z binds lib.Line first: lib.Point's alias in A and B moves from $i0_Point to $i1_Point.
    const reuse = await compileBoth(files("  message Z = 3 { request { l: lib.Line; } response { } }\n"), ["app.iproto"], cache);
    expect(reuse.printed).toBe(3);
    const again = await compileBoth(files("  message Z = 3 { request { l: lib.Line; } response { } }\n"), ["app.iproto"], cache);
    expect(again).toEqual({ reused: 3, printed: 0 });
  });

  it("tells apart declarations of the same shape and name in two files", async () => {
    const cache = newCache();
    const lib = "package lib;\nstruct Point { x: i32; y: i32; }\n";
    const app = (type: string) =>
      `package app;\nimport "lib.iproto";\nstruct Point { x: i32; y: i32; }\nservice S {\n  message A = 1 { request { p: ${type}; } response { } }\n}\n`;
    await compileBoth({ "lib.iproto": lib, "app.iproto": app("lib.Point") }, ["app.iproto"], cache);
    // Only the module the struct comes from changed: A's code names another type.
    const reuse = await compileBoth({ "lib.iproto": lib, "app.iproto": app("Point") }, ["app.iproto"], cache);
    expect(reuse.printed).toBe(1);
  });

  it("gives the repository's schemas the same output from a warm cache", async () => {
    const cache = newCache();
    const paths = [...SCHEMAS, "schemas/common/geometry.iproto", ...CORPUS, ENVELOPES, CONDITIONS];
    const files: Record<string, string> = {};
    for (const p of paths) files[p] = readFileSync(join(REPO, p), "utf8");
    for (const entries of [SCHEMAS, CORPUS, [ENVELOPES, CONDITIONS], SCHEMAS]) await compileBoth(files, entries, cache);
    const reuse = await compileBoth(files, SCHEMAS, cache);
    expect(reuse.printed).toBe(0);
    expect(reuse.reused).toBeGreaterThan(10);
  });
});
