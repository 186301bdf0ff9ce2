/** Builds a `space` declaration (Tarantool Box): fields, an optional tail, indexes, in source order. */
import type * as A from "../../ast/ast.js";
import type * as C from "../grammar/cst.js";
import { buildExpr } from "./build-expr.js";
import { buildLayoutItems, fieldDecl } from "./build-layout.js";
import { type BuildContext, allNodes, firstToken } from "./build-context.js";

export function buildSpaceDecl(node: C.SpaceDeclCstNode, c: BuildContext): A.SpaceDecl {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  const items: A.SpaceItem[] = [
    ...allNodes(ctx.fieldDecl).map((n) => fieldDecl(n, c)),
    ...allNodes(ctx.tailDecl).map((n) => tailDecl(n, c)),
    ...allNodes(ctx.indexDecl).map((n) => indexDecl(n, c)),
  ];
  items.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return {
    kind: "space",
    name: c.identifier(firstToken(ctx.Name), span),
    number: buildExpr(ctx.expr?.[0], c, span),
    items,
    doc: c.docAt(span),
    span,
  };
}

function tailDecl(node: C.TailDeclCstNode, c: BuildContext): A.TailDecl {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  return { kind: "tail", items: buildLayoutItems(ctx.layoutItem, c), doc: c.docAt(span), span };
}

function indexDecl(node: C.IndexDeclCstNode, c: BuildContext): A.IndexDecl {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  return {
    kind: "index",
    name: c.identifier(firstToken(ctx.Name), span),
    number: buildExpr(ctx.expr?.[0], c, span),
    words: (ctx.word ?? []).map((t) => c.identifier(t, span)),
    parts: (ctx.part ?? []).map((t) => c.identifier(t, span)),
    doc: c.docAt(span),
    span,
  };
}
