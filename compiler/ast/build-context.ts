/**
 * What the CST visitor needs besides the CST: the source (for spans), the doc comments by position, and a
 * place for the problems it finds in literals and contextual words. Also the small CST accessors the
 * visitor uses: after error recovery any child may be missing, so every accessor may return undefined.
 */
import type { CstElement, CstNode, IToken } from "chevrotain";
import { Diagnostics } from "../diagnostics/collector.js";
import type { SourceText } from "../diagnostics/source.js";
import type { Span } from "../diagnostics/span.js";
import type { DocComment, Identifier } from "./ast.js";
import { tokenEnd } from "../lexer/lexer.js";

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
  private readonly ranges = new WeakMap<object, readonly [number, number] | null>();

  constructor(
    readonly source: SourceText,
    private readonly docs: ReadonlyMap<number, DocComment>,
  ) {}

  tokenSpan(token: IToken): Span {
    return this.source.span(token.startOffset, tokenEnd(token));
  }

  /** [start, end) offsets of the real tokens under a CST node's children, or undefined when there are none. */
  range(children: Children): readonly [number, number] | undefined {
    const cached = this.ranges.get(children);
    if (cached !== undefined) return cached ?? undefined;
    let start = Infinity;
    let end = -Infinity;
    for (const list of Object.values(children)) {
      for (const element of list ?? []) {
        if (isToken(element)) {
          if (!isRealToken(element)) continue;
          start = Math.min(start, element.startOffset);
          end = Math.max(end, tokenEnd(element));
        } else {
          const sub = this.range(element.children);
          if (sub) {
            start = Math.min(start, sub[0]);
            end = Math.max(end, sub[1]);
          }
        }
      }
    }
    const result = Number.isFinite(start) ? ([start, end] as const) : null;
    this.ranges.set(children, result);
    return result ?? undefined;
  }

  /** The span of a CST node's children, or a zero-width span at `fallback`'s end when it has no real tokens. */
  span(children: Children | undefined, fallback: Span): Span {
    const r = children ? this.range(children) : undefined;
    return r ? this.source.span(r[0], r[1]) : { file: fallback.file, start: fallback.end, end: fallback.end };
  }

  /** The doc comment right before a node (given by its children). */
  docOf(children: Children): DocComment | undefined {
    const r = this.range(children);
    return r ? this.docs.get(r[0]) : undefined;
  }

  identifier(token: IToken | undefined, fallback: Span): Identifier {
    if (!token) return { kind: "identifier", name: "", span: { file: fallback.file, start: fallback.end, end: fallback.end } };
    return { kind: "identifier", name: token.image, span: this.tokenSpan(token) };
  }
}
