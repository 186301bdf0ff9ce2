/**
 * Mutation fuzzing of the real schemas: delete, duplicate, swap and replace tokens, truncate, and insert
 * random bytes, a few thousand times with a fixed seed. The front end must never throw, every diagnostic
 * must point inside its file, a clean result must come with a program, and inputs that are certainly
 * broken (an unbalanced brace, a stray character between tokens…) must get at least one error.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SourceText } from "../../compiler/diagnostics/source.js";
import { checkProgram } from "../../compiler/checks/program.js";
import { lex, tokenEnd } from "../../compiler/lexer/lexer.js";
import { seeded } from "../support/seeded.js";

const ITERATIONS = Number(process.env["FUZZ_ITERATIONS"] ?? 3000);
const SEED = Number(process.env["FUZZ_SEED"] ?? 0x1b0c);

const FILES: Record<string, string> = Object.fromEntries(
  ["schemas/box.iproto", "schemas/users.iproto", "schemas/everything.iproto", "schemas/spaces.iproto", "schemas/common/geometry.iproto"].map((p) => [p, readFileSync(p, "utf8")]),
);
const TARGETS = ["schemas/box.iproto", "schemas/users.iproto", "schemas/everything.iproto", "schemas/spaces.iproto"];


interface Tok {
  readonly start: number;
  readonly end: number;
  readonly image: string;
}

interface Mutation {
  readonly text: string;
  readonly kind: string;
  /** The result is certainly not a valid schema. */
  readonly mustBreak: boolean;
}

const STRUCTURAL = new Set([";", "{", "}", "(", ")", "[", "]"]);
const BAD_CHARS = ["#", "@", "$", "`", "§", "\u0001", "?", "'"];
/** Openers of tokens that swallow the rest of the file when left unterminated. */
const OPENERS = ["/*", '"'];

function tokensOf(text: string): { tokens: Tok[]; opaque: Array<[number, number]> } {
  const lexed = lex(new SourceText("x", text));
  const tokens = lexed.tokens.map((t) => ({ start: t.startOffset, end: tokenEnd(t), image: t.image }));
  // Comments and strings swallow anything typed inside them (a line comment also what is typed at its end).
  const opaque: Array<[number, number]> = [
    ...lexed.comments.map((t) => [t.startOffset, tokenEnd(t) + (t.image.startsWith("//") ? 1 : 0)] as [number, number]),
    ...lexed.tokens.filter((t) => t.image.startsWith('"')).map((t) => [t.startOffset, tokenEnd(t)] as [number, number]),
  ];
  return { tokens, opaque };
}

function mutate(text: string, random: () => number): Mutation {
  const { tokens, opaque } = tokensOf(text);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  if (tokens.length === 0) return { text: `${text}{`, kind: "append {", mustBreak: true };
  const at = pick(tokens);
  const splice = (start: number, end: number, insert: string) => text.slice(0, start) + insert + text.slice(end);
  switch (Math.floor(random() * 7)) {
    case 0:
      return { text: splice(at.start, at.end, " "), kind: `delete ${at.image}`, mustBreak: STRUCTURAL.has(at.image) };
    case 1:
      return { text: splice(at.end, at.end, ` ${at.image}`), kind: `duplicate ${at.image}`, mustBreak: ["{", "}", ";"].includes(at.image) };
    case 2: {
      const index = tokens.indexOf(at);
      const next = tokens[index + 1];
      if (!next) return { text, kind: "none", mustBreak: false };
      const swapped = text.slice(0, at.start) + next.image + text.slice(at.end, next.start) + at.image + text.slice(next.end);
      return { text: swapped, kind: `swap ${at.image} ${next.image}`, mustBreak: false };
    }
    case 3: {
      const cut = Math.floor(random() * text.length);
      let depth = 0;
      for (const t of tokens) {
        if (t.end > cut) break;
        if (t.image === "{") depth++;
        if (t.image === "}") depth--;
      }
      return { text: text.slice(0, cut), kind: `truncate ${cut}`, mustBreak: depth > 0 };
    }
    case 4: {
      const offset = Math.floor(random() * (text.length + 1));
      const char = pick(BAD_CHARS);
      const inside = opaque.some(([s, e]) => offset > s && offset < e);
      return { text: splice(offset, offset, char), kind: `insert ${JSON.stringify(char)} at ${offset}`, mustBreak: !inside };
    }
    case 5: {
      // Right after a token, so that what the parser was in the middle of ends there (an argument list
      // cut after its comma took the builder to a CST node without its name).
      const opener = pick(OPENERS);
      const inside = opaque.some(([s, e]) => at.end > s && at.end < e);
      // A comment left open is an error unless a later `*/` closes it; a quote may pair with a later one.
      const unclosed = opener === "/*" && !inside && !text.includes("*/", at.end);
      return { text: splice(at.end, at.end, opener), kind: `open ${opener} after ${at.image}`, mustBreak: unclosed };
    }
    default: {
      const other = pick(tokens);
      return { text: splice(at.start, at.end, other.image), kind: `replace ${at.image} with ${other.image}`, mustBreak: false };
    }
  }
}

describe("front end fuzzing", () => {
  it(`survives ${ITERATIONS} mutations of the schemas`, () => {
    const random = seeded(SEED);
    let broken = 0;
    let clean = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const target = TARGETS[i % TARGETS.length] ?? "";
      const original = FILES[target] ?? "";
      // Most mutations are single; some stack several to reach deeper recovery paths.
      let mutation = mutate(original, random);
      const extra = random() < 0.2 ? 1 + Math.floor(random() * 4) : 0;
      for (let k = 0; k < extra; k++) {
        const next = mutate(mutation.text, random);
        mutation = { text: next.text, kind: `${mutation.kind}; ${next.kind}`, mustBreak: mutation.mustBreak && next.mustBreak };
      }
      const files = { ...FILES, [target]: mutation.text };
      const context = `${target} #${i}: ${mutation.kind}`;
      let result: ReturnType<typeof checkProgram>;
      try {
        result = checkProgram([target], { readFile: (p) => files[p] });
      } catch (error) {
        throw new Error(`front end threw on ${context}: ${String(error)}`);
      }
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      for (const d of result.diagnostics) {
        const text = files[d.span.file];
        expect(text, `${context}: diagnostic in unknown file ${d.span.file}`).toBeDefined();
        const source = new SourceText(d.span.file, text ?? "");
        expect(d.span.start.offset, context).toBeGreaterThanOrEqual(0);
        expect(d.span.end.offset, context).toBeGreaterThanOrEqual(d.span.start.offset);
        expect(d.span.end.offset, context).toBeLessThanOrEqual((text ?? "").length);
        expect(source.position(d.span.start.offset), context).toEqual(d.span.start);
        expect(d.message.length, context).toBeGreaterThan(0);
      }
      if (mutation.mustBreak) expect(errors.filter((d) => d.span.file === target).length, context).toBeGreaterThan(0);
      if (errors.length === 0) {
        expect(result.program, context).toBeDefined();
        clean++;
      } else {
        expect(result.program, context).toBeUndefined();
        broken++;
      }
    }
    // The mutations must mostly break things, or the test is not exercising recovery.
    expect(broken).toBeGreaterThan(ITERATIONS / 2);
    expect(clean).toBeGreaterThan(0);
  });
});
