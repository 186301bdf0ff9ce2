/**
 * Type resolution: a `TypeRef` as written to a `TypeModel`. Binds built-in and declared type names,
 * interprets length specs (fixed, padding, prefix, field, rest, nul) and array counts, applies `as`, and
 * reports what cannot be (E0205, E0301-E0310, E0501-E0503, E0707). Openness of `rest` items and array
 * elements needs every struct's layout, so it is checked later (layout-shape.ts).
 */
import type * as A from "../ast/ast.js";
import type * as M from "../model/model.js";
import { BUILTINS, intType } from "./builtins.js";
import type { CheckContext } from "./context.js";
import { constValue, memberValue } from "./constants.js";
import { describeDecl, describeType } from "./describe.js";
import type { FieldScope } from "./field-scope.js";
import { reportLookup } from "./lookup-errors.js";
import type { FileScope } from "./scope.js";
import { didYouMean } from "./suggest.js";

export interface TypeEnv {
  readonly scope: FileScope;
  /** The layout's fields, for `bytes<len>` and `T[count]`. */
  readonly fields: FieldScope;
  readonly repr: A.FieldDecl["repr"];
  /** Called for each earlier field a length or count names: it becomes a length field. */
  readonly onLengthField: (field: M.FieldModel) => void;
}

/** Largest fixed length, count or pad: anything bigger is a mistake in a schema for network packets. */
export const MAX_FIXED = 0x7fff_ffff;

type SpecValue =
  | { readonly kind: "fixed"; readonly size: number }
  | { readonly kind: "prefix"; readonly prefix: M.PrefixType }
  | { readonly kind: "field"; readonly field: M.FieldModel }
  | { readonly kind: "rest" }
  | { readonly kind: "nul" };

type Place = "length" | "count";

export function resolveType(ctx: CheckContext, ref: A.TypeRef, env: TypeEnv): M.TypeModel | undefined {
  const base = resolveBase(ctx, ref, env);
  if (!base) return undefined;
  let type: M.TypeModel = base;
  for (const count of ref.counts) {
    const spec = resolveSpec(ctx, count.arg, env, "count");
    if (!spec) return undefined;
    if (spec.kind === "nul") {
      ctx.diagnostics.error("E0307", "`nul` can't count array items; use a number, an integer type, `varint`, an earlier field or `rest`", count.arg.span);
      return undefined;
    }
    const items: M.ItemCount = spec.kind === "fixed" ? { kind: "fixed", count: spec.size } : spec;
    type = { kind: "array", element: type, count: items };
  }
  return type;
}

function resolveBase(ctx: CheckContext, ref: A.TypeRef, env: TypeEnv): M.TypeModel | undefined {
  const name = ref.base;
  if (name.parts.length === 0) return undefined;
  const builtin = name.parts.length === 1 ? BUILTINS.get(name.text) : undefined;
  const repr = env.repr?.value;
  const reprError = (what: string): void => {
    if (env.repr) ctx.diagnostics.error("E0306", `\`as ${env.repr.value}\` applies to 64-bit integers and \`varint\` only, not to ${what}`, env.repr.span);
  };
  const noLength = (what: string): boolean => {
    if (!ref.length) return true;
    ctx.diagnostics.error("E0302", `${what} takes no length spec; only \`string\`, \`bytes\`, structs and fixed-width values (in a prefix: \`u32<varint>\`) do`, ref.length.span);
    return false;
  };
  if (builtin) {
    switch (builtin.kind) {
      case "int": {
        if (builtin.type.bits !== 64) reprError(`\`${name.text}\` (already a number)`);
        return prefixedOrPlain(ctx, ref, env, intType(builtin.type, builtin.type.bits === 64 ? repr : undefined));
      }
      case "varint":
        return noLength("`varint`") ? { kind: "varint", repr: repr ?? "number" } : undefined;
      case "float":
        reprError(`\`${name.text}\``);
        return prefixedOrPlain(ctx, ref, env, builtin.type);
      case "string":
      case "bytes":
        reprError(`\`${name.text}\``);
        return stringOrBytes(ctx, builtin.kind, ref, env);
    }
  }
  const lookup = env.scope.resolve(name);
  if (lookup.kind !== "decl") {
    const candidates = [...BUILTINS.keys(), ...env.scope.visibleNames((s) => s.kind === "struct" || s.kind === "enum" || s.kind === "flags")];
    reportLookup(ctx, lookup, name, "type", candidates);
    return undefined;
  }
  const symbol = lookup.symbol;
  switch (symbol.kind) {
    case "enum":
    case "flags":
      reprError(`${symbol.kind} \`${name.text}\``);
      return prefixedOrPlain(ctx, ref, env, symbol.kind === "enum" ? { kind: "enum", enum: symbol.model } : { kind: "flags", flags: symbol.model });
    case "struct": {
      reprError(`struct \`${name.text}\``);
      if (!ref.length) return { kind: "struct", struct: symbol.model, sizePrefix: undefined };
      const spec = resolveSpec(ctx, ref.length.arg, env, "length");
      if (!spec) return undefined;
      if (spec.kind !== "prefix") {
        ctx.diagnostics.error("E0303", `a struct's size prefix must be an integer type or \`varint\` (as in \`${name.text}<u32>\`)`, ref.length.arg.span);
        return undefined;
      }
      if (ref.length.padding) {
        ctx.diagnostics.error("E0305", "padding applies to fixed-length strings and bytes only", ref.length.padding.span);
        return undefined;
      }
      return { kind: "struct", struct: symbol.model, sizePrefix: spec.prefix };
    }
    default:
      ctx.diagnostics.error("E0208", `\`${name.text}\` is ${describeDecl(symbol.kind)}, not a type`, name.span);
      return undefined;
  }
}

/**
 * A fixed-width value, plain or behind a byte-length prefix (`id: u32<varint>`, a Box field): the prefix
 * must be an integer type or `varint`, with no padding.
 */
function prefixedOrPlain(ctx: CheckContext, ref: A.TypeRef, env: TypeEnv, value: M.PrefixedType["value"]): M.TypeModel | undefined {
  if (!ref.length) return value;
  const spec = resolveSpec(ctx, ref.length.arg, env, "length");
  if (!spec) return undefined;
  if (spec.kind !== "prefix") {
    ctx.diagnostics.error("E0311", `a fixed-width value takes a length prefix only: an integer type or \`varint\` (as in \`${ref.base.text}<varint>\`), not a ${spec.kind === "fixed" ? "fixed length" : spec.kind === "field" ? "length field" : `\`${spec.kind}\``}`, ref.length.arg.span);
    return undefined;
  }
  if (ref.length.padding) {
    ctx.diagnostics.error("E0305", "padding applies to fixed-length strings and bytes only", ref.length.padding.span);
    return undefined;
  }
  return { kind: "prefixed", value, prefix: spec.prefix };
}

function stringOrBytes(ctx: CheckContext, kind: "string" | "bytes", ref: A.TypeRef, env: TypeEnv): M.StringType | M.BytesType | undefined {
  const spec = ref.length;
  if (!spec) {
    ctx.diagnostics.error("E0301", `\`${kind}\` needs a length: \`${kind}<16>\`, \`${kind}<nul>\`, \`${kind}<varint>\`, \`${kind}<u32>\`, \`${kind}<len>\` or \`${kind}<rest>\``, ref.base.span);
    return undefined;
  }
  const value = resolveSpec(ctx, spec.arg, env, "length");
  if (!value) return undefined;
  const padding = spec.padding;
  if (padding && value.kind !== "fixed") {
    ctx.diagnostics.error("E0305", `padding applies to fixed lengths only (as in \`${kind}<16, ${padding.value}>\`)`, padding.span);
    return undefined;
  }
  if (padding?.value === "space" && kind === "bytes") {
    ctx.diagnostics.error("E0310", "`space` padding is for strings (Perl `A`); bytes are NUL-padded", padding.span);
    return undefined;
  }
  let length: M.ByteLength;
  if (value.kind === "fixed") {
    length = { kind: "fixed", size: value.size, pad: padding?.value === "space" ? "space" : padding?.value === "nul" ? "nulterm" : "nul" };
  } else {
    length = value;
  }
  return { kind, length };
}

function resolveSpec(ctx: CheckContext, arg: A.SpecArg, env: TypeEnv, place: Place): SpecValue | undefined {
  switch (arg.kind) {
    case "rest":
      return { kind: "rest" };
    case "nul":
      return { kind: "nul" };
    case "int":
      return fixed(ctx, arg.value, arg.span, place);
    case "qualifiedName":
      return resolveSpecName(ctx, arg, env, place);
  }
}

function fixed(ctx: CheckContext, value: bigint, span: A.SpecArg["span"], place: Place): SpecValue | undefined {
  if (value >= 1n && value <= BigInt(MAX_FIXED)) return { kind: "fixed", size: Number(value) };
  ctx.diagnostics.error("E0304", `a fixed ${place} must be between 1 and ${MAX_FIXED}, found ${value}`, span);
  return undefined;
}

function resolveSpecName(ctx: CheckContext, name: A.QualifiedName, env: TypeEnv, place: Place): SpecValue | undefined {
  if (name.parts.length === 0) return undefined;
  const text = name.text;
  const builtin = name.parts.length === 1 ? BUILTINS.get(text) : undefined;
  if (builtin?.kind === "int") return { kind: "prefix", prefix: intType(builtin.type) };
  if (builtin?.kind === "varint") return { kind: "prefix", prefix: { kind: "varint", repr: "number" } };
  if (builtin) {
    const code = place === "length" ? "E0303" : "E0307";
    ctx.diagnostics.error(code, `\`${text}\` can't be a ${place} prefix; use an integer type or \`varint\``, name.span);
    return undefined;
  }
  if (name.parts.length === 1) {
    const field = env.fields.earlier(text);
    if (field) {
      if (ctx.poisoned.has(field)) return undefined;
      if (env.fields.isOuter(text)) {
        // The envelope's fields are written before the error block, and by success replies without one:
        // a length there would have to be computed from a block that may not follow.
        ctx.diagnostics.error("E0707", `the ${place} field \`${text}\` is a field of the envelope: a ${place} in the error block must be a field of the error block`, name.span, [
          { message: `\`${text}\` is declared here`, span: field.span },
        ]);
        return undefined;
      }
      if (field.type.kind !== "int" && field.type.kind !== "varint") {
        ctx.diagnostics.error("E0503", `\`${text}\` gives a ${place}, so it must be an integer field; it is ${describeType(field.type)}`, name.span, [
          { message: `\`${text}\` is declared here`, span: field.span },
        ]);
        return undefined;
      }
      env.onLengthField(field);
      return { kind: "field", field };
    }
    if (env.fields.isLater(text)) {
      ctx.diagnostics.error("E0502", `the ${place} field \`${text}\` must come before the field it measures`, name.span);
      return undefined;
    }
    if (env.fields.has(text)) return undefined; // declared earlier but failed to build
  }
  const lookup = env.scope.resolve(name);
  if (lookup.kind === "decl" && lookup.symbol.kind === "const") {
    const value = constValue(ctx, lookup.symbol);
    if (value === undefined) return undefined;
    if (typeof value !== "bigint") {
      ctx.diagnostics.error("E0304", `a ${place} must be an integer; constant \`${text}\` is ${typeof value === "string" ? "a string" : "a boolean"}`, name.span);
      return undefined;
    }
    return fixed(ctx, value, name.span, place);
  }
  if (lookup.kind === "member") {
    const value = memberValue(ctx, lookup.symbol, lookup.member);
    return value === undefined ? undefined : fixed(ctx, value, name.span, place);
  }
  if (lookup.kind === "decl") {
    ctx.diagnostics.error("E0208", `\`${text}\` is ${describeDecl(lookup.symbol.kind)}; a ${place} must be a number, an integer type, \`varint\`, an earlier field or a constant`, name.span);
    return undefined;
  }
  if (lookup.kind === "missing" && name.parts.length === 1) {
    const candidates = [
      ...env.fields.names().filter((n) => env.fields.earlier(n)),
      ...env.scope.visibleNames((s) => s.kind === "const"),
      "varint",
      "rest",
    ];
    ctx.diagnostics.error("E0501", `unknown ${place} \`${text}\`: no earlier field or constant has this name${didYouMean(text, candidates)}`, name.span);
    return undefined;
  }
  reportLookup(ctx, lookup, name, "value");
  return undefined;
}
