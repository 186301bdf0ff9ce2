/**
 * Parsing an edited file again (parser/reparse): whatever the edit, the tree and the diagnostics must be
 * exactly those of a whole parse — spans (line, column, offset), comments and their sharing with docs —
 * and an edit inside a message must not parse the rest of the file.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { bigSchema } from "../../bench/big-schema.js";
import { parseSchema, type ParsedSchema } from "../../compiler/parser/parse.js";
import { reparseSchema } from "../../compiler/parser/reparse.js";
import { seeded } from "../support/seeded.js";

const SCHEMAS = join(import.meta.dirname, "../../schemas");

/** Text an edit inserts: pieces of the language, pieces that break it, and line breaks. */
const SNIPPETS = [
  "\n",
  "\n\n",
  " ",
  ";",
  "{",
  "}",
  "/** doc */\n",
  "/// doc\n",
  "// note\n",
  "/* block */",
  "/*",
  '"',
  "u8",
  "x: u32;",
  "  message Added = 9999 { request { a: u8; } }\n",
  "message",
  "const C: u8 = 1;\n",
  "struct S { a: u8; }\n",
  "ü",
  "\t",
];

function edit(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const pick = next();
  if (pick < 0.35) return text.slice(0, at) + SNIPPETS[Math.floor(next() * SNIPPETS.length)] + text.slice(at);
  if (pick < 0.6) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(next() * 40)));
  // Move a stretch of the file's own text elsewhere: a duplicated member, half a block.
  const from = Math.floor(next() * text.length);
  const piece = text.slice(from, from + Math.floor(next() * 200));
  return text.slice(0, at) + piece + text.slice(at);
}

/** Whole lines: a line removed, copied elsewhere, or a blank, comment or doc line added. */
function lineEdit(text: string, next: () => number): string {
  const lines = text.split("\n");
  const at = Math.floor(next() * lines.length);
  const pick = next();
  if (pick < 0.25) lines.splice(at, 1);
  else if (pick < 0.5) lines.splice(at, 0, lines[Math.floor(next() * lines.length)] ?? "");
  else lines.splice(at, 0, ["", "  // a note", "  /// a doc", "    /** a doc */"][Math.floor(next() * 4)] ?? "");
  return lines.join("\n");
}

function expectSameAsWhole(reparsed: ParsedSchema, text: string, what: string): void {
  const whole = parseSchema(reparsed.source.path, text);
  expect(reparsed.source.text, what).toBe(text);
  if (!isDeepStrictEqual(reparsed.ast, whole.ast)) expect(reparsed.ast, what).toStrictEqual(whole.ast);
  expect(reparsed.diagnostics, what).toStrictEqual(whole.diagnostics);
}

const schemaFiles = readdirSync(SCHEMAS, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".iproto"));

describe("reparsing an edited file", () => {
  it("gives the whole parse's tree and diagnostics after random edits, chained", () => {
    let incremental = 0;
    let possible = 0;
    const sources = [...schemaFiles.map((f) => [f, readFileSync(join(SCHEMAS, f), "utf8")] as const), ["big.iproto", bigSchema(30)] as const];
    for (const [path, original] of sources) {
      for (let seed = 1; seed <= 8; seed++) {
        const next = seeded(seed * 7919 + path.length);
        let previous = parseSchema(path, original);
        let text = original;
        let clean = original;
        for (let step = 0; step < 12; step++) {
          // Mostly edits that leave a schema (whole lines); an edit that broke it is undone next, as a user
          // would, so the chain keeps coming back to a clean tree to reuse.
          if (previous.diagnostics.length > 0) text = clean;
          else text = next() < 0.7 ? lineEdit(text, next) : edit(text, next);
          const { parsed, reused } = reparseSchema(previous, text);
          expectSameAsWhole(parsed, text, `${path} seed ${seed} step ${step}`);
          // Only a clean tree is reused, and only into a clean one.
          if (previous.diagnostics.length === 0 && parsed.diagnostics.length === 0) possible++;
          if (reused > 0) incremental++;
          if (parsed.diagnostics.length === 0) clean = text;
          previous = parsed;
        }
      }
    }
    // The comparison above is only worth something if most edits took the incremental path.
    expect(possible).toBeGreaterThan(150);
    expect(incremental).toBeGreaterThan(possible * 0.6);
  });

  it("keeps every other member of a big service when one message is edited", () => {
    const text = bigSchema(200);
    const previous = parseSchema("big.iproto", text);
    const edits = [
      text.replace("message M100 = 101 {", "message M100 = 101 {\n    /** A doc, two lines\n     * long. */"),
      text.replace("message M100 = 101 {", "message M100Renamed = 101 {"),
      text.replace(/(message M0 = 1 \{[\s\S]*?request \{)/, "$1\n      added: string;"),
      text.replace("\n  /** Message 199. */", "\n  message Inserted = 5000 { }\n  /** Message 199. */"),
    ];
    for (const [i, edited] of edits.entries()) {
      expect(edited, `edit ${i} applies`).not.toBe(text);
      const { parsed, reused } = reparseSchema(previous, edited);
      expectSameAsWhole(parsed, edited, `edit ${i}`);
      // All the service's members but the edited one (and the file's other statements) were kept.
      expect(reused, `edit ${i}`).toBeGreaterThanOrEqual(200 + 50);
    }
  });

  it("moves the columns of a fragment that starts in the middle of a line", () => {
    const text = [
      "struct A { a: u8; } struct B {",
      "  b: u8;",
      "}",
      "service S {",
      "  message M1 = 1 { request { a: u8; } } /** Two. */ message M2 = 2 {",
      "    request { b: u8; }",
      "  }",
      "  message M3 = 3 { }",
      "}",
      "",
    ].join("\n");
    const previous = parseSchema("m.iproto", text);
    expect(previous.diagnostics).toEqual([]);
    for (const edited of [text.replace("  b: u8;", "  b: u16;\n  c: u8;"), text.replace("request { b: u8; }", "request { b: u32; }")]) {
      const { parsed, reused } = reparseSchema(previous, edited);
      expect(reused).toBeGreaterThan(0);
      expectSameAsWhole(parsed, edited, edited);
    }
  });

  it("keeps the comment a doc and the file share as one object", () => {
    const text = bigSchema(20);
    const edited = text.replace("message M10 = 11 {", "message M10 = 11 {\n");
    const { parsed, reused } = reparseSchema(parseSchema("big.iproto", text), edited);
    expect(reused).toBeGreaterThan(0);
    const service = parsed.ast.declarations.find((d) => d.kind === "service");
    const docs = service?.kind === "service" ? service.items.flatMap((i) => i.doc?.comments ?? []) : [];
    expect(docs.length).toBeGreaterThan(15);
    for (const comment of docs) expect(parsed.ast.comments).toContain(comment);
  });

  it("parses whole what it cannot keep: CR line breaks, a previous parse with errors, import lines", () => {
    const text = readFileSync(join(SCHEMAS, "users.iproto"), "utf8");
    const crlf = text.replaceAll("\n", "\r\n");
    expect(reparseSchema(parseSchema("u.iproto", crlf), crlf.replace("message", "message ")).reused).toBe(0);
    const broken = parseSchema("u.iproto", `${text}\nstruct {`);
    expect(broken.diagnostics.length).toBeGreaterThan(0);
    expect(reparseSchema(broken, `${text}\nstruct X {}`).reused).toBe(0);
    const imports = "import \"a.iproto\";\nimport \"b.iproto\";\nconst A: u8 = 1;\n";
    const again = reparseSchema(parseSchema("i.iproto", imports), imports.replace("b.iproto", "c.iproto"));
    expect(again.reused).toBe(0);
    expectSameAsWhole(again.parsed, imports.replace("b.iproto", "c.iproto"), "import edit");
  });
});
