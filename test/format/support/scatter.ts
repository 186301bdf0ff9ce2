/**
 * Joins tokens into source text with random whitespace (spaces, tabs, line breaks, blank lines, nothing
 * at all where that cannot merge tokens) and random comments of every style between any two tokens: the
 * hardest input a formatter can get that still means the same schema.
 */
import type { Random } from "./random.js";

/** Tokens that can touch any neighbour without forming another token. */
const TIGHT = new Set([";", ":", "{", "}", "(", ")", "[", "]", ",", "."]);

export interface ScatterOptions {
  /** Probability of a comment between two tokens. */
  readonly comments: number;
}

export function scatter(r: Random, tokens: readonly string[], options: ScatterOptions): string {
  let out = "";
  let counter = 0;
  tokens.forEach((token, i) => {
    if (i > 0) {
      const previous = tokens[i - 1] ?? "";
      out += separator(r, TIGHT.has(previous) || TIGHT.has(token));
      if (r.chance(options.comments)) {
        out += comment(r, counter++);
        out += separator(r, false);
      }
    }
    out += token;
  });
  if (r.chance(0.3)) out += `\n${comment(r, counter++)}`;
  return r.chance(0.8) ? `${out}\n` : out;
}

function separator(r: Random, mayBeEmpty: boolean): string {
  const roll = r.int(0, 9);
  if (roll === 0 && mayBeEmpty) return "";
  if (roll <= 5) return " ";
  if (roll === 6) return "\t ";
  if (roll === 7) return `\n${" ".repeat(r.int(0, 6))}`;
  if (roll === 8) return `\r\n${" ".repeat(r.int(0, 3))}`;
  return `\n\n\n${" ".repeat(r.int(0, 4))}`;
}

/** A comment of a random style; line comments bring the line break they need. */
function comment(r: Random, n: number): string {
  switch (r.int(0, 6)) {
    case 0: return `// note ${n}\n`;
    case 1: return `/* inline ${n} */`;
    case 2: return `/** doc ${n} */`;
    case 3: return `/// doc line ${n}\n`;
    case 4: return `/*\n     * gutter ${n}\n  * more\n */`;
    case 5: return `/** doc\n   block ${n}\n      indented */`;
    default: return `//// separator ${n}   \n`;
  }
}
