/**
 * Offset <-> line/column for one source text, and span helpers. Lines are split at `\n`, `\r\n` and `\r`,
 * as the lexer counts them; columns count UTF-16 code units from 1.
 */
import type { Position, Span } from "./span.js";

/** How many recently made positions a SourceText keeps (a power of two: slots are offset bits). */
const RECENT = 256;

export class SourceText {
  readonly path: string;
  readonly text: string;
  /** Offset at which each line starts. */
  private readonly lineStarts: number[];

  constructor(path: string, text: string) {
    this.path = path;
    this.text = text;
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The position of an offset, clamped into [0, text.length]. */
  position(offset: number): Position {
    const at = Math.max(0, Math.min(Number.isFinite(offset) ? offset : this.text.length, this.text.length));
    const slot = at & (RECENT - 1);
    const recent = this.#positions[slot];
    if (recent !== undefined && recent.offset === at) return recent;
    const position = this.#locate(at);
    this.#positions[slot] = position;
    return position;
  }

  /**
   * Positions and spans are immutable, so one object serves every node that asks for the same one: a
   * field starts where its name does, a type's span is its name's and its identifier's. Positions made
   * recently are kept by offset, and the last span: a parse makes a third fewer objects.
   */
  readonly #positions: (Position | undefined)[] = new Array<Position | undefined>(RECENT).fill(undefined);
  #lastSpan: Span | undefined;

  #locate(at: number): Position {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - (this.lineStarts[lo] ?? 0) + 1, offset: at };
  }

  span(start: number, end: number): Span {
    const from = this.position(start);
    const to = this.position(Math.max(start, end));
    const last = this.#lastSpan;
    if (last !== undefined && last.start === from && last.end === to) return last;
    this.#lastSpan = { file: this.path, start: from, end: to };
    return this.#lastSpan;
  }

  /** Text of a 1-based line, without its line break. */
  line(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return "";
    const next = this.lineStarts[line];
    let end = next ?? this.text.length;
    while (end > start && (this.text[end - 1] === "\n" || this.text[end - 1] === "\r")) end--;
    return this.text.slice(start, end);
  }
}

/** The smallest span covering both (same file assumed). */
export function joinSpans(a: Span, b: Span): Span {
  return {
    file: a.file,
    start: a.start.offset <= b.start.offset ? a.start : b.start,
    end: a.end.offset >= b.end.offset ? a.end : b.end,
  };
}

/** A zero-width span at a span's end. */
export function spanEnd(span: Span): Span {
  return { file: span.file, start: span.end, end: span.end };
}
