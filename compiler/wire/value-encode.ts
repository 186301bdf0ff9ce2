/**
 * The interpretive encoder: writes a body by walking the model's layout, with the runtime's primitives,
 * to the bytes generated code writes for the same values (values.ts). As generated encoders do, it takes
 * defaults for fields left out, computes length and sizeof fields that were not given (and checks those
 * that were), and fails with the runtime's EncodeError naming the message and the field path.
 */
import type { FieldModel, IntType, LayoutItem, TypeModel, VarintType } from "../model/model.js";
import { exprFields, fieldsInConditions, sizesItself } from "../model/refs.js";
import { byteWidth, intRange, intTypeName, prefixedPrefixBytes, prefixTypeName } from "../model/wire.js";
import {
  EncodeError, hasNulChar, lengthMismatch, missingField, nulInside, outOfRange, tooLong, utf8Bytes, utf8Length, writeF32,
  writeF64, writeI64, writeInt64Number, writeU64, writeVarint, writeVarintBig,
} from "../../runtime/index.js";
import { Scope, countValue, defaultValue, getOwn, holds, isBig, type WireObject, type WireValue } from "./values.js";

export class BodyEncoder {
  #t = new Uint8Array(64);
  p = 0;

  constructor(readonly name: string) {}

  bytes(): Uint8Array {
    return this.#t.slice(0, this.p);
  }

  #room(n: number): Uint8Array {
    if (this.p + n > this.#t.length) {
      const grown = new Uint8Array(Math.max(this.#t.length * 2, this.p + n + 64));
      grown.set(this.#t.subarray(0, this.p));
      this.#t = grown;
    }
    return this.#t;
  }

  #put(bytes: Uint8Array): void {
    this.#room(bytes.length).set(bytes, this.p);
    this.p += bytes.length;
  }

  /** Writes a layout's fields from `given` (resolving defaults, lengths and sizes into `scope`). */
  layout(items: readonly LayoutItem[], given: WireObject, scope: Scope, path = ""): void {
    resolve(this.name, items, given, scope, path);
    const sizedBy = new Map<FieldModel, FieldModel>();
    for (const item of items) if (item.kind === "field" && item.role.kind === "sizeof") sizedBy.set(item.role.target, item);
    for (const item of items) {
      if (item.kind === "pad") {
        this.#room(item.size).fill(0, this.p, this.p + item.size);
        this.p += item.size;
        continue;
      }
      const fpath = path === "" ? item.name : `${path}.${item.name}`;
      const value = scope.get(item);
      if (item.condition !== undefined && !holds(item.condition, scope)) continue;
      if (value === undefined) throw missingField(this.name, fpath);
      const start = this.p;
      this.value(item.type, value, scope, fpath);
      const sizeField = sizedBy.get(item);
      if (sizeField !== undefined && this.p - start !== countValue(scope.get(sizeField))) {
        throw lengthMismatch(this.name, fpath, scope.get(sizeField) as number | bigint, this.p - start);
      }
    }
  }

  value(type: TypeModel, v: WireValue, scope: Scope, path: string): void {
    switch (type.kind) {
      case "int":
        return this.#int(type, v, path);
      case "float": {
        if (typeof v !== "number") throw outOfRange(this.name, path, v, `f${type.bits}`);
        const t = this.#room(8);
        if (type.bits === 32) writeF32(t, this.p, v, type.endian === "le");
        else writeF64(t, this.p, v, type.endian === "le");
        this.p += byteWidth(type);
        return;
      }
      case "enum":
        return this.#int(type.enum.backing, v, path);
      case "flags":
        return this.#int(type.flags.backing, v, path);
      case "varint":
        return this.#varint(type, v, path);
      case "string":
      case "bytes":
        return this.#text(type, v, scope, path);
      case "array": {
        if (!Array.isArray(v)) throw new EncodeError(this.name, path, "is not an array");
        const items = v as readonly WireValue[];
        const c = type.count;
        if (c.kind === "prefix") this.#count(c.prefix, items.length, path, "count");
        else if (c.kind === "fixed" || c.kind === "field") {
          const n = c.kind === "fixed" ? c.count : countValue(scope.get(c.field));
          if (items.length !== n) throw lengthMismatch(this.name, path, c.kind === "fixed" ? n : (scope.get(c.field) as number), items.length);
        }
        items.forEach((item, i) => this.value(type.element, item, scope, `${path}[${i}]`));
        return;
      }
      case "struct": {
        if (typeof v !== "object" || v === null || v instanceof Uint8Array || Array.isArray(v)) {
          throw new EncodeError(this.name, path, `is not a ${type.struct.name}`);
        }
        const inner = new BodyEncoder(this.name);
        inner.layout(type.struct.items, v as WireObject, new Scope(), path);
        if (type.sizePrefix !== undefined) this.#count(type.sizePrefix, inner.p, path, "size");
        this.#put(inner.bytes());
        return;
      }
      case "prefixed":
        this.#put(Uint8Array.from(prefixedPrefixBytes(type)));
        return this.value(type.value, v, scope, path);
      default: {
        const never: never = type;
        return never;
      }
    }
  }

  #int(type: IntType, v: WireValue, path: string): void {
    const { lo, hi } = intRange(type);
    const ok =
      type.repr === "bigint"
        ? typeof v === "bigint" && v >= lo && v <= hi
        : typeof v === "number" && Number.isSafeInteger(v) && BigInt(v) >= lo && BigInt(v) <= hi;
    if (!ok) throw outOfRange(this.name, path, v, intTypeName(type));
    const w = byteWidth(type);
    const t = this.#room(w);
    const le = type.endian === "le";
    if (type.bits === 64) {
      if (typeof v === "bigint") (type.signed ? writeI64 : writeU64)(t, this.p, v, le);
      else writeInt64Number(t, this.p, v as number, le);
    } else {
      let n = v as number;
      if (n < 0) n += 2 ** type.bits;
      for (let i = 0; i < w; i++) {
        t[le ? this.p + i : this.p + w - 1 - i] = n % 256;
        n = Math.floor(n / 256);
      }
    }
    this.p += w;
  }

  #varint(type: VarintType, v: WireValue, path: string): void {
    const t = this.#room(10);
    if (isBig(type)) {
      if (typeof v !== "bigint" || v < 0n || v > 0xffffffffffffffffn) throw outOfRange(this.name, path, v, "varint");
      this.p = writeVarintBig(t, this.p, v);
    } else {
      if (!(typeof v === "number" && Number.isSafeInteger(v) && v >= 0)) throw outOfRange(this.name, path, v, "varint");
      this.p = writeVarint(t, this.p, v);
    }
  }

  /** A length, count or size prefix. */
  #count(prefix: IntType | VarintType, n: number, path: string, what: string): void {
    if (prefix.kind === "varint") return this.#varint({ ...prefix, repr: "number" }, n, path);
    const hi = intRange(prefix).hi;
    if (BigInt(n) > hi || n > Number.MAX_SAFE_INTEGER) throw outOfRange(this.name, path, n, `${what} prefix ${prefixTypeName(prefix)}`);
    this.#int(prefix, prefix.repr === "bigint" ? BigInt(n) : n, path);
  }

  #text(type: TypeModel & { kind: "string" | "bytes" }, v: WireValue, scope: Scope, path: string): void {
    const isString = type.kind === "string";
    if (isString ? typeof v !== "string" : !(v instanceof Uint8Array)) throw new EncodeError(this.name, path, `is not ${isString ? "a string" : "bytes"}`);
    const data = isString ? utf8Bytes(v as string) : (v as Uint8Array);
    const hasNul = isString ? hasNulChar(v as string) : data.indexOf(0) !== -1;
    const l = type.length;
    switch (l.kind) {
      case "fixed": {
        const room = l.pad === "nulterm" ? l.size - 1 : l.size;
        if (l.pad === "nulterm" && hasNul) throw nulInside(this.name, path);
        if (data.length > room) throw tooLong(this.name, path, isString ? utf8Length(v as string) : data.length, room);
        this.#put(data);
        this.#room(l.size - data.length).fill(l.pad === "space" ? 0x20 : 0, this.p, this.p + l.size - data.length);
        this.p += l.size - data.length;
        return;
      }
      case "prefix":
        this.#count(l.prefix, data.length, path, "length");
        break;
      case "field": {
        const n = countValue(scope.get(l.field));
        if (data.length !== n) throw lengthMismatch(this.name, path, scope.get(l.field) as number, data.length);
        break;
      }
      case "nul":
        if (hasNul) throw nulInside(this.name, path);
        break;
      case "rest":
        break;
      default: {
        const never: never = l;
        return never;
      }
    }
    this.#put(data);
    if (l.kind === "nul") this.#put(Uint8Array.of(0));
  }
}

/** The bytes (strings, bytes) or items (arrays) `value` gives the length field `lengthField`. */
function measureOf(type: TypeModel, lengthField: FieldModel, value: WireValue): number | undefined {
  if ((type.kind === "string" || type.kind === "bytes") && type.length.kind === "field" && type.length.field === lengthField) {
    return typeof value === "string" ? utf8Length(value) : (value as Uint8Array).length;
  }
  if (type.kind === "array" && Array.isArray(value)) {
    const items = value as readonly WireValue[];
    if (type.count.kind === "field" && type.count.field === lengthField) return items.length;
    const inner = items.length > 0 ? measureOf(type.element, lengthField, items[0]!) : 0;
    if (inner !== undefined) return inner;
  }
  return undefined;
}

function asInteger(type: TypeModel, n: number): WireValue {
  const t = type.kind === "enum" ? type.enum.backing : type.kind === "flags" ? type.flags.backing : type;
  return (t.kind === "int" || t.kind === "varint") && t.repr === "bigint" ? BigInt(n) : n;
}

/** Every field's value as the encoder writes it, into `scope`: given or default, then lengths, then sizes. */
function resolve(name: string, items: readonly LayoutItem[], given: WireObject, scope: Scope, path: string): void {
  const fields = items.filter((i): i is FieldModel => i.kind === "field");
  const known = new Set(fields.map((f) => f.name));
  for (const key of Object.keys(given)) {
    if (!known.has(key) && getOwn(given, key) !== undefined) throw new EncodeError(name, path === "" ? key : `${path}.${key}`, "is not a field of this layout");
  }
  for (const f of fields) if (f.role.kind === "value") scope.set(f, getOwn(given, f.name) ?? defaultValue(f));
  for (const f of fields) {
    if (f.role.kind !== "length") continue;
    let measured = 0;
    let found = false;
    for (const m of f.role.measures) {
      const v = scope.get(m);
      if (found || v === undefined) continue;
      measured = measureOf(m.type, f, v) ?? 0;
      found = true;
    }
    scope.set(f, getOwn(given, f.name) ?? asInteger(f.type, measured));
  }
  // A conditional field that a condition reads is absent when its own condition fails (a decoder reads it as zero).
  const read = fieldsInConditions(items);
  for (const f of fields) {
    if (f.role.kind === "value" && f.condition !== undefined && read.has(f) && !holds(f.condition, scope)) scope.set(f, undefined);
  }
  // Sizes last; a size whose target's condition reads another size computes that one first.
  const pending = new Set(fields.filter((f) => f.role.kind === "sizeof"));
  const size = (f: FieldModel): void => {
    if (!pending.delete(f) || f.role.kind !== "sizeof") return;
    const target = f.role.target;
    const fpath = path === "" ? target.name : `${path}.${target.name}`;
    const givenSize = getOwn(given, f.name);
    if (givenSize !== undefined) {
      scope.set(f, givenSize);
      return;
    }
    for (const d of exprFields(target.condition, false)) if (d !== f) size(d);
    const value = scope.get(target);
    const itself = sizesItself(f, target);
    const present = itself ? value !== undefined : target.condition === undefined || !exprFields(target.condition, false).has(f) && holds(target.condition, scope);
    let bytes = 0;
    if (present) {
      if (value === undefined) throw missingField(name, fpath);
      const probe = new BodyEncoder(name);
      probe.value(target.type, value, scope, fpath);
      bytes = probe.p;
    }
    scope.set(f, asInteger(f.type, bytes));
  };
  for (const f of fields) size(f);
}
