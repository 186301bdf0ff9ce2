/**
 * The formatter's output buffer. The printer (print-*.ts) walks the AST and hands over every token in
 * source order; the writer checks each against the real token stream (a formatter must never drop, add or
 * reorder a token) and interleaves the file's comments at their source positions, so every comment stays
 * between the same two tokens it was written between. The printer decides layout: where lines break,
 * indentation, spaces and blank lines. Comments decide nothing about layout except that a `//` comment
 * ends its line.
 */
import type { IToken } from "chevrotain";
import type { Comment } from "../ast/ast.js";
import { tokenEnd } from "../lexer/lexer.js";

/** Blank line before a new line: never, when the source had one there, or always. */
export type Blank = "none" | "keep" | "force";

const INDENT = "  ";
/** A statement broken by a comment continues two levels deeper, so it never looks like a nested item. */
const CONTINUATION = 2;

/** The printer asked for a token the source does not have next: a formatter bug, never a user error. */
export class FormatterInvariantError extends Error {
  readonly code = "FORMAT_INVARIANT";
}

/** Tokens that stay tight even after an inline comment, as in `a: u32 /* x *\/;`. */
const CLOSING: ReadonlySet<string> = new Set([";", ",", ")", "]", ">"]);

interface PendingLine {
  readonly blank: Blank;
  readonly continuation: boolean;
}

export class Writer {
  private readonly lines: Line[] = [];
  private current = "";
  /** Where the code of the current line ends when it ends in a one-line trailing comment (for alignment). */
  private codeEnd: number | undefined;
  /** Whether `current` holds more than indentation. */
  private hasContent = false;
  private level = 0;
  private pending: PendingLine | undefined = { blank: "none", continuation: false };
  private spaceNext = false;
  private cursor = 0;
  private nextComment = 0;
  /** Source offset just past the last token or comment written. */
  private lastEnd = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: readonly IToken[],
    private readonly comments: readonly Comment[],
    /** Doc comments attached to a node: always printed on their own line, right before it. */
    private readonly attachedDocs: ReadonlySet<Comment>,
  ) {}

  indent(): void {
    this.level++;
  }

  dedent(): void {
    this.level--;
  }

  /** The next token starts a new line (a new statement, item or declaration). */
  line(blank: Blank): void {
    const strongest = this.pending && rank(this.pending.blank) > rank(blank) ? this.pending.blank : blank;
    this.pending = { blank: strongest, continuation: false };
  }

  /** Writes the next source token, which must be `text`; `space` asks for a space before it on its line. */
  tok(text: string, space: boolean): void {
    const token = this.tokens[this.cursor];
    if (!token || token.image !== text) {
      throw new FormatterInvariantError(
        `formatter: expected the token \`${text}\`, the source has \`${token?.image ?? "end of file"}\``,
      );
    }
    this.flushComments(token.startOffset);
    this.write(text, space, token.startOffset);
    this.lastEnd = tokenEnd(token);
    this.cursor++;
  }

  /** True when a comment lies between the last written token and the next one (an empty block is not empty). */
  commentBeforeNextToken(): boolean {
    const next = this.comments[this.nextComment];
    return next !== undefined && next.span.start.offset < this.nextTokenOffset();
  }

  /**
   * Closes a block: the comments before `}` go inside the block, at its indentation; then `}` on its own
   * line, with no blank line before it.
   */
  closeBlock(): void {
    this.line("none");
    this.flushComments(this.nextTokenOffset());
    this.pending = { blank: "none", continuation: false };
    this.dedent();
    this.tok("}", false);
  }

  /** Writes the comments after the last token and returns the whole text, ending in one newline. */
  finish(): string {
    if (this.cursor !== this.tokens.length) {
      throw new FormatterInvariantError(`formatter: the token \`${this.tokens[this.cursor]?.image}\` was not printed`);
    }
    this.line("keep");
    this.flushComments(Number.POSITIVE_INFINITY);
    if (this.hasContent) this.pushLine();
    const text = alignTrailingComments(this.lines).join("\n");
    return text === "" ? "" : `${text}\n`;
  }

  private nextTokenOffset(): number {
    return this.tokens[this.cursor]?.startOffset ?? this.source.length;
  }

  private flushComments(before: number): void {
    for (let c = this.comments[this.nextComment]; c && c.span.start.offset < before; c = this.comments[this.nextComment]) {
      this.nextComment++;
      const start = c.span.start.offset;
      const ownLine = !this.hasContent || this.attachedDocs.has(c) || /[\r\n]/.test(this.source.slice(this.lastEnd, start));
      const multiLine = /[\r\n]/.test(c.text);
      if (ownLine) {
        this.pending ??= { blank: "none", continuation: true };
        const continuation = this.pending.continuation;
        this.writeComment(c, start, false);
        this.pending = { blank: continuation ? "none" : "keep", continuation };
      } else {
        this.writeComment(c, start, true);
        if (c.style === "line" || c.style === "docLine" || multiLine) this.pending ??= { blank: "none", continuation: true };
        else this.spaceNext = true;
      }
      this.lastEnd = c.span.end.offset;
    }
  }

  private writeComment(c: Comment, start: number, space: boolean): void {
    const [first = "", ...rest] = c.text.split(/\r\n|\r|\n/);
    const saved = this.pending;
    if (space) this.pending = undefined; // a trailing comment joins the line it trails, even if a new one is due
    const codeEnd = this.current.length;
    this.write(first.trimEnd(), space, start);
    if (space) {
      this.pending = saved;
      if (rest.length === 0) this.codeEnd = codeEnd;
    }
    const indent = /^[ \t]*/.exec(this.current)?.[0] ?? "";
    // Lines with a `*` gutter are re-indented under the comment; other lines are kept as written, because
    // their indentation may be part of a doc comment's text.
    const gutter = rest.every((l) => /^\s*\*/.test(l) || l.trim() === "");
    for (const l of rest) {
      this.pushLine();
      this.current = gutter && l.trim() !== "" ? `${indent} ${l.trimStart()}` : l;
    }
  }

  private write(text: string, space: boolean, at: number): void {
    if (this.pending) {
      const p = this.pending;
      this.pending = undefined;
      if (this.hasContent) this.pushLine();
      const blank =
        p.blank === "force" || (p.blank === "keep" && lineBreaks(this.source.slice(this.lastEnd, at)) >= 2);
      if (blank && this.lines.length > 0 && this.lines[this.lines.length - 1]?.text !== "") this.lines.push({ text: "", codeEnd: undefined });
      this.current = INDENT.repeat(this.level + (p.continuation ? CONTINUATION : 0)) + text;
    } else {
      const afterComment = this.spaceNext && !CLOSING.has(text);
      this.current += (space || afterComment) && this.hasContent ? ` ${text}` : text;
      this.codeEnd = undefined;
    }
    this.hasContent = true;
    this.spaceNext = false;
  }

  private pushLine(): void {
    this.lines.push({ text: this.current.trimEnd(), codeEnd: this.codeEnd });
    this.codeEnd = undefined;
  }
}

interface Line {
  readonly text: string;
  /** Set when the line is code then a one-line comment: where the code ends. */
  readonly codeEnd: number | undefined;
}

/**
 * Trailing comments of consecutive lines at one indentation line up one space after the longest code
 * among them (as gofmt does); a line without one, a blank line or an indentation change ends the run.
 */
function alignTrailingComments(lines: readonly Line[]): string[] {
  const out = lines.map((l) => l.text);
  const indentOf = (l: Line): number => /^ */.exec(l.text)?.[0].length ?? 0;
  for (let i = 0; i < lines.length; ) {
    const first = lines[i];
    if (first?.codeEnd === undefined) {
      i++;
      continue;
    }
    let j = i;
    let column = 0;
    for (let l = lines[j]; l?.codeEnd !== undefined && indentOf(l) === indentOf(first); l = lines[++j]) {
      column = Math.max(column, l.codeEnd);
    }
    for (let k = i; k < j; k++) {
      const l = lines[k];
      if (l?.codeEnd === undefined) continue;
      out[k] = `${l.text.slice(0, l.codeEnd).padEnd(column)} ${l.text.slice(l.codeEnd).trimStart()}`;
    }
    i = j;
  }
  return out;
}

function lineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}

function rank(blank: Blank): number {
  return blank === "force" ? 2 : blank === "keep" ? 1 : 0;
}
