/**
 * Moving syntax trees to where their text now is. A reparse (reparse.ts) keeps the nodes of text an edit
 * did not touch; those after the edit, and those parsed from a fragment, carry positions of another text
 * and are copied here with every span moved. Nothing after the parser changes a syntax tree, so nodes the
 * edit did not move are shared, never copied.
 */
import type { Position, Span } from "../diagnostics/span.js";

/** Where positions go: offsets and lines move by a constant; columns move only on the first line moved. */
export interface Move {
  /** Added to every offset. */
  readonly offset: number;
  /** Added to every line. */
  readonly line: number;
  /** The line whose columns move (a fragment's first line, which did not start a line), or 0 for none. */
  readonly columnLine: number;
  /** Added to the columns of `columnLine`. */
  readonly column: number;
}

/**
 * Copies of syntax nodes, moved. One mover is used for one tree and its file's comment list: a comment
 * shared by both (a doc comment is a node's and the file's) stays one object.
 */
export class Mover {
  readonly #comments = new Map<object, unknown>();

  constructor(private readonly move: Move) {}

  /** A moved copy of a node (or list of nodes). */
  node<T>(value: T): T {
    return this.#copy(value) as T;
  }

  #copy(value: unknown): unknown {
    if (typeof value !== "object" || value === null) return value;
    if (Array.isArray(value)) return value.map((item) => this.#copy(item));
    const source = value as Record<string, unknown>;
    const isComment = source["kind"] === "comment";
    if (isComment) {
      const seen = this.#comments.get(source);
      if (seen !== undefined) return seen;
    }
    const copy: Record<string, unknown> = {};
    for (const key in source) copy[key] = key === "span" ? this.span(source[key] as Span) : this.#copy(source[key]);
    if (isComment) this.#comments.set(source, copy);
    return copy;
  }

  /** A moved copy of a span. */
  span(span: Span): Span {
    return { file: span.file, start: this.#position(span.start), end: this.#position(span.end) };
  }

  #position(position: Position): Position {
    const m = this.move;
    const column = position.line === m.columnLine ? position.column + m.column : position.column;
    return { line: position.line + m.line, column, offset: position.offset + m.offset };
  }
}
