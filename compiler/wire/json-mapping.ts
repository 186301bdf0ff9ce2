/**
 * The JSON mapping `iprotoc decode` prints and `iprotoc call` reads and prints (docs/cli.md, "JSON
 * mapping"): field names as written in the schema; integers up to 32 bits (and varints held as numbers)
 * as JSON numbers, 64-bit integers (and bigint varints) as decimal strings; floats as numbers ("NaN",
 * "Infinity", "-Infinity", "-0" as strings); strings as strings; bytes as hex (or base64); enums as
 * {"name", "value"}; flags as a list of member names (bits no member names as one number); arrays as
 * lists; structs as objects. Absent conditional fields are left out.
 *
 * Reading JSON is strict: wrong types, unknown fields, missing required fields and values out of range
 * are JsonInputErrors naming the field path.
 */
import type { EnumModel, FlagsModel, IntType, LayoutItem, TypeModel, VarintType } from "../model/model.js";
import { intRange, intTypeName } from "../model/wire.js";
import { utf8Bytes } from "../../runtime/index.js";
import { getOwn, setOwn, type WireObject, type WireValue } from "./values.js";

export type BytesEncoding = "hex" | "base64";
export interface JsonOptions {
  readonly bytes: BytesEncoding;
}
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** A JSON value that does not fit the schema: `path` is the field path (`keys[0].fields[1]`). */
export class JsonInputError extends Error {
  override readonly name = "JsonInputError";
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path === "" ? "the request" : `\`${path}\``}: ${reason}`);
  }
}

const child = (path: string, name: string): string => (path === "" ? name : `${path}.${name}`);
const describe = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v)}`);

// ------------------------------------------------------------------------------------ to JSON

function intJson(type: IntType | VarintType, v: WireValue): Json {
  const wide = type.kind === "varint" ? type.repr === "bigint" : type.bits === 64;
  return wide ? String(v) : Number(v);
}

function bytesJson(v: Uint8Array, options: JsonOptions): string {
  return Buffer.from(v.buffer, v.byteOffset, v.length).toString(options.bytes);
}

export function toJson(type: TypeModel, v: WireValue, options: JsonOptions): Json {
  switch (type.kind) {
    case "int":
    case "varint":
      return intJson(type, v);
    case "float":
      return Number.isFinite(v as number) && !Object.is(v, -0) ? (v as number) : Object.is(v, -0) ? "-0" : String(v);
    case "enum": {
      const member = type.enum.members.find((m) => m.value === BigInt(v as number | bigint));
      return { name: member?.name ?? null, value: intJson(type.enum.backing, v) };
    }
    case "flags":
      return flagsJson(type.flags, BigInt(v as number | bigint));
    case "string":
      return v as string;
    case "bytes":
      return bytesJson(v as Uint8Array, options);
    case "array":
      return (v as readonly WireValue[]).map((item) => toJson(type.element, item, options));
    case "struct":
      return layoutToJson(type.struct.items, v as WireObject, options);
    case "prefixed":
      return toJson(type.value, v, options);
    default: {
      const never: never = type;
      return never;
    }
  }
}

function flagsJson(flags: FlagsModel, bits: bigint): Json[] {
  // Members in declaration order, each only when it adds bits the ones before did not name (READ, WRITE, EXEC, not also ALL).
  const out: Json[] = [];
  let named = 0n;
  for (const m of flags.members) {
    if (m.value !== 0n && (bits & m.value) === m.value && (m.value & ~named) !== 0n) {
      out.push(m.name);
      named |= m.value;
    }
  }
  const rest = bits & ~named;
  if (rest !== 0n) out.push(flags.backing.bits === 64 ? String(rest) : Number(rest));
  return out;
}

export function layoutToJson(items: readonly LayoutItem[], value: WireObject, options: JsonOptions): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const item of items) {
    if (item.kind !== "field") continue;
    const v = getOwn(value, item.name);
    if (v !== undefined) setOwn(out, item.name, toJson(item.type, v, options));
  }
  return out;
}

// ---------------------------------------------------------------------------------- from JSON

function integer(type: IntType | VarintType, json: Json, path: string): number | bigint {
  let n: bigint;
  if (typeof json === "number" && Number.isInteger(json)) {
    if (!Number.isSafeInteger(json)) throw new JsonInputError(path, `${json} is not exact as a JSON number: write it as a string`);
    n = BigInt(json);
  } else if (typeof json === "string" && /^-?\d+$/.test(json.trim())) n = BigInt(json.trim());
  else if (typeof json === "string" && /^0x[0-9a-f]+$/i.test(json.trim())) n = BigInt(json.trim());
  else throw new JsonInputError(path, `expected an integer, got ${describe(json)}`);
  const range = type.kind === "varint" ? { lo: 0n, hi: type.repr === "bigint" ? (1n << 64n) - 1n : BigInt(Number.MAX_SAFE_INTEGER) } : intRange(type);
  if (n < range.lo || n > range.hi) {
    throw new JsonInputError(path, `${n} is out of range for ${type.kind === "varint" ? "varint" : intTypeName(type)} (${range.lo}..${range.hi})`);
  }
  return type.repr === "bigint" ? n : Number(n);
}

function enumValue(e: EnumModel, json: Json, path: string): number | bigint {
  let named: Json = json;
  if (json !== null && typeof json === "object" && !Array.isArray(json)) {
    const o = json as { readonly [key: string]: Json };
    const extra = Object.keys(o).filter((k) => k !== "name" && k !== "value");
    if (extra.length > 0) throw new JsonInputError(path, `unknown key \`${extra[0]}\` (an enum is {"name": …} or {"value": …})`);
    named = o["name"] ?? o["value"] ?? null;
  }
  if (typeof named === "string" && !/^-?\d+$/.test(named)) {
    const m = e.members.find((x) => x.name === named);
    if (m === undefined) throw new JsonInputError(path, `\`${named}\` is not a member of enum ${e.name} (${e.members.map((x) => x.name).join(", ")})`);
    return e.backing.repr === "bigint" ? m.value : Number(m.value);
  }
  return integer(e.backing, named, path);
}

function flagsValue(f: FlagsModel, json: Json, path: string): number | bigint {
  if (!Array.isArray(json)) return integer(f.backing, json, path);
  let bits = 0n;
  (json as readonly Json[]).forEach((item, i) => {
    if (typeof item === "string" && !/^\d+$/.test(item)) {
      const m = f.members.find((x) => x.name === item);
      if (m === undefined) throw new JsonInputError(`${path}[${i}]`, `\`${item}\` is not a member of flags ${f.name} (${f.members.map((x) => x.name).join(", ")})`);
      bits |= m.value;
    } else bits |= BigInt(integer({ ...f.backing, signed: false }, item, `${path}[${i}]`));
  });
  const { lo, hi } = intRange(f.backing);
  if (f.backing.signed && bits > hi) bits -= 1n << BigInt(f.backing.bits);
  if (bits < lo || bits > hi) throw new JsonInputError(path, `${bits} is out of range for ${intTypeName(f.backing)}`);
  return f.backing.repr === "bigint" ? bits : Number(bits);
}

function bytesValue(json: Json, path: string, options: JsonOptions): Uint8Array {
  if (json !== null && typeof json === "object" && !Array.isArray(json)) {
    const text = (json as { readonly [key: string]: Json })["text"];
    if (typeof text === "string" && Object.keys(json).length === 1) return utf8Bytes(text);
    throw new JsonInputError(path, `expected ${options.bytes} text or {"text": "…"}, got an object`);
  }
  if (typeof json !== "string") throw new JsonInputError(path, `expected bytes as ${options.bytes} text, got ${describe(json)}`);
  if (options.bytes === "hex") {
    const clean = json.replace(/\s+/g, "");
    if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new JsonInputError(path, `not hex: ${JSON.stringify(json)} (an even number of hex digits)`);
    return new Uint8Array(Buffer.from(clean, "hex"));
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(json) || json.length % 4 === 1) throw new JsonInputError(path, `not base64: ${JSON.stringify(json)}`);
  return new Uint8Array(Buffer.from(json, "base64"));
}

export function fromJson(type: TypeModel, json: Json, path: string, options: JsonOptions): WireValue {
  switch (type.kind) {
    case "int":
    case "varint":
      return integer(type, json, path);
    case "float":
      if (typeof json === "number") return json;
      if (json === "NaN" || json === "Infinity" || json === "-Infinity" || json === "-0") return Number(json);
      throw new JsonInputError(path, `expected a number, got ${describe(json)}`);
    case "enum":
      return enumValue(type.enum, json, path);
    case "flags":
      return flagsValue(type.flags, json, path);
    case "string":
      if (typeof json !== "string") throw new JsonInputError(path, `expected a string, got ${describe(json)}`);
      return json;
    case "bytes":
      return bytesValue(json, path, options);
    case "array":
      if (!Array.isArray(json)) throw new JsonInputError(path, `expected a list, got ${describe(json)}`);
      return (json as readonly Json[]).map((item, i) => fromJson(type.element, item, `${path}[${i}]`, options));
    case "struct":
      return layoutFromJson(type.struct.items, json, path, options);
    case "prefixed":
      return fromJson(type.value, json, path, options);
    default: {
      const never: never = type;
      return never;
    }
  }
}

/**
 * A layout's values from a JSON object: every value field without a default or a condition is required;
 * length and sizeof fields may be left out (the encoder computes them); no other key is allowed.
 */
export function layoutFromJson(items: readonly LayoutItem[], json: Json, path: string, options: JsonOptions): WireObject {
  if (json === null || typeof json !== "object" || Array.isArray(json)) throw new JsonInputError(path, `expected an object, got ${describe(json)}`);
  const o = json as { readonly [key: string]: Json };
  const fields = items.filter((i) => i.kind === "field");
  for (const key of Object.keys(o)) {
    if (!fields.some((f) => f.name === key)) {
      const known = fields.map((f) => f.name).join(", ");
      throw new JsonInputError(child(path, key), `unknown field (${known === "" ? "the layout has no fields" : `fields: ${known}`})`);
    }
  }
  const out: Record<string, WireValue> = {};
  for (const f of fields) {
    const v = getOwn(o, f.name);
    if (v === undefined) {
      if (f.role.kind === "value" && f.defaultValue === undefined && f.condition === undefined) {
        throw new JsonInputError(child(path, f.name), "missing required field");
      }
      continue;
    }
    setOwn(out, f.name, fromJson(f.type, v, child(path, f.name), options));
  }
  return out;
}
