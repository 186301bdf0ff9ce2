/** Builds a `space` declaration (Tarantool Box): fields, an optional tail, indexes, in source order. */
import type * as A from "../../ast/ast.js";
import type * as C from "../grammar/cst.js";
import { buildExpr } from "./build-expr.js";
import { buildLayoutItems, fieldDecl } from "./build-layout.js";
import { type BuildContext, allNodes, firstToken } from "./build-context.js";

export function buildSpaceDecl(ctx: C.SpaceDeclCstChildren, c: BuildContext): A.SpaceDecl {
  const span = c.span(ctx);
  const items: A.SpaceItem[] = [
    ...allNodes(ctx.fieldDecl).map((n) => fieldDecl(n.children, c)),
    ...allNodes(ctx.tailDecl).map((n) => tailDecl(n.children, c)),
    ...allNodes(ctx.indexDecl).map((n) => indexDecl(n.children, c)),
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

function tailDecl(ctx: C.TailDeclCstChildren, c: BuildContext): A.TailDecl {
  const span = c.span(ctx);
  return { kind: "tail", items: buildLayoutItems(ctx.layoutItem, c), doc: c.docAt(span), span };
}

function indexDecl(ctx: C.IndexDeclCstChildren, c: BuildContext): A.IndexDecl {
  const span = c.span(ctx);
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
