/**
 * What the AST builder needs besides the CST: the source (for spans), the doc comments by position, and a
 * place for the problems it finds in literals and contextual words. Also the small CST accessors the
 * builder uses: after error recovery any child may be missing, so every accessor may return undefined.
 */
import type { CstElement, CstNode, IToken } from "chevrotain";
import { Diagnostics } from "../../diagnostics/collector.js";
import type { SourceText } from "../../diagnostics/source.js";
import type { Span } from "../../diagnostics/span.js";
import type { DocComment, Identifier } from "../../ast/ast.js";
import { tokenEnd } from "../../lexer/lexer.js";

/**
 * The children of any CST node, for walking them without knowing the rule (to find a node's offsets). The
 * rules' own children types (cst.ts) are assignable to it.
 */
export type Children = Record<string, CstElement[] | undefined>;

function isToken(element: CstElement): element is IToken {
  return "image" in element;
}

/** A real token (not one the parser invented while recovering). */
export function isRealToken(token: IToken): boolean {
  return token.isInsertedInRecovery !== true && Number.isFinite(token.startOffset);
}

// The accessors below take one child list of a typed CST node (`ctx.Name`, `ctx.typeRef`). The generated
// types say which lists a rule always has, but after error recovery any of them may be missing.

/** The first token of a child list, unless recovery left it out or invented it. */
export function firstToken(list: readonly IToken[] | undefined): IToken | undefined {
  const token = list?.[0];
  return token !== undefined && isRealToken(token) ? token : undefined;
}

/** The real tokens of a child list. */
export function realTokens(list: readonly IToken[] | undefined): IToken[] {
  return (list ?? []).filter(isRealToken);
}

/** The first node of a child list. */
export function firstNode<N extends CstNode>(list: readonly N[] | undefined): N | undefined {
  return list?.[0];
}

/** Every node of a child list. */
export function allNodes<N extends CstNode>(list: readonly N[] | undefined): readonly N[] {
  return list ?? [];
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

  /**
   * The span of a CST node's children, or a zero-width span at `fallback`'s end (the file's start when
   * none is given) when it has no real tokens.
   */
  span(children: Children | undefined, fallback: Span = this.fileStart): Span {
    const r = children ? this.range(children) : undefined;
    return r ? this.source.span(r[0], r[1]) : { file: fallback.file, start: fallback.end, end: fallback.end };
  }

  /**
   * The span of a CST node: its location, which the parser tracks as it adds real tokens (inserted ones
   * have no offsets, so they never widen it) — or, where recovery left it without one, the walk of `span`.
   * The location is the common case; walking every node's children cost a third of building the AST.
   */
  nodeSpan(node: CstNode, fallback: Span = this.fileStart): Span {
    const location = node.location;
    if (location !== undefined && Number.isFinite(location.startOffset) && Number.isFinite(location.endOffset)) {
      return this.source.span(location.startOffset, (location.endOffset as number) + 1);
    }
    return this.span(node.children, fallback);
  }

  /** The zero-width span at the start of the file: where a node with no tokens at all is placed. */
  get fileStart(): Span {
    return (this.#fileStart ??= this.source.span(0, 0));
  }

  #fileStart: Span | undefined;

  /** The doc comment right before the node that starts where `span` starts. */
  docAt(span: Span): DocComment | undefined {
    return this.docs.get(span.start.offset);
  }

  identifier(token: IToken | undefined, fallback: Span): Identifier {
    if (!token) return { kind: "identifier", name: "", span: { file: fallback.file, start: fallback.end, end: fallback.end } };
    return { kind: "identifier", name: token.image, span: this.tokenSpan(token) };
  }
}
