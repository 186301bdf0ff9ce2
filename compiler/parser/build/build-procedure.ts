/** Builds a `procedure` declaration (Tarantool Box CALL): its Lua name, its arguments, its result tuples. */
import type * as A from "../../ast/ast.js";
import type * as C from "../grammar/cst.js";
import { buildQualifiedName } from "./build-expr.js";
import { buildTypeRefOrMissing, repr } from "./build-layout.js";
import { type BuildContext, allNodes, firstNode, firstToken } from "./build-context.js";

export function buildProcedureDecl(node: C.ProcedureDeclCstNode, c: BuildContext): A.ProcedureDecl {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  // The Lua name, dots and all, is one identifier: procedures are called by that text.
  const qualified = buildQualifiedName(firstNode(ctx.qualifiedName), c, span);
  const name: A.Identifier = { kind: "identifier", name: qualified.text, span: qualified.span };
  let returns: A.ProcedureReturns | undefined;
  const resultSpace = firstNode(ctx.resultSpace);
  if (resultSpace) {
    const space = buildQualifiedName(resultSpace, c, span);
    returns = { kind: "space", space, span: c.span({ Kw_returns: ctx.Kw_returns ?? [], resultSpace: [resultSpace] }, span) };
  } else if (ctx.resultOpen) {
    const fields = allNodes(ctx.result).map((n) => procedureField(n, c));
    returns = {
      kind: "fields",
      fields,
      span: c.span({ Kw_returns: ctx.Kw_returns ?? [], resultOpen: ctx.resultOpen, resultClose: ctx.resultClose ?? [], result: ctx.result ?? [] }, span),
    };
  }
  return {
    kind: "procedure",
    name,
    args: allNodes(ctx.arg).map((n) => procedureField(n, c)),
    returns,
    doc: c.docAt(span),
    span,
  };
}

function procedureField(node: C.ProcedureFieldCstNode, c: BuildContext): A.FieldDecl {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  const name = c.identifier(firstToken(ctx.fieldName), span);
  return {
    kind: "field",
    name,
    type: buildTypeRefOrMissing(firstNode(ctx.typeRef), c, name.span),
    repr: repr(firstToken(ctx.repr), c),
    value: undefined,
    condition: undefined,
    doc: c.docAt(span),
    span,
  };
}
