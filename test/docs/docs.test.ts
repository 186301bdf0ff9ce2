/**
 * Every code block of README.md and docs/*.md is checked by its language, so the docs cannot rot:
 *
 * | info string | check |
 * |---|---|
 * | `iproto` | a complete schema that checks clean (schemas.ts); `iproto error E0xxx` must fail with exactly that code |
 * | `ts` | type-checked strictly, and run when it is a program (typescript.ts); `ts check`: type-checked only; `ts fragment`: parsed only |
 * | `sh`, `console` | every command checked or run (shell.ts); `exit=N` for commands meant to fail |
 * | `perl` | compiled by Perl (perl.ts) |
 * | `json` | parses |
 * | `text` | not run |
 *
 * `text`, `json` and `console` blocks that show diagnostics may only name codes that exist. A block
 * without a language, or with one not listed here, fails: nothing is silently unchecked.
 */
import { existsSync, readFileSync, rmdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_BREAKING_RULES } from "../../compiler/breaking/rules.js";
import { ALL_CODES } from "../../compiler/diagnostics/codes.js";
import { type CodeBlock, docFiles, readBlocks, where } from "./markdown.js";
import { compilePerl } from "./perl.js";
import { checkSchemaBlock, schemaBlocks, type SchemaBlock } from "./schemas.js";
import { checkCommand, commandsOf, contextFor } from "./shell.js";
import { expectedOutput, inOrder, runProgram, syntaxErrors, tsKind, typeCheck } from "./typescript.js";
import { buildProject, projectDir, resetWork, ROOT, WORK, writeTsBlock } from "./workspace.js";

const LANGUAGES = new Set(["iproto", "ts", "sh", "console", "perl", "json", "text"]);
const KNOWN_CODES = new Set<string>([...ALL_CODES, ...ALL_BREAKING_RULES]);

interface Doc {
  readonly doc: string;
  readonly blocks: CodeBlock[];
  /** Undefined when the doc's schema blocks can't be named (a clash): the error says why. */
  readonly schemas: SchemaBlock[] | undefined;
  readonly schemaError: string | undefined;
}

const docs: Doc[] = docFiles(ROOT).map((doc) => {
  const blocks = readBlocks(ROOT, doc);
  try {
    return { doc, blocks, schemas: schemaBlocks(blocks), schemaError: undefined };
  } catch (error) {
    return { doc, blocks, schemas: undefined, schemaError: String(error) };
  }
});

let typeErrors: Promise<Map<string, string[]>>;
let perlErrors: Promise<Map<CodeBlock, string>>;
const generation = new Map<string, string>();
const tsFiles = new Map<CodeBlock, string>();

beforeAll(async () => {
  resetWork();
  for (const { doc, blocks, schemas } of docs) {
    const ts = blocks.filter((b) => b.lang === "ts" && tsKind(b) !== "fragment");
    const needsGen = ts.some((b) => /from\s+["']\.\/gen\//.test(b.text));
    generation.set(doc, await buildProject(doc, schemas ?? [], needsGen));
    for (const block of ts) tsFiles.set(block, writeTsBlock(block));
  }
  // One tsc run for every block of every doc, and one Perl process: both run while the other tests do.
  typeErrors = typeCheck();
  perlErrors = compilePerl(docs.flatMap((d) => d.blocks.filter((b) => b.lang === "perl")));
}, 120_000);

afterAll(() => {
  if (process.env["KEEP_DOCS_WORK"] || !existsSync(WORK)) return;
  rmSync(WORK, { recursive: true, force: true });
  try {
    rmdirSync(dirname(WORK)); // .work itself, unless another run is using it
  } catch {
    // not empty
  }
});

/** `E0205`, `B021` and the like named in a block of sample output. */
function unknownCodes(text: string): string[] {
  return [...text.matchAll(/\b(E\d{4}|B\d{3})\b/g)].map((m) => m[1] ?? "").filter((code) => !KNOWN_CODES.has(code));
}

function describeTs(block: CodeBlock): string {
  const kind = tsKind(block);
  const expected = expectedOutput(block.text);
  if (kind === "run") return `runs${expected.length > 0 ? ` and prints ${expected.join(", ")}` : ""}`;
  return kind === "check" ? "type-checks" : "parses";
}

for (const { doc, blocks, schemas, schemaError } of docs) {
  describe(doc, () => {
    it("every fence opens or closes a block that is checked", () => {
      // Counted independently of the parser: a block it missed would go unchecked.
      const fences = readFileSync(join(ROOT, doc), "utf8").split("\n").filter((line) => /^\s*(```|~~~)/.test(line)).length;
      expect(fences).toBe(2 * blocks.length);
    });

    it("every block names a language the docs test knows", () => {
      const bad = blocks.filter((b) => !LANGUAGES.has(b.lang)).map((b) => `${where(b)}: \`\`\`${b.lang}`);
      expect(bad, `tag them: one of ${[...LANGUAGES].join(", ")}`).toEqual([]);
    });

    if (schemaError !== undefined) {
      it("schema blocks have distinct paths", () => expect.fail(schemaError));
    }

    for (const schema of schemas ?? []) {
      const { block } = schema;
      const what = schema.expectedErrors ? `fails with ${schema.expectedErrors.join(" ")}` : "checks clean";
      it(`${block.line}: iproto ${schema.shared ? `${schema.path} ` : ""}${what}`, () => {
        const outcome = checkSchemaBlock(schema, schemas ?? []);
        expect(outcome.codes, outcome.report).toEqual(schema.expectedErrors ? [...schema.expectedErrors].sort() : []);
      });
    }

    for (const block of blocks.filter((b) => b.lang === "ts")) {
      it(`${block.line}: ts ${describeTs(block)}`, async () => {
        if (tsKind(block) === "fragment") {
          expect(syntaxErrors(block)).toEqual([]);
          return;
        }
        const file = tsFiles.get(block) ?? "";
        if (tsKind(block) === "run") {
          const run = await runProgram(file);
          expect(run.status, `${where(block)} exited with ${String(run.status)}:\n${run.stderr}${run.stdout}`).toBe(0);
          const expected = expectedOutput(block.text);
          expect(inOrder(expected, run.stdout), `${where(block)} should print, in order:\n${expected.join("\n")}\nbut printed:\n${run.stdout}`).toBe(true);
        }
        // tsc's line N of the block's file is line block.line + N of the doc.
        const errors = ((await typeErrors).get(file) ?? []).map((e) => e.replace(/^line (\d+)/, (_, n: string) => `${doc}:${block.line + Number(n)}`));
        expect(errors, `${where(block)}: type errors`).toEqual([]);
      }, 60_000);
    }

    if (blocks.some((b) => b.lang === "ts" && /from\s+["']\.\/gen\//.test(b.text))) {
      it("the code generated from its schema blocks compiles and type-checks", async () => {
        expect(generation.get(doc)).toBe("");
        const gen = `${projectDir(doc)}/gen/`;
        const errors = [...(await typeErrors)].filter(([file]) => file.startsWith(gen));
        expect(errors).toEqual([]);
      }, 60_000);
    }

    for (const block of blocks.filter((b) => b.lang === "sh" || b.lang === "console")) {
      const commands = (() => {
        try {
          return commandsOf(block);
        } catch (error) {
          return String(error);
        }
      })();
      const title = typeof commands === "string" ? "" : commands.map((c) => c.text).join("; ");
      it(`${block.line}: ${block.lang} ${title}`, async () => {
        if (typeof commands === "string") expect.fail(commands);
        const ctx = contextFor(block, projectDir(doc));
        const problems: string[] = [];
        for (const command of commands) {
          const problem = await checkCommand(command, ctx);
          if (problem !== undefined) problems.push(`${doc}:${command.line}: ${problem}`);
        }
        expect(problems).toEqual([]);
        expect(unknownCodes(block.text), "codes that do not exist").toEqual([]);
      });
    }

    for (const block of blocks.filter((b) => b.lang === "text" || b.lang === "json")) {
      it(`${block.line}: ${block.lang}${block.lang === "json" ? " parses" : ""} and names only codes that exist`, () => {
        if (block.lang === "json") expect(() => JSON.parse(block.text)).not.toThrow();
        expect(unknownCodes(block.text)).toEqual([]);
      });
    }

    for (const block of blocks.filter((b) => b.lang === "perl")) {
      it(`${block.line}: perl compiles`, async () => {
        expect((await perlErrors).get(block)).toBe("");
      });
    }
  });
}

describe("the docs test itself", () => {
  it("tsc reported no problem it could not pin on a block or generated code", async () => {
    // Errors in the repository's own sources are the repository type-check's business, not the docs'.
    const known = new Set(tsFiles.values());
    const stray = [...(await typeErrors)].filter(([file]) => !known.has(file) && (file === "(tsc)" || (file.startsWith(WORK) && !file.includes("/gen/"))));
    expect(stray).toEqual([]);
  }, 60_000);

  it("checks the migration guide's Box schemas: its spaces and procedures are iproto blocks, each checked above", () => {
    const migration = docs.find((d) => d.doc === "docs/migration.md");
    const checked = (migration?.schemas ?? []).filter((s) => s.expectedErrors === undefined).map((s) => s.block.text);
    expect(checked.some((text) => /^space \w+ = \d+ \{/m.test(text))).toBe(true);
    expect(checked.some((text) => /^procedure [\w.]+\(/m.test(text))).toBe(true);
  });
});
