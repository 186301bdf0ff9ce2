/**
 * What the CST visitor needs besides the CST: the source (for spans), the doc comments by position, and a
 * place for the problems it finds in literals and contextual words. Also the small CST accessors the
 * visitor uses: after error recovery any child may be missing, so every accessor may return undefined.
 */
import type { CstElement, CstNode, IToken } from "chevrotain";
import { Diagnostics } from "../../diagnostics/collector.js";
import type { SourceText } from "../../diagnostics/source.js";
import type { Span } from "../../diagnostics/span.js";
import type { DocComment, Identifier } from "../../ast/ast.js";
import { tokenEnd } from "../../lexer/lexer.js";

export type Children = Record<string, CstElement[] | undefined>;

export function isToken(element: CstElement | undefined): element is IToken {
  return element !== undefined && "image" in element;
}

/** A real token (not one the parser invented while recovering). */
export function isRealToken(token: IToken): boolean {
  return token.isInsertedInRecovery !== true && Number.isFinite(token.startOffset);
}

export function tokenAt(ctx: Children, key: string, index = 0): IToken | undefined {
  const element = ctx[key]?.[index];
  return isToken(element) && isRealToken(element) ? element : undefined;
}

export function tokensOf(ctx: Children, key: string): IToken[] {
  return (ctx[key] ?? []).filter((e): e is IToken => isToken(e) && isRealToken(e));
}

export function nodeAt(ctx: Children, key: string, index = 0): CstNode | undefined {
  const element = ctx[key]?.[index];
  return element !== undefined && !isToken(element) ? element : undefined;
}

export function nodesOf(ctx: Children, key: string): CstNode[] {
  return (ctx[key] ?? []).filter((e): e is CstNode => !isToken(e));
}

export class BuildContext {
  readonly diagnostics = new Diagnostics();

  constructor(
    readonly source: SourceText,
    private readonly docs: ReadonlyMap<number, DocComment>,
  ) {}

  tokenSpan(token: IToken): Span {
    return this.source.span(token.startOffset, tokenEnd(token));
  }

  /**
   * [start, end) offsets of the real tokens under a CST node's children, or undefined when there are none.
   * Child nodes carry their offsets (the parser tracks node locations); only a node whose location error
   * recovery spoiled is walked.
   */
  range(children: Children): readonly [number, number] | undefined {
    let start = Infinity;
    let end = -Infinity;
    for (const key in children) {
      const list = children[key];
      if (!list) continue;
      for (const element of list) {
        let s: number;
        let e: number;
        if (isToken(element)) {
          if (!isRealToken(element)) continue;
          s = element.startOffset;
          e = tokenEnd(element);
        } else {
          const location = element.location;
          if (location && Number.isFinite(location.startOffset) && Number.isFinite(location.endOffset)) {
            s = location.startOffset;
            e = (location.endOffset ?? location.startOffset) + 1;
          } else {
            const sub = this.range(element.children);
            if (!sub) continue;
            [s, e] = sub;
          }
        }
        if (s < start) start = s;
        if (e > end) end = e;
      }
    }
    return Number.isFinite(start) ? [start, end] : undefined;
  }

  /** The span of a CST node's children, or a zero-width span at `fallback`'s end when it has no real tokens. */
  span(children: Children | undefined, fallback: Span): Span {
    const r = children ? this.range(children) : undefined;
    return r ? this.source.span(r[0], r[1]) : { file: fallback.file, start: fallback.end, end: fallback.end };
  }

  /** The doc comment right before the node that starts where `span` starts. */
  docAt(span: Span): DocComment | undefined {
    return this.docs.get(span.start.offset);
  }

  identifier(token: IToken | undefined, fallback: Span): Identifier {
    if (!token) return { kind: "identifier", name: "", span: { file: fallback.file, start: fallback.end, end: fallback.end } };
    return { kind: "identifier", name: token.image, span: this.tokenSpan(token) };
  }
}
