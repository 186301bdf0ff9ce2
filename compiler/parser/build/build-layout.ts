/**
 * AST building for layouts — the fields and padding of structs, envelopes, error clauses and message
 * bodies — and for the types they name, from the typed CST (grammar/cst.ts).
 */
import type { IToken } from "chevrotain";
import type * as A from "../../ast/ast.js";
import type { Span } from "../../diagnostics/span.js";
import type * as C from "../grammar/cst.js";
import { buildExpr, buildQualifiedName, buildSpecArg } from "./build-expr.js";
import { type BuildContext, allNodes, firstNode, firstToken } from "./build-context.js";

/** The items of a layout; an item recovery left empty is dropped. */
export function buildLayoutItems(list: readonly C.LayoutItemCstNode[] | undefined, c: BuildContext): A.LayoutItem[] {
  return allNodes(list)
    .map((n) => layoutItem(n, c))
    .filter((item): item is A.LayoutItem => item !== undefined);
}

function layoutItem(node: C.LayoutItemCstNode, c: BuildContext): A.LayoutItem | undefined {
  const ctx = node.children;
  const pad = firstNode(ctx.padDecl);
  if (pad) return padDecl(pad, c);
  const field = firstNode(ctx.fieldDecl);
  return field ? fieldDecl(field, c) : undefined;
}

function padDecl(node: C.PadDeclCstNode, c: BuildContext): A.PadDecl {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  return { kind: "pad", size: buildExpr(firstNode(ctx.expr), c, span), doc: c.docAt(span), span };
}

export function fieldDecl(node: C.FieldDeclCstNode, c: BuildContext): A.FieldDecl {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  const name = c.identifier(firstToken(ctx.fieldName), span);
  const sizeofNode = firstNode(ctx.sizeofValue);
  const valueNode = firstNode(ctx.expr);
  const conditionNode = firstNode(ctx.condition);
  return {
    kind: "field",
    name,
    type: buildTypeRefOrMissing(firstNode(ctx.typeRef), c, name.span),
    repr: repr(firstToken(ctx.repr), c),
    value: sizeofNode ? sizeofValue(sizeofNode, c) : valueNode ? buildExpr(valueNode, c, span) : undefined,
    condition: conditionNode ? buildExpr(conditionNode, c, span) : undefined,
    doc: c.docAt(span),
    span,
  };
}

function sizeofValue(node: C.SizeofValueCstNode, c: BuildContext): A.SizeofValue {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  return { kind: "sizeof", target: c.identifier(firstToken(ctx.Name), span), span };
}

export function repr(token: IToken | undefined, c: BuildContext): A.FieldDecl["repr"] {
  if (!token) return undefined;
  if (token.image === "number" || token.image === "bigint") return { value: token.image, span: c.tokenSpan(token) };
  c.diagnostics.error("E0008", `expected \`number\` or \`bigint\` after \`as\`, found \`${token.image}\``, c.tokenSpan(token));
  return undefined;
}

export function buildTypeRef(node: C.TypeRefCstNode, c: BuildContext): A.TypeRef {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  const lengthNode = firstNode(ctx.lengthSpec);
  return {
    kind: "type",
    base: buildQualifiedName(firstNode(ctx.qualifiedName), c, span),
    length: lengthNode ? lengthSpec(lengthNode, c) : undefined,
    counts: allNodes(ctx.countSpec).map((n) => countSpec(n, c)),
    span,
  };
}

/** A type, or a missing one (empty base name) at `fallback`'s end. */
export function buildTypeRefOrMissing(node: C.TypeRefCstNode | undefined, c: BuildContext, fallback: Span): A.TypeRef {
  if (node) return buildTypeRef(node, c);
  const at = { file: fallback.file, start: fallback.end, end: fallback.end };
  return { kind: "type", base: { kind: "qualifiedName", parts: [], text: "", span: at }, length: undefined, counts: [], span: at };
}

function lengthSpec(node: C.LengthSpecCstNode, c: BuildContext): A.LengthSpec {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  const paddingToken = firstToken(ctx.padding);
  let padding: A.LengthSpec["padding"];
  if (paddingToken) {
    const value = paddingToken.image;
    if (value === "space" || value === "nul") padding = { value, span: c.tokenSpan(paddingToken) };
    else c.diagnostics.error("E0009", `expected \`space\` or \`nul\` after the comma, found \`${value}\``, c.tokenSpan(paddingToken));
  }
  return { kind: "lengthSpec", arg: buildSpecArg(firstNode(ctx.specArg), c, span), padding, span };
}

function countSpec(node: C.CountSpecCstNode, c: BuildContext): A.CountSpec {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  return { kind: "countSpec", arg: buildSpecArg(firstNode(ctx.specArg), c, span), span };
}
