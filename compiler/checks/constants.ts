/**
 * Constants and enum/flags members: evaluated lazily (an expression may name a constant declared later or
 * in another file), memoized, with cycles reported (E0409). Typed constants are range-checked (E0401),
 * enum values against their backing type (E0402), and duplicate member names and values reported.
 */
import type * as A from "../ast/ast.js";
import type { Span } from "../diagnostics/span.js";
import type * as M from "../model/model.js";
import { intRange, intTypeName } from "../model/wire.js";
import { BUILTINS, intType, U64_MAX } from "./builtins.js";
import type { CheckContext, DeclSymbol, EnumSymbol } from "./context.js";
import { checkExpr, typeOfConst } from "./expressions.js";
import { MAX_NESTING } from "./limits.js";
import type { FileScope } from "./scope.js";

type ConstSymbol = Extract<DeclSymbol, { kind: "const" }>;

function scopeOf(symbol: DeclSymbol): FileScope {
  const scope = symbol.file.scope;
  if (!scope) throw new Error(`internal: no scope for ${symbol.file.path}`);
  return scope;
}

/**
 * Runs `compute` once per key; a re-entrant call (a cycle) reports through `onCycle` and yields undefined.
 * Evaluation recurses through the constants an expression names; past MAX_NESTING levels it stops with a
 * located diagnostic (E0412) instead of exhausting the stack.
 */
function memo<T extends M.ConstValue>(
  ctx: CheckContext,
  key: object,
  where: { readonly name: string; readonly span: Span },
  onCycle: () => void,
  compute: () => T | undefined,
): T | undefined {
  const state = ctx.evalState.get(key);
  if (state === "done") return ctx.constValues.get(key) as T | undefined;
  if (state === "active") {
    onCycle();
    return undefined;
  }
  if (ctx.evalDepth >= MAX_NESTING) {
    ctx.evalState.set(key, "done");
    ctx.constValues.set(key, undefined);
    ctx.diagnostics.error("E0412", `\`${where.name}\` is defined through a chain of more than ${MAX_NESTING} constants`, where.span);
    return undefined;
  }
  ctx.evalState.set(key, "active");
  ctx.evalDepth++;
  let value: T | undefined;
  try {
    value = compute();
  } finally {
    ctx.evalDepth--;
  }
  ctx.constValues.set(key, value);
  ctx.evalState.set(key, "done");
  return value;
}

export function constValue(ctx: CheckContext, symbol: ConstSymbol): M.ConstValue | undefined {
  const cycleReported = () =>
    ctx.diagnostics.error("E0409", `constant \`${symbol.model.name}\` is defined in terms of itself`, symbol.ast.name.span);
  return memo(ctx, symbol.model, { name: symbol.model.name, span: symbol.ast.name.span }, cycleReported, () => {
    const type = symbol.ast.type ? constType(ctx, symbol.ast.type) : undefined;
    symbol.model.type = type;
    const checked = checkExpr(ctx, symbol.ast.value, {
      scope: scopeOf(symbol),
      fields: undefined,
      request: undefined,
      constantFor: "a constant's value",
    });
    const value = checked.constant;
    if (value === undefined) return undefined;
    symbol.model.value = value;
    if (type && !fitsNumberType(value, type)) {
      ctx.diagnostics.error("E0401", `${describeValue(value)} does not fit the type \`${typeName(type)}\` of \`${symbol.model.name}\``, symbol.ast.value.span);
    }
    return value;
  });
}

function constType(ctx: CheckContext, ref: A.TypeRef): M.IntType | M.VarintType | M.FloatType | undefined {
  const name = ref.base.text;
  if (name === "") return undefined;
  const builtin = ref.base.parts.length === 1 ? BUILTINS.get(name) : undefined;
  const simple = ref.length === undefined && ref.counts.length === 0;
  if (simple && builtin?.kind === "int") return intType(builtin.type);
  if (simple && builtin?.kind === "varint") return { kind: "varint", repr: "bigint" };
  if (simple && builtin?.kind === "float") return builtin.type;
  ctx.diagnostics.error("E0309", `a constant's type must be a number type (an integer type, \`varint\` or a float), found \`${name}\``, ref.span);
  return undefined;
}

function typeName(type: M.IntType | M.VarintType | M.FloatType): string {
  return type.kind === "int" ? intTypeName(type) : type.kind === "varint" ? "varint" : `f${type.bits}`;
}

export function describeValue(value: M.ConstValue): string {
  if (typeof value === "bigint") return `the value ${value}`;
  return typeof value === "boolean" ? `the boolean ${value}` : `the string ${JSON.stringify(value)}`;
}

/** Whether a constant value fits a number type (floats take integers). */
function fitsNumberType(value: M.ConstValue, type: M.IntType | M.VarintType | M.FloatType): boolean {
  if (typeof value !== "bigint") return false;
  if (type.kind === "float") return true;
  const { lo, hi } = type.kind === "int" ? intRange(type) : { lo: 0n, hi: U64_MAX };
  return value >= lo && value <= hi;
}

/** An enum's backing type, resolved once (E0308 when it is not an integer type). */
export function enumBacking(ctx: CheckContext, symbol: EnumSymbol): M.IntType | undefined {
  const key = symbol.ast.backing;
  if (ctx.enumBackings.has(key)) return ctx.enumBackings.get(key);
  const ref = symbol.ast.backing;
  let result: M.IntType | undefined;
  if (ref.base.text !== "") {
    const builtin = ref.base.parts.length === 1 ? BUILTINS.get(ref.base.text) : undefined;
    if (builtin?.kind === "int" && ref.length === undefined && ref.counts.length === 0) {
      result = intType(builtin.type);
      symbol.model.backing = result;
    } else {
      ctx.diagnostics.error("E0308", `the backing type of ${symbol.kind} \`${symbol.model.name}\` must be an integer type (u8 … i64be), found \`${ref.base.text}\``, ref.span);
    }
  }
  ctx.enumBackings.set(key, result);
  return result;
}

export function memberValue(ctx: CheckContext, symbol: EnumSymbol, member: A.EnumMember): bigint | undefined {
  const cycleReported = () =>
    ctx.diagnostics.error("E0409", `\`${symbol.model.name}.${member.name.name}\` is defined in terms of itself`, member.name.span);
  return memo(ctx, member, { name: `${symbol.model.name}.${member.name.name}`, span: member.name.span }, cycleReported, () => {
    const checked = checkExpr(ctx, member.value, {
      scope: scopeOf(symbol),
      fields: undefined,
      request: undefined,
      constantFor: `the value of \`${symbol.model.name}.${member.name.name}\``,
    });
    const value = checked.constant;
    if (value === undefined) return undefined;
    if (typeof value !== "bigint") {
      ctx.diagnostics.error("E0402", `${symbol.kind} values are integers; \`${member.name.name}\` is ${typeOfConst(value) === "bool" ? "a boolean" : "a string"}`, member.value.span);
      return undefined;
    }
    const backing = enumBacking(ctx, symbol);
    if (backing) {
      const { lo, hi } = intRange(backing);
      if (value < lo || value > hi) {
        ctx.diagnostics.error("E0402", `${value} does not fit \`${intTypeName(backing)}\`, the backing type of ${symbol.kind} \`${symbol.model.name}\` (${lo} … ${hi})`, member.value.span);
      }
    }
    return value;
  });
}

/** Checks a whole enum or flags declaration and fills its model. */
export function checkEnum(ctx: CheckContext, symbol: EnumSymbol): void {
  enumBacking(ctx, symbol);
  const byName = new Map<string, A.EnumMember>();
  const byValue = new Map<bigint, A.EnumMember>();
  const members: M.EnumMemberModel[] = [];
  for (const member of symbol.ast.members) {
    const name = member.name.name;
    const first = byName.get(name);
    if (name !== "" && first) {
      ctx.diagnostics.error("E0203", `${symbol.kind} \`${symbol.model.name}\` already has a member \`${name}\``, member.name.span, [
        { message: "first declared here", span: first.name.span },
      ]);
    } else if (name !== "") {
      byName.set(name, member);
    }
    const value = memberValue(ctx, symbol, member);
    if (value === undefined) continue;
    const same = byValue.get(value);
    if (same) {
      ctx.diagnostics.error("E0403", `\`${name}\` has the value ${value}, which \`${same.name.name}\` already has`, member.value.span, [
        { message: `\`${same.name.name}\` is declared here`, span: same.name.span },
      ]);
    } else {
      byValue.set(value, member);
    }
    members.push({ name, doc: member.doc?.text, value, span: member.span });
  }
  symbol.model.members = members;
}
