/**
 * The values the interpretive codec works on, represented exactly as generated code represents them
 * (so both decode to equal values and encode the same bytes): integers as `number`, or `bigint` where the
 * schema's representation is bigint; enums and flags as their backing integer; strings as strings; bytes
 * as Uint8Array; arrays as arrays; structs and layouts as plain objects keyed by schema field name, a
 * conditional field that is absent holding `undefined`.
 *
 * Also the one place expressions (conditions, `error if`, `retry_when`) are evaluated over such values.
 */
import { evaluate, isTrue, type Value } from "../model/expr-eval.js";
import type { ConstValue, ExprModel, FieldModel, IntType, TypeModel, VarintType } from "../model/model.js";
import { utf8Bytes } from "../../runtime/index.js";

export type WireValue = number | bigint | string | Uint8Array | readonly WireValue[] | WireObject;
export interface WireObject {
  readonly [field: string]: WireValue | undefined;
}

/**
 * The fields an expression may read while a layout is decoded or encoded: the layout's own, an outer
 * layout's (an envelope's, for its error block), and the request's (for a response).
 */
export class Scope {
  readonly values = new Map<FieldModel, WireValue | undefined>();
  constructor(
    readonly outer?: Scope,
    readonly request?: Scope,
  ) {}

  get(field: FieldModel): WireValue | undefined {
    if (this.values.has(field)) return this.values.get(field);
    return this.outer?.get(field);
  }

  set(field: FieldModel, value: WireValue | undefined): void {
    this.values.set(field, value);
  }

  /** A scope of request values (a decoded or resolved request object) for a response's `request.x`. */
  static ofObject(fields: readonly FieldModel[], object: WireObject): Scope {
    const scope = new Scope();
    for (const f of fields) scope.set(f, getOwn(object, f.name));
    return scope;
  }
}

/**
 * A field of a value object, own properties only: a schema field may be called `constructor` or
 * `__proto__`, which a plain `{}` would otherwise answer from Object.prototype.
 */
export function getOwn<T>(object: { readonly [key: string]: T } | undefined, key: string): T | undefined {
  return object !== undefined && Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Sets a field as an own property (`__proto__` included). */
export function setOwn<T>(object: { [key: string]: T }, key: string, value: T): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The integer type that holds an int, enum or flags value; undefined for other types. */
export function integerType(type: TypeModel): IntType | VarintType | undefined {
  if (type.kind === "int" || type.kind === "varint") return type;
  if (type.kind === "enum") return type.enum.backing;
  if (type.kind === "flags") return type.flags.backing;
  return undefined;
}

/** A value as an expression operand; an absent field reads as its type's zero (as generated code does). */
function operand(type: TypeModel, value: WireValue | undefined): Value {
  if (integerType(type) !== undefined) return value === undefined ? 0n : BigInt(value as number | bigint);
  if (type.kind === "float") return value === undefined ? 0 : (value as number);
  if (type.kind === "string") return value === undefined ? "" : (value as string);
  throw new Error(`a ${type.kind} field cannot be used in an expression`);
}

export function evalExpr(expr: ExprModel, scope: Scope): Value {
  return evaluate(expr, (field, fromRequest) => {
    if (!fromRequest) return operand(field.type, scope.get(field));
    const request = scope.request ?? scope.outer?.request;
    return operand(field.type, request?.get(field));
  });
}

export function holds(expr: ExprModel, scope: Scope): boolean {
  return isTrue(evalExpr(expr, scope));
}

/** A count or length held by an integer field, as a number (absent: 0). */
export function countValue(value: WireValue | undefined): number {
  if (value === undefined) return 0;
  return typeof value === "bigint" ? Number(value) : (value as number);
}

/** Whether an integer type's values are bigints in generated code. */
export function isBig(type: IntType | VarintType): boolean {
  return type.repr === "bigint";
}

/** A folded default (`= expr`) in the representation of its field's type. */
export function defaultValue(field: FieldModel): WireValue | undefined {
  const d: ConstValue | undefined = field.defaultValue;
  if (d === undefined) return undefined;
  const int = integerType(field.type);
  if (int !== undefined) {
    const n = typeof d === "boolean" ? (d ? 1n : 0n) : BigInt(d as bigint);
    return isBig(int) ? n : Number(n);
  }
  if (field.type.kind === "float") return Number(d);
  if (field.type.kind === "bytes") return typeof d === "string" ? utf8Bytes(d) : undefined;
  if (field.type.kind === "string") return String(d);
  return undefined;
}
