/**
 * The replies a server writes through an envelope, as the generated code writes them. Every value field of
 * the envelope, and of its error block but `message`, gets its default, else its type's zero value (E0705
 * where it has neither), conditional fields included: the encoder writes those whose condition holds, so
 * an error reply, whose code is only known at run time, finds every field it may need. Lengths and sizes
 * are computed from what they measure.
 *
 * The success reply is constant, so this module runs the encoder and then a decoder on it at compile time:
 * the encoder must manage to write it and the decoder read it back as written (E0708), and it must not read
 * as an error (E0706). The checker reports what fails; the emitter writes the same values, and re-checks
 * them as the checker did, so both read this one simulation.
 */
import { varintSizeBig } from "../../runtime/index.js";
import { evaluate, isTrue, type Value } from "./expr-eval.js";
import type * as M from "./model.js";
import { exprFields, sizesItself } from "./refs.js";
import { fixedWidth, intRange, intTypeName, prefixWidth } from "./wire.js";

/** The zero value of a type, or undefined for a struct or an array (no value of theirs can be spelled). */
export function zeroValue(type: M.TypeModel): Value | undefined {
  switch (type.kind) {
    case "string":
    case "bytes":
      return "";
    case "float":
      return 0;
    case "int":
    case "varint":
    case "enum":
    case "flags":
      return 0n;
    default:
      return undefined;
  }
}

/** What a reply the server writes puts in the field: its default, else its zero value. */
export function writtenValue(field: M.FieldModel): Value | undefined {
  return field.defaultValue ?? zeroValue(field.type);
}

/** Fields the server fills with writtenValue: the value fields (lengths and sizes are computed). */
export function isFilledByServer(item: M.LayoutItem): item is M.FieldModel {
  return item.kind === "field" && item.role.kind === "value";
}

export interface ReplyProblem {
  readonly field: M.FieldModel;
  readonly message: string;
  /** The reply writes a field that has no written value: the checker reports that as E0705. */
  readonly unfilled?: true;
}

export interface SuccessReply {
  /** What a decoder reads from the success reply: the fields present in it, with their values. */
  readonly decoded: ReadonlyMap<M.FieldModel, Value>;
  /** Why the generated encoder can't write the reply, or a decoder would read it otherwise (at most one). */
  readonly problem: ReplyProblem | undefined;
}

const utf8 = new TextEncoder();

/** Bytes of a string or bytes value as the encoder writes it (a bytes default is its UTF-8). */
function byteLength(value: Value): number {
  return typeof value === "string" ? utf8.encode(value).length : 0;
}

/** Bytes `value` takes as a field of `type` (types without a written value never reach here). */
function encodedSize(type: M.TypeModel, value: Value): number {
  const fixed = fixedWidth(type);
  if (fixed !== undefined) return fixed;
  if (type.kind === "varint") return varintSizeBig(typeof value === "bigint" ? value : 0n);
  if (type.kind !== "string" && type.kind !== "bytes") return 0;
  const n = byteLength(value);
  const length = type.length;
  switch (length.kind) {
    case "prefix":
      return (prefixWidth(length.prefix) ?? varintSizeBig(BigInt(n))) + n;
    case "nul":
      return n + 1;
    default:
      return n;
  }
}

/** The field's range problem, if `value` doesn't fit its integer type. */
function outOfRange(field: M.FieldModel, value: bigint): string | undefined {
  const type = field.type;
  if (type.kind !== "int") return undefined;
  const { lo, hi } = intRange(type);
  if (value >= lo && value <= hi) return undefined;
  const of = field.role.kind === "sizeof" ? `the size of \`${field.role.target.name}\`` : field.role.kind === "length" ? `the length of \`${field.role.measures.find((m) => writtenValue(m) !== undefined)?.name ?? "?"}\`` : undefined;
  return `it would be ${value}${of === undefined ? "" : ` (${of})`}, which doesn't fit ${intTypeName(type)}`;
}

/**
 * The values the generated encoder works with for a reply the server writes (emitter/codec/encode-values.ts): every
 * filled field its written value when written, else (for conditions) its zero; a length measured from the first field it
 * measures that has a value; a size that of its target when the target is written (or, when the target's
 * condition reads the size itself, has a value), else 0.
 */
export class ReplyEncoder {
  readonly #values = new Map<M.FieldModel, Value>();
  readonly #resolving = new Set<M.FieldModel>();

  value(f: M.FieldModel): Value {
    const known = this.#values.get(f);
    if (known !== undefined) return known;
    // A cycle no generated encoder has either (sizesItself breaks the one a size and its target could make).
    if (this.#resolving.has(f)) return 0n;
    this.#resolving.add(f);
    let v: Value;
    if (f.role.kind === "value") {
      // A conditional field the reply leaves out reads as its zero, as a decoder reads it.
      v = (f.condition === undefined || this.writes(f) ? writtenValue(f) : zeroValue(f.type)) ?? 0n;
    } else if (f.role.kind === "length") {
      const measured = f.role.measures.map(writtenValue).find((x) => x !== undefined);
      v = BigInt(measured === undefined ? 0 : byteLength(measured));
    } else {
      const target = f.role.target;
      const value = writtenValue(target);
      const present = value !== undefined && (sizesItself(f, target) || this.writes(target));
      v = BigInt(present ? encodedSize(target.type, value) : 0);
    }
    this.#resolving.delete(f);
    this.#values.set(f, v);
    return v;
  }

  /** Whether the encoder writes the field: its condition holds for the encoder's values. */
  writes(f: M.FieldModel): boolean {
    return f.condition === undefined || isTrue(evaluate(f.condition, (x) => this.value(x)));
  }
}

/**
 * Runs the generated encoder and then a decoder on the success reply of `layout`. The field a problem is
 * at may be one without a written value that the reply would have to write (`unfilled`, E0705).
 */
export function successReply(layout: M.LayoutModel): SuccessReply {
  const fields = layout.items.filter((i): i is M.FieldModel => i.kind === "field");
  const encoder = new ReplyEncoder();
  const decoded = new Map<M.FieldModel, Value>();
  for (const f of fields) {
    const written = encoder.writes(f);
    const read = f.condition === undefined || isTrue(evaluate(f.condition, (x) => readValue(x, decoded)));
    if (written !== read) return { decoded, problem: { field: f, message: misread(f, written, encoder, decoded) } };
    if (!written) continue;
    if (f.role.kind === "value" && writtenValue(f) === undefined) return { decoded, problem: { field: f, message: "", unfilled: true } };
    const value = encoder.value(f);
    const range = typeof value === "bigint" && f.role.kind !== "value" ? outOfRange(f, value) : undefined;
    if (range !== undefined) return { decoded, problem: { field: f, message: `the success reply can't write \`${f.name}\`: ${range}` } };
    const type = f.type;
    if ((type.kind === "string" || type.kind === "bytes") && type.length.kind === "field") {
      const length = type.length.field;
      const have = byteLength(value);
      const want = encoder.value(length);
      if (BigInt(have) !== want) {
        const from = length.role.kind === "length" ? length.role.measures.find((m) => writtenValue(m) !== undefined)?.name : undefined;
        const measured = from === undefined || from === f.name ? "" : `, measured from \`${from}\``;
        return { decoded, problem: { field: f, message: `the success reply can't write \`${f.name}\`: its value is ${have} byte${have === 1 ? "" : "s"}, but its length \`${length.name}\` is ${want}${measured}` } };
      }
    }
    decoded.set(f, value);
  }
  return { decoded, problem: undefined };
}

/**
 * Whether an error reply may write `field`, of the envelope or its error block: its condition holds for
 * the values every error reply writes, or depends on what differs between them (`dynamic`: the fields
 * that take the ServerError's code and message).
 */
export function mayWriteInErrorReply(field: M.FieldModel, dynamic: ReadonlySet<M.FieldModel>): boolean {
  if (field.condition === undefined) return true;
  if (dependsOn(field.condition, dynamic)) return true;
  return new ReplyEncoder().writes(field);
}

function dependsOn(expr: M.ExprModel, dynamic: ReadonlySet<M.FieldModel>): boolean {
  return [...exprFields(expr, false)].some((f) => {
    if (dynamic.has(f)) return true;
    if (f.role.kind === "length") return f.role.measures.some((m) => dynamic.has(m));
    if (f.role.kind === "sizeof") return dynamic.has(f.role.target) || (f.role.target.condition !== undefined && dependsOn(f.role.target.condition, dynamic));
    return false;
  });
}

/** Why encoder and decoder disagree on `field`: its condition reads a field the reply leaves out. */
function misread(field: M.FieldModel, written: boolean, encoder: ReplyEncoder, decoded: ReadonlyMap<M.FieldModel, Value>): string {
  const how = written ? `writes \`${field.name}\` but a decoder would skip it` : `leaves \`${field.name}\` out but a decoder would read it`;
  const absent = [...exprFields(field.condition, false)].find((x) => !decoded.has(x) && encoder.value(x) !== readValue(x, decoded));
  const why = absent === undefined ? "" : `: its condition reads \`${absent.name}\`, which the reply leaves out, as ${valueText(encoder.value(absent))} where a decoder reads ${valueText(readValue(absent, decoded))}`;
  return `the success reply ${how}${why}`;
}

export function valueText(value: Value): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** Whether an envelope's `error if` holds for what a decoder reads from the success reply. */
export function holdsOnSuccess(condition: M.ExprModel, decoded: ReadonlyMap<M.FieldModel, Value>): boolean {
  return isTrue(evaluate(condition, (field) => readValue(field, decoded)));
}

/** A field's value as a decoder's conditions see it: an absent field reads as its type's zero. */
function readValue(field: M.FieldModel, decoded: ReadonlyMap<M.FieldModel, Value>): Value {
  return decoded.get(field) ?? zeroValue(field.type) ?? 0n;
}
