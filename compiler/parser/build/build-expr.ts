/**
 * AST building for expressions, names, literals and spec arguments. These rules have a fixed shape, so
 * plain functions walk their CST directly (builder.ts delegates here).
 */
import type { IToken } from "chevrotain";
import type { Span } from "../../diagnostics/span.js";
import { joinSpans } from "../../diagnostics/source.js";
import { Request } from "../../lexer/tokens.js";
import type * as A from "../../ast/ast.js";
import type { ExprCstNode, PrimaryExprCstNode, QualifiedNameCstNode, SpecArgCstNode, UnaryExprCstNode } from "../grammar/cst.js";
import { allNodes, type BuildContext, firstNode, firstToken, isRealToken, realTokens } from "./build-context.js";
import { decodeStringLiteral, parseIntLiteral } from "./literals.js";
import { BINARY_PRECEDENCE } from "../../ast/operators.js";

function at(span: Span): Span {
  return { file: span.file, start: span.end, end: span.end };
}

/**
 * Most operators one expression may have. Later phases walk expression trees recursively, and a
 * left-deep chain of thousands of operators would exhaust their stack.
 */
export const MAX_OPERATORS = 256;

/** Builds an `expr` node; a missing node becomes an ErrorExpr at `fallback`'s end. */
export function buildExpr(node: ExprCstNode | undefined, c: BuildContext, fallback: Span): A.Expr {
  const budget = { operators: 0 };
  const expr = buildExprNode(node, c, fallback, budget);
  if (budget.operators <= MAX_OPERATORS) return expr;
  c.diagnostics.error("E0012", `an expression may have at most ${MAX_OPERATORS} operators; this one has ${budget.operators}`, expr.span);
  return { kind: "error", span: expr.span };
}

interface Budget {
  operators: number;
}

function buildExprNode(node: ExprCstNode | UnaryExprCstNode | undefined, c: BuildContext, fallback: Span, budget: Budget): A.Expr {
  if (!node) return { kind: "error", span: at(fallback) };
  if (node.name === "unaryExpr") return buildUnary(node, c, fallback, budget);
  const operands = allNodes(node.children.unaryExpr);
  const operators = realTokens(node.children.BinaryOp);
  budget.operators += operators.length;
  const first = buildExprNode(operands[0], c, fallback, budget);
  if (operators.length === 0) return first;
  // Precedence climbing over the flat `operand (op operand)*` list; every operator is left-associative.
  let index = 0;
  const climb = (left: A.Expr, minimum: number): A.Expr => {
    for (;;) {
      const op = operators[index];
      const power = op ? BINARY_PRECEDENCE[op.image as A.BinaryOperator] : undefined;
      if (!op || power === undefined || power < minimum) return left;
      index++;
      let right = buildExprNode(operands[index], c, c.tokenSpan(op), budget);
      for (;;) {
        const next = operators[index];
        const nextPower = next ? BINARY_PRECEDENCE[next.image as A.BinaryOperator] : undefined;
        if (nextPower === undefined || nextPower <= power) break;
        right = climb(right, power + 1);
      }
      left = { kind: "binary", op: op.image as A.BinaryOperator, left, right, span: joinSpans(left.span, right.span) };
    }
  };
  return climb(first, 0);
}

function buildUnary(node: UnaryExprCstNode, c: BuildContext, fallback: Span, budget: Budget): A.Expr {
  const ops = realTokens(node.children.UnaryOp);
  budget.operators += ops.length;
  const primary = firstNode(node.children.primaryExpr);
  let operand = primary ? buildPrimary(primary, c, c.nodeSpan(primary, fallback), budget) : ({ kind: "error", span: at(fallback) } as const);
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i];
    if (!op) continue;
    operand = { kind: "unary", op: op.image as A.UnaryOperator, operand, span: joinSpans(c.tokenSpan(op), operand.span) };
  }
  return operand;
}

function buildPrimary(node: PrimaryExprCstNode, c: BuildContext, span: Span, budget: Budget): A.Expr {
  const ctx = node.children;
  const int = firstToken(ctx.IntLiteral);
  if (int) return buildIntLiteral(int, c);
  const str = firstToken(ctx.StringLiteral);
  if (str) return buildStringLiteral(str, c, span);
  const inner = firstNode(ctx.expr);
  if (inner) return { kind: "paren", expr: buildExprNode(inner, c, span, budget), span };
  const nameNode = firstNode(ctx.qualifiedName);
  if (!nameNode) return { kind: "error", span };
  const name = buildQualifiedName(nameNode, c, span);
  const first = firstToken(nameNode.children.Name);
  if (name.parts.length === 1 && (name.text === "true" || name.text === "false")) {
    return { kind: "bool", value: name.text === "true", span: name.span };
  }
  const field = name.parts[1];
  if (first?.tokenType === Request && name.parts.length === 2 && field) {
    return { kind: "requestField", field, span: name.span };
  }
  return { kind: "name", name, span: name.span };
}

/** An integer literal; a malformed one is reported (E0005) and becomes an ErrorExpr. */
export function buildIntLiteral(token: IToken, c: BuildContext): A.IntLiteral | A.ErrorExpr {
  const span = c.tokenSpan(token);
  const parsed = parseIntLiteral(token.image);
  if ("error" in parsed) {
    c.diagnostics.error("E0005", parsed.error, span);
    return { kind: "error", span };
  }
  return { kind: "int", value: parsed.value, raw: token.image, span };
}

/** A string literal; bad escapes are reported (E0004). A missing token gives an empty string. */
export function buildStringLiteral(token: IToken | undefined, c: BuildContext, fallback: Span): A.StringLiteral {
  if (!token) return { kind: "string", value: "", raw: "", span: at(fallback) };
  const span = c.tokenSpan(token);
  const { value, problems } = decodeStringLiteral(token.image);
  for (const problem of problems) {
    const start = token.startOffset + problem.offset;
    c.diagnostics.error("E0004", problem.message, c.source.span(start, start + problem.length));
  }
  return { kind: "string", value, raw: token.image, span };
}

export function buildQualifiedName(node: QualifiedNameCstNode | undefined, c: BuildContext, fallback: Span): A.QualifiedName {
  if (!node) return { kind: "qualifiedName", parts: [], text: "", span: at(fallback) };
  const span = c.nodeSpan(node, fallback);
  const names = node.children.Name;
  const only = names?.length === 1 && node.children.Dot === undefined ? names[0] : undefined;
  if (only !== undefined && isRealToken(only)) {
    // Most names have one part (`u32`, a field, a struct): no lists to filter, map and join.
    const part = c.identifier(only, span);
    return { kind: "qualifiedName", parts: [part], text: part.name, span };
  }
  const tokens = realTokens(names);
  const parts = tokens.map((t) => c.identifier(t, span));
  // A recovered `a.` loses its last part: the name is then incomplete, so treat it as missing.
  const dots = realTokens(node.children.Dot).length;
  if (parts.length !== dots + 1) return { kind: "qualifiedName", parts: [], text: "", span };
  return { kind: "qualifiedName", parts, text: parts.map((p) => p.name).join("."), span };
}

/** A length or count argument: a number, `rest`, `nul`, or a name for the checks to resolve. */
export function buildSpecArg(node: SpecArgCstNode | undefined, c: BuildContext, fallback: Span): A.SpecArg {
  const missing: A.QualifiedName = { kind: "qualifiedName", parts: [], text: "", span: at(fallback) };
  if (!node) return missing;
  const int = firstToken(node.children.IntLiteral);
  if (int) {
    const literal = buildIntLiteral(int, c);
    return literal.kind === "int" ? literal : { ...missing, span: literal.span };
  }
  const name = buildQualifiedName(firstNode(node.children.qualifiedName), c, fallback);
  if (name.parts.length === 1 && (name.text === "rest" || name.text === "nul")) {
    return { kind: name.text, span: name.span };
  }
  return name;
}
