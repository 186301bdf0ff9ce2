/**
 * A run after an edit inside one message writes that message's new code into its module without compiling
 * the rest (compiler/pipeline/edit-splice.ts) — and only when that is exactly what a full compile writes.
 * Every run here is checked against a run without any cache (generateBoth: the two trees must be equal);
 * the edits cover what the splice may take (a field, a doc comment, a layout now shared with an earlier
 * message) and what it must leave to a compile (the first message of a shared layout, a new name or code,
 * a new message, a no_reply that changes the client, errors), over the benchmark's schema, imports across
 * files, CRLF line ends, random schemas, and damaged records.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bigSchema } from "../../bench/big-schema.js";
import { runCli } from "../support/cli-in-process.js";
import { generateBoth, writeProject } from "../support/generate-both.js";
import { randomSchema } from "../codegen/support/random-schema.js";

const temp = mkdtempSync(join(tmpdir(), "iprotoc-splice-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const SPLICED = /^wrote gen\/(\w+)\.ts \(message (\w+) edited: only its code recompiled\)\n$/;
const COMPILED = /^wrote \d+ files to gen/;

/** The text of message `name`'s declaration (from its doc comment's line to its closing brace's line). */
function block(schema: string, name: string): [start: number, end: number] {
  const at = schema.search(new RegExp(`message ${name} = `));
  expect(at).toBeGreaterThan(0);
  let depth = 0;
  let end = schema.indexOf("{", at);
  for (; end < schema.length; end++) {
    if (schema[end] === "{") depth++;
    if (schema[end] === "}" && --depth === 0) break;
  }
  return [at, end + 1];
}

/** `schema` with message `name`'s declaration replaced by `edit` of it. */
function editMessage(schema: string, name: string, edit: (text: string) => string): string {
  const [start, end] = block(schema, name);
  const edited = edit(schema.slice(start, end));
  expect(edited).not.toBe(schema.slice(start, end));
  return schema.slice(0, start) + edited + schema.slice(end);
}

/** Writes `text` as `file` in `dir` and generates; returns stdout (generateBoth checks it against a fresh run). */
async function step(dir: string, file: string, text: string, entry = file): Promise<string> {
  writeFileSync(join(dir, file), text);
  return generateBoth(dir, entry);
}

describe("a run after an edit inside one message", () => {
  it("splices the benchmark schema's edits it may, compiles the others, and always writes what a full compile writes", async () => {
    const dir = writeProject(temp, "big", {});
    let schema = bigSchema(60);
    expect(await step(dir, "big.iproto", schema)).toMatch(COMPILED);
    const spliced = async (edit: (s: string) => string, message: string): Promise<void> => {
      schema = edit(schema);
      expect(await step(dir, "big.iproto", schema)).toMatch(new RegExp(`^wrote gen/big\\.ts \\(message ${message} edited`));
    };
    const compiled = async (edit: (s: string) => string): Promise<void> => {
      schema = edit(schema);
      expect(await step(dir, "big.iproto", schema)).toMatch(COMPILED);
    };
    // A field added, then its type changed, then removed: one message, three splices in a row.
    await spliced((s) => editMessage(s, "M30", (b) => b.replace("      id: u32;", "      id: u32;\n      added: u16;")), "M30");
    await spliced((s) => editMessage(s, "M30", (b) => b.replace("added: u16;", "added: string<varint>;")), "M30");
    await spliced((s) => editMessage(s, "M30", (b) => b.replace("\n      added: string<varint>;", "")), "M30");
    // Its doc comment: the TSDoc of its code, and of its client and handler methods (the service's code).
    await spliced((s) => s.replace("/** Message 31. */", "/** Message 31: edited, with `code`. */"), "M31");
    await spliced((s) => s.replace("/** Message 31: edited, with `code`. */", "/**\n   * Message 31,\n   * on three lines.\n   */"), "M31");
    // The last message, and one whose response (shared with all the others') becomes its own.
    await spliced((s) => editMessage(s, "M59", (b) => b.replace("limit: u32 = LIMIT_ALL;", "limit: u16 = 7;")), "M59");
    await spliced((s) => editMessage(s, "M20", (b) => b.replace("      count: u32;", "      count: u32;\n      more: u8 = 1;")), "M20");
    // A request now of the layout of an earlier message (M5's): it finds that message's codec.
    await spliced((s) => editMessage(s, "M57", (b) => b.replace("item: Item7;", "item: Item5;")), "M57");
    // A required response field: the handler must return it now (its member's type, its route's flag).
    await spliced((s) => editMessage(s, "M32", (b) => b.replace("      count: u32;", "      count: u32;\n      must: u16;")), "M32");
    // M0 emits the response codec the other messages find, and M6 the request codec M56 finds: a compile
    // when that codec changes, a splice when only the rest of the message does.
    await compiled((s) => editMessage(s, "M0", (b) => b.replace("      count: u32;", "      count: u64;")));
    await compiled((s) => editMessage(s, "M6", (b) => b.replace("      id: u32;", "      id: u16;")));
    await spliced((s) => editMessage(s, "M16", (b) => b.replace("      id: u32;", "      id: u16;")), "M16");
    // M6's response now decodes to what M20's does (defaults aside): M6, before M20, would emit the interface
    // M20 emits now. Then M6 emits it: an edit elsewhere in M6 splices, and must leave it as it is.
    await compiled((s) => editMessage(s, "M6", (b) => b.replace("      count: u32;", "      count: u32;\n      more: u8 = 2;")));
    await spliced((s) => editMessage(s, "M6", (b) => b.replace("limit: u32 = LIMIT_ALL;", "limit: u32 = 5;")), "M6");
    // A request now of the layout of a later message (M13's): that one would find this one's codec.
    await compiled((s) => editMessage(s, "M12", (b) => b.replace("item: Item12;", "item: Item13;")));
    // A new name, a new code, no_reply (the client's method changes), a message added inside another's text.
    await compiled((s) => editMessage(s, "M40", (b) => b.replace("message M40 ", "message M40x ")));
    await compiled((s) => editMessage(s, "M41", (b) => b.replace("= 42 {", "= 4200 {")));
    await compiled((s) => editMessage(s, "M42", (b) => b.replace("    key id;", "    no_reply;").replace(/\n {4}response \{[^}]*\}/, "")));
    await compiled((s) => editMessage(s, "M43", (b) => `${b}\n  message Added = 777 {\n    request {\n      id: u32;\n    }\n  }`));
    // Space between messages, and the service's options: not inside a message.
    await compiled((s) => s.replace("  /** Message 44. */", "\n  /** Message 44. */"));
    await compiled((s) => s.replace("  timeout 1000;", "  timeout 900;"));
    // After all that, a splice again.
    await spliced((s) => editMessage(s, "M45", (b) => b.replace("mode: Mode = 0;", "mode: Mode = 1;")), "M45");
  });

  it("reports an edit's errors as a full compile does, writes nothing, and splices again once fixed", async () => {
    const dir = writeProject(temp, "errors", {});
    const base = bigSchema(12);
    await step(dir, "big.iproto", base);
    const before = readFileSync(join(dir, "gen", "big.ts"), "utf8");
    for (const broken of [
      editMessage(base, "M3", (b) => b.replace("= 4 {", "= 5 {")), // M4's code
      editMessage(base, "M3", (b) => b.replace("id: u32;", "id: u32")), // syntax
      editMessage(base, "M3", (b) => b.replace("item: Item3;", "item: Missing;")), // unknown type
      editMessage(base, "M3", (b) => b.replace("key id;", "key nothing;")),
    ]) {
      writeFileSync(join(dir, "big.iproto"), broken);
      const cached = await runCli(["generate", "big.iproto", "-o", "gen", "--cache-dir", "cache"], dir);
      const fresh = await runCli(["generate", "big.iproto", "-o", "fresh", "--no-cache"], dir);
      expect(cached.status).toBe(1);
      expect(cached.stderr).toBe(fresh.stderr.replaceAll("fresh", "gen"));
      expect(readFileSync(join(dir, "gen", "big.ts"), "utf8")).toBe(before);
    }
    // A run with errors writes nothing, records nothing: the fix is an edit since the last good run.
    expect(await step(dir, "big.iproto", editMessage(base, "M3", (b) => b.replace("id: u32;", "id: u64;")))).toMatch(SPLICED);
    expect(await step(dir, "big.iproto", editMessage(base, "M3", (b) => b.replace("id: u32;", "id: u16;")))).toMatch(SPLICED);
  });

  it("leaves out only declarations nothing names, and compiles when one it left out mattered", async () => {
    // Struct M2Request takes the name message M2's request class would have: the class is M2Request_.
    // The small program leaves the struct out (nothing in M2 names it), its class comes out M2Request,
    // not the code on disk: a compile, and the right output.
    const schema = (field: string): string =>
      `package p;\nstruct Unused {\n  a: u8;\n}\nstruct M2Request {\n  b: u8;\n}\nstruct Used {\n  c: u16;\n}\nservice S {\n  message M1 = 1 {\n    request {\n      u: Used;\n${field}    }\n  }\n  message M2 = 2 {\n    request {\n      x: u8;\n${field}    }\n  }\n}\n`;
    const dir = writeProject(temp, "left-out", {});
    await step(dir, "s.iproto", schema(""));
    const text = schema("");
    // M1 names Used: a splice (Unused and M2Request left out).
    expect(await step(dir, "s.iproto", text.replace("      u: Used;\n", "      u: Used;\n      y: u32;\n"))).toMatch(SPLICED);
    // M1 now names Unused too: kept, and a splice.
    expect(await step(dir, "s.iproto", text.replace("      u: Used;\n", "      u: Used;\n      y: u32;\n      z: Unused;\n"))).toMatch(SPLICED);
    await step(dir, "s.iproto", text);
    expect(await step(dir, "s.iproto", text.replace("      x: u8;\n", "      x: u16;\n"))).toMatch(COMPILED);
  });

  it("splices a message whose fields come from an imported file, and compiles when its imports change", async () => {
    const lib = "package lib;\nstruct Point {\n  x: i32;\n}\nstruct Line {\n  a: Point;\n  b: Point;\n}\n";
    const app = (a: string, b: string): string =>
      `package app;\nimport "lib.iproto";\nstruct Point {\n  y: u8;\n}\nservice S {\n  /** A. */\n  message A = 1 {\n    request {\n${a}    }\n  }\n  message B = 2 {\n    request {\n${b}    }\n  }\n}\n`;
    const dir = writeProject(temp, "imports", { "lib.iproto": lib });
    expect(await step(dir, "app.iproto", app("      p: lib.Point;\n", "      q: Point;\n"))).toMatch(COMPILED);
    // B binds lib.Point too (A did already): the same imports, a splice.
    expect(await step(dir, "app.iproto", app("      p: lib.Point;\n", "      q: Point;\n      r: lib.Point;\n"))).toMatch(SPLICED);
    // B binds lib.Line, which nothing bound before: the module's imports change, a compile.
    expect(await step(dir, "app.iproto", app("      p: lib.Point;\n", "      q: Point;\n      r: lib.Line;\n"))).toMatch(COMPILED);
    // The imported file edited: a compile.
    expect(await step(dir, "lib.iproto", lib.replace("x: i32;", "x: i64;"), "app.iproto")).toMatch(COMPILED);
    expect(await step(dir, "app.iproto", app("      p: lib.Point;\n      n: u8;\n", "      q: Point;\n      r: lib.Line;\n"))).toMatch(SPLICED);
  });

  it("keeps offsets right in a schema with CRLF line ends and non-ASCII doc comments", async () => {
    const dir = writeProject(temp, "crlf", {});
    let schema = bigSchema(10).replace("/** Message 2. */", "/** Сообщение 2 — 🚀. */").replaceAll("\n", "\r\n");
    await step(dir, "big.iproto", schema);
    schema = editMessage(schema, "M2", (b) => b.replace("id: u32;", "id: u32;\r\n      name_x: string<varint>;"));
    expect(await step(dir, "big.iproto", schema)).toMatch(SPLICED);
    schema = schema.replace("/** Сообщение 2 — 🚀. */", "/** Сообщение два — 🚀🚀. */");
    expect(await step(dir, "big.iproto", schema)).toMatch(SPLICED);
    schema = editMessage(schema, "M7", (b) => b.replace("id: u32;", "id: u8;"));
    expect(await step(dir, "big.iproto", schema)).toMatch(SPLICED);
  });

  it("holds over random schemas, a field and a doc comment added to each message in turn", async () => {
    let splices = 0;
    for (const seed of [3, 7, 11, 19]) {
      const schema = randomSchema(seed);
      const dir = writeProject(temp, `random-${seed}`, {});
      writeFileSync(join(dir, "r.iproto"), schema);
      if ((await runCli(["generate", "r.iproto", "-o", "gen", "--cache-dir", "cache"], dir)).status !== 0) continue; // an invalid draw
      let text = schema;
      let n = 0;
      for (const [, name] of schema.matchAll(/message (\w+) = /g)) {
        text = editMessage(text, name!, (b) => (b.includes("request {") ? b.replace("request {", "request {\n      zz_added: u8;") : b.replace("{", "{\n    request {\n      zz_added: u8;\n    }")));
        if (SPLICED.test(await step(dir, "r.iproto", text))) splices++;
        // And a doc comment of its own (the client's and the handler's too).
        text = text.replace(`message ${name} = `, `/** Edited ${++n}. */\n  message ${name} = `);
        if (SPLICED.test(await step(dir, "r.iproto", text))) splices++;
      }
    }
    // Each edit is held to a full compile's output above; most must have been splices for this to test them.
    expect(splices).toBeGreaterThan(10);
  });

  it("compiles when its records are damaged or the output was touched", async () => {
    const dir = writeProject(temp, "damaged", {});
    let schema = bigSchema(8);
    await step(dir, "big.iproto", schema);
    let n = 0;
    const edit = (): string => (schema = editMessage(schema, "M4", (b) => b.replace(/limit: u32 = \w+/, `limit: u32 = ${++n}`)));
    const record = join(dir, "cache", readdirSync(join(dir, "cache")).find((f) => f.endsWith(".edit"))!);
    type Saved = { modules: { messages: number[][] }[] };
    const moved = (by: (m: number[]) => void) => (text: string): string => {
      const json = JSON.parse(text) as Saved;
      by(json.modules[0]!.messages[4]!);
      return JSON.stringify(json);
    };
    for (const damage of [
      moved((m) => void (m[3]! += 40)), // its end inside the next message
      moved((m) => void ((m[4]! += 1), (m[5]! += 1))), // its code a byte later in the module
      moved((m) => void (m[1] = 99)), // another code
      (text: string) => text.replace('["rt",', '["nope",'), // an effect no compiler writes
      () => "{not json",
    ]) {
      writeFileSync(record, damage(readFileSync(record, "utf8")));
      expect(await step(dir, "big.iproto", edit())).toMatch(COMPILED);
    }
    expect(await step(dir, "big.iproto", edit())).toMatch(SPLICED);
    // The module edited by hand: the run record sees it, and the run compiles (and restores it).
    writeFileSync(join(dir, "gen", "big.ts"), readFileSync(join(dir, "gen", "big.ts"), "utf8").replace("M4Request", "M4Requests"));
    expect(await step(dir, "big.iproto", edit())).toMatch(COMPILED);
    // --check never writes: with an edit pending it reports the module stale.
    writeFileSync(join(dir, "big.iproto"), edit());
    const check = await runCli(["generate", "big.iproto", "-o", "gen", "--cache-dir", "cache", "--check"], dir);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain("stale: gen/big.ts");
  });
});
