/**
 * Expression checking: binds names (fields, `request.x`, constants, enum members), types every operand
 * (int, bool or string), folds constant parts to literals, and reports type errors. Used for constants,
 * enum values, defaults, message codes and pad sizes (constants only) and for conditions (fields too).
 */
import type * as A from "../ast/ast.js";
import type * as M from "../model/model.js";
import type { CheckContext } from "./context.js";
import { constValue, memberValue } from "./constants.js";
import type { FieldScope } from "./field-scope.js";
import { reportLookup } from "./lookup-errors.js";
import type { FileScope } from "./scope.js";
import { didYouMean } from "./suggest.js";
import { describeDecl, describeType, describeValueType } from "./describe.js";
import { applyIntegerOp } from "../model/arithmetic.js";

export type ValueType = "int" | "bool" | "string";

export interface Checked {
  /** undefined after an error (already reported): callers stay silent. */
  readonly type: ValueType | undefined;
  readonly model: M.ExprModel | undefined;
  /** The folded value when the expression is constant. */
  readonly constant: M.ConstValue | undefined;
}

export interface ExprEnv {
  readonly scope: FileScope;
  /** Fields the expression may use; undefined where only constants are allowed. */
  readonly fields: FieldScope | undefined;
  /** The request's fields, where `request.x` is allowed. */
  readonly request: FieldScope | undefined;
  /** For constants-only places inside a layout: the layout's fields, to explain why one can't be used. */
  readonly layoutFields?: FieldScope | undefined;
  /** What the constant is for, in messages ("a default value"). */
  readonly constantFor?: string;
}

const FAILED: Checked = { type: undefined, model: undefined, constant: undefined };

export function typeOfConst(value: M.ConstValue): ValueType {
  return typeof value === "bigint" ? "int" : typeof value === "boolean" ? "bool" : "string";
}

function constant(value: M.ConstValue, span: M.ExprModel["span"]): Checked {
  const model: M.ExprModel =
    typeof value === "bigint"
      ? { kind: "int", value, span }
      : typeof value === "boolean"
        ? { kind: "bool", value, span }
        : { kind: "string", value, span };
  return { type: typeOfConst(value), model, constant: value };
}

/** The expression type of a field's value, or undefined when fields of its type can't be used. */
export function fieldValueType(type: M.TypeModel): ValueType | undefined {
  switch (type.kind) {
    case "int":
    case "varint":
    case "enum":
    case "flags":
      return "int";
    case "string":
      return "string";
    default:
      return undefined;
  }
}

function fieldRef(ctx: CheckContext, field: M.FieldModel, kind: "field" | "requestField", span: M.ExprModel["span"], written: string): Checked {
  if (ctx.poisoned.has(field)) return FAILED;
  const type = fieldValueType(field.type);
  if (!type) {
    ctx.diagnostics.error("E0410", `\`${written}\` is ${describeType(field.type)} field; expressions can use integer, enum, flags and string fields only`, span);
    return FAILED;
  }
  return { type, model: { kind, field, span }, constant: undefined };
}

export function checkExpr(ctx: CheckContext, expr: A.Expr, env: ExprEnv): Checked {
  switch (expr.kind) {
    case "error":
      return FAILED;
    case "int":
    case "bool":
    case "string":
      return constant(expr.value, expr.span);
    case "paren":
      return checkExpr(ctx, expr.expr, env);
    case "requestField":
      return checkRequestField(ctx, expr, env);
    case "name":
      return checkName(ctx, expr, env);
    case "unary":
      return checkUnary(ctx, expr, env);
    case "binary":
      return checkBinary(ctx, expr, env);
  }
}

function checkRequestField(ctx: CheckContext, expr: A.RequestFieldExpr, env: ExprEnv): Checked {
  const name = expr.field.name;
  if (name === "") return FAILED;
  if (!env.request) {
    ctx.diagnostics.error("E0513", `\`request.${name}\` can only be used in a response layout or a message's \`retry_when\``, expr.span);
    return FAILED;
  }
  const field = env.request.any(name);
  if (!field) {
    if (!env.request.has(name)) {
      ctx.diagnostics.error("E0514", `the request has no field \`${name}\`${didYouMean(name, env.request.names())}`, expr.field.span);
    }
    return FAILED;
  }
  if (field.role.kind === "sizeof") {
    // Unlike a length, which the response can recompute from what it measures, a byte size exists only
    // in the encoded request.
    ctx.diagnostics.error("E0518", `\`request.${name}\` can't be used: it is the byte size of \`${field.role.target.name}\`, which only encoding the request computes`, expr.span, [
      { message: `\`${name}\` is declared here`, span: field.span },
    ]);
    return FAILED;
  }
  return fieldRef(ctx, field, "requestField", expr.span, `request.${name}`);
}

function checkName(ctx: CheckContext, expr: A.NameExpr, env: ExprEnv): Checked {
  const parts = expr.name.parts;
  const first = parts[0]?.name;
  if (first === undefined || parts.some((p) => p.name === "")) return FAILED;
  const fields = env.fields;
  if (parts.length > 1 && (fields?.has(first) || env.layoutFields?.has(first) || first === "request")) {
    ctx.diagnostics.error("E0517", `\`${expr.name.text}\`: expressions can't reach into struct fields; only whole integer, enum and string fields can be used`, expr.span);
    return FAILED;
  }
  if (parts.length === 1 && fields) {
    const field = fields.earlier(first);
    if (field) return fieldRef(ctx, field, "field", expr.span, first);
    if (fields.isLater(first)) {
      ctx.diagnostics.error("E0512", `\`${first}\` is not an earlier field: a condition can only use fields that come before it`, expr.span);
      return FAILED;
    }
    if (fields.has(first)) return FAILED; // an earlier field whose model failed to build
  }
  const lookup = env.scope.resolve(expr.name);
  if (lookup.kind === "decl" && lookup.symbol.kind === "const") {
    const value = constValue(ctx, lookup.symbol);
    return value === undefined ? FAILED : constant(value, expr.span);
  }
  if (lookup.kind === "member") {
    const value = memberValue(ctx, lookup.symbol, lookup.member);
    return value === undefined ? FAILED : constant(value, expr.span);
  }
  if (lookup.kind === "decl") {
    ctx.diagnostics.error("E0208", `\`${expr.name.text}\` is ${describeDecl(lookup.symbol.kind)}, not a value`, expr.span);
    return FAILED;
  }
  if (lookup.kind === "missing" && parts.length === 1) {
    if (!fields && env.layoutFields?.has(first)) {
      ctx.diagnostics.error("E0408", `${env.constantFor ?? "this value"} must be a constant; \`${first}\` is a field`, expr.span);
      return FAILED;
    }
    if (env.request?.has(first)) {
      ctx.diagnostics.error("E0206", `unknown name \`${first}\`; did you mean \`request.${first}\`?`, expr.span);
      return FAILED;
    }
    const candidates = [
      ...(fields ? fields.names().filter((n) => fields.earlier(n)) : []),
      ...env.scope.visibleNames((s) => s.kind === "const"),
    ];
    ctx.diagnostics.error("E0206", `unknown name \`${first}\`${didYouMean(first, candidates)}`, expr.span);
    return FAILED;
  }
  reportLookup(ctx, lookup, expr.name, "value", [...env.scope.visibleNames((s) => s.kind === "enum" || s.kind === "flags"), ...env.scope.packageNames()]);
  return FAILED;
}

function checkUnary(ctx: CheckContext, expr: A.UnaryExpr, env: ExprEnv): Checked {
  const operand = checkExpr(ctx, expr.operand, env);
  if (!operand.type || !operand.model) return FAILED;
  if (expr.op === "!") {
    if (operand.type === "string") return typeError(ctx, expr.op, operand.type, expr.operand.span);
    const value = operand.constant;
    if (value !== undefined) return constant(typeof value === "bigint" ? value === 0n : !value, expr.span);
    return { type: "bool", model: { kind: "unary", op: "!", operand: operand.model, span: expr.span }, constant: undefined };
  }
  if (operand.type !== "int") return typeError(ctx, expr.op, operand.type, expr.operand.span);
  const value = operand.constant;
  if (typeof value === "bigint") return constant(expr.op === "-" ? -value : ~value, expr.span);
  return { type: "int", model: { kind: "unary", op: expr.op, operand: operand.model, span: expr.span }, constant: undefined };
}

function typeError(ctx: CheckContext, op: string, found: ValueType, span: A.Expr["span"]): Checked {
  const wanted = op === "!" || op === "&&" || op === "||" ? "an integer or a boolean" : "an integer";
  ctx.diagnostics.error("E0404", `\`${op}\` needs ${wanted}, found ${describeValueType(found)}`, span);
  return FAILED;
}

const ARITHMETIC = new Set(["+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>"]);
const RELATIONAL = new Set(["<", "<=", ">", ">="]);

function checkBinary(ctx: CheckContext, expr: A.BinaryExpr, env: ExprEnv): Checked {
  const left = checkExpr(ctx, expr.left, env);
  const right = checkExpr(ctx, expr.right, env);
  if (!left.type || !right.type || !left.model || !right.model) return FAILED;
  const op = expr.op;
  let type: ValueType;
  if (ARITHMETIC.has(op) || RELATIONAL.has(op)) {
    if (left.type !== "int") return typeError(ctx, op, left.type, expr.left.span);
    if (right.type !== "int") return typeError(ctx, op, right.type, expr.right.span);
    type = ARITHMETIC.has(op) ? "int" : "bool";
  } else if (op === "==" || op === "!=") {
    if (left.type !== right.type) {
      ctx.diagnostics.error("E0404", `\`${op}\` compares values of one type; found ${describeValueType(left.type)} and ${describeValueType(right.type)}`, expr.span);
      return FAILED;
    }
    type = "bool";
  } else {
    if (left.type === "string") return typeError(ctx, op, left.type, expr.left.span);
    if (right.type === "string") return typeError(ctx, op, right.type, expr.right.span);
    type = "bool";
  }
  if (left.constant !== undefined && right.constant !== undefined) {
    const value = fold(ctx, op, left.constant, right.constant, expr);
    return value === undefined ? FAILED : constant(value, expr.span);
  }
  if ((op === "<<" || op === ">>") && typeof right.constant === "bigint" && !shiftCountOk(ctx, right.constant, expr.right.span)) return FAILED;
  return { type, model: { kind: "binary", op, left: left.model, right: right.model, span: expr.span }, constant: undefined };
}

function shiftCountOk(ctx: CheckContext, count: bigint, span: A.Expr["span"]): boolean {
  if (count >= 0n && count <= 64n) return true;
  ctx.diagnostics.error("E0404", `a shift count must be between 0 and 64, found ${count}`, span);
  return false;
}

function truthy(value: M.ConstValue): boolean {
  return typeof value === "bigint" ? value !== 0n : Boolean(value);
}

function fold(ctx: CheckContext, op: A.BinaryOperator, a: M.ConstValue, b: M.ConstValue, expr: A.BinaryExpr): M.ConstValue | undefined {
  switch (op) {
    case "||": return truthy(a) || truthy(b);
    case "&&": return truthy(a) && truthy(b);
    case "==": return a === b;
    case "!=": return a !== b;
    default: break;
  }
  if (typeof a !== "bigint" || typeof b !== "bigint") return undefined;
  if ((op === "/" || op === "%") && b === 0n) {
    ctx.diagnostics.error("E0407", `${op === "/" ? "division" : "remainder"} by zero`, expr.span);
    return undefined;
  }
  if ((op === "<<" || op === ">>") && !shiftCountOk(ctx, b, expr.right.span)) return undefined;
  return applyIntegerOp(op, a, b);
}
