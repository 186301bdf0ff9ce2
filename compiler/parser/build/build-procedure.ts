/** Builds a `procedure` declaration (Tarantool Box CALL): its Lua name, its arguments, its result tuples. */
import type * as A from "../../ast/ast.js";
import type * as C from "../grammar/cst.js";
import { buildQualifiedName } from "./build-expr.js";
import { buildTypeRefOrMissing, repr } from "./build-layout.js";
import { type BuildContext, allNodes, firstNode } from "./build-context.js";

export function buildProcedureDecl(ctx: C.ProcedureDeclCstChildren, c: BuildContext): A.ProcedureDecl {
  const span = c.span(ctx);
  // The Lua name, dots and all, is one identifier: procedures are called by that text.
  const qualified = buildQualifiedName(firstNode(ctx.qualifiedName), c, span);
  const name: A.Identifier = { kind: "identifier", name: qualified.text, span: qualified.span };
  let returns: A.ProcedureReturns | undefined;
  const resultSpace = firstNode(ctx.resultSpace);
  if (resultSpace) {
    const space = buildQualifiedName(resultSpace, c, span);
    returns = { kind: "space", space, span: c.span({ Kw_returns: ctx.Kw_returns ?? [], resultSpace: [resultSpace] }, span) };
  } else if (ctx.resultOpen) {
    const fields = allNodes(ctx.result).map((n) => procedureField(n.children, c));
    returns = {
      kind: "fields",
      fields,
      span: c.span({ Kw_returns: ctx.Kw_returns ?? [], resultOpen: ctx.resultOpen, resultClose: ctx.resultClose ?? [], result: ctx.result ?? [] }, span),
    };
  }
  return {
    kind: "procedure",
    name,
    args: allNodes(ctx.arg).map((n) => procedureField(n.children, c)),
    returns,
    doc: c.docAt(span),
    span,
  };
}

function procedureField(ctx: C.ProcedureFieldCstChildren, c: BuildContext): A.FieldDecl {
  const span = c.span(ctx);
  const name = c.identifier(ctx.fieldName[0], span);
  return {
    kind: "field",
    name,
    type: buildTypeRefOrMissing(firstNode(ctx.typeRef), c, name.span),
    repr: repr(ctx.repr?.[0], c),
    value: undefined,
    condition: undefined,
    doc: c.docAt(span),
    span,
  };
}
