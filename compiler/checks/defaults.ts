/**
 * Default values: a field's `= expr` must be a constant of the field's kind that fits it (E0405, E0406).
 * Numbers must fit the type (and a JavaScript number where the field is one); strings must fit their
 * fixed size or length prefix in UTF-8 bytes, and a NUL-terminated string can't contain a NUL.
 */
import type * as M from "../model/model.js";
import type { Span } from "../diagnostics/span.js";
import { intRange, intTypeName } from "../model/wire.js";
import { MAX_SAFE, U64_MAX } from "./builtins.js";
import type { CheckContext } from "./context.js";
import { describeValue } from "./constants.js";
import { describeType } from "./describe.js";

const utf8 = new TextEncoder();

function numberRange(type: M.TypeModel): readonly [bigint, bigint, string] | undefined {
  switch (type.kind) {
    case "int": {
      const { lo, hi } = intRange(type);
      if (type.repr === "number" && type.bits === 64) {
        return [lo < -MAX_SAFE ? -MAX_SAFE : lo, hi > MAX_SAFE ? MAX_SAFE : hi, `${intTypeName(type)} as number`];
      }
      return [lo, hi, intTypeName(type)];
    }
    case "varint":
      return type.repr === "number" ? [0n, MAX_SAFE, "varint"] : [0n, U64_MAX, "varint as bigint"];
    case "enum":
      return withName(type.enum.backing, `enum \`${type.enum.name}\``);
    case "flags":
      return withName(type.flags.backing, `flags \`${type.flags.name}\``);
    case "float":
      // Integers that the float represents exactly.
      return type.bits === 32 ? [-(1n << 24n), 1n << 24n, "f32"] : [-(1n << 53n), 1n << 53n, "f64"];
    default:
      return undefined;
  }
}

function withName(backing: M.IntType, name: string): readonly [bigint, bigint, string] {
  const { lo, hi } = intRange(backing);
  return [lo, hi, name];
}

/** Largest byte length a prefix type can state. */
function prefixMax(prefix: M.PrefixType): bigint {
  if (prefix.kind === "varint") return prefix.repr === "number" ? MAX_SAFE : U64_MAX;
  return intRange(prefix).hi;
}

/** The default value to record, or undefined after reporting why it can't be one. */
export function checkDefault(ctx: CheckContext, name: string, type: M.TypeModel, value: M.ConstValue, span: Span): M.ConstValue | undefined {
  const d = ctx.diagnostics;
  const range = numberRange(type);
  if (range) {
    if (typeof value !== "bigint") {
      d.error("E0406", `the default of \`${name}\` must be an integer, found ${describeValue(value)}`, span);
      return undefined;
    }
    const [min, max, typeName] = range;
    if (value < min || value > max) {
      d.error("E0405", `the default ${value} does not fit \`${name}\` (${typeName}: ${min} … ${max})`, span);
      return undefined;
    }
    return value;
  }
  if (type.kind !== "string") {
    d.error("E0406", `\`${name}\` is ${describeType(type)} field, which can't have a default; defaults are for numbers, enums, flags and strings`, span);
    return undefined;
  }
  if (typeof value !== "string") {
    d.error("E0406", `the default of \`${name}\` must be a string, found ${describeValue(value)}`, span);
    return undefined;
  }
  const bytes = BigInt(utf8.encode(value).length);
  const length = type.length;
  let limit: bigint | undefined;
  let terminated = false;
  if (length.kind === "fixed") {
    terminated = length.pad === "nulterm";
    limit = BigInt(length.size) - (terminated ? 1n : 0n);
  } else if (length.kind === "prefix") {
    limit = prefixMax(length.prefix);
  } else if (length.kind === "nul") {
    terminated = true;
  }
  if (terminated && value.includes("\0")) {
    d.error("E0405", `the default of \`${name}\` contains a NUL, which would end a NUL-terminated string early`, span);
    return undefined;
  }
  if (limit !== undefined && bytes > limit) {
    d.error("E0405", `the default of \`${name}\` is ${bytes} bytes of UTF-8; the field holds at most ${limit}`, span);
    return undefined;
  }
  return value;
}
