/**
 * The interpretive decoder: reads a body by walking the model's layout, with the runtime's primitives,
 * to the same values generated code decodes (values.ts says how they are represented). Every field it
 * reads is noted with its byte offset and width; a failure is the runtime's DecodeError, naming the
 * message, the field path and the byte offset.
 */
import type { FieldModel, LayoutItem, PrefixType, StructModel, TypeModel } from "../model/model.js";
import { byteWidth, fixedWidth, minWidth, prefixedPrefixBytes, prefixedValueWidth } from "../model/wire.js";
import {
  EMPTY_ITEMS_ALLOWANCE, MAX_DECODE_DEPTH, badUtf8, badValue, boundMismatch, noProgress, nulIndex, readF32, readF64, readI64,
  readU64, readUtf8, readVarint, readVarintBig, tooDeep, tooLarge, trailingBytes, trimSpaceEnd, truncated, unterminated,
  varintFailure, type DecodeCursor,
} from "../../runtime/index.js";
import { Scope, countValue, holds, setOwn, type WireObject, type WireValue } from "./values.js";

/** One field (or array item) read: where it sits in the body. `width` is undefined while (or if) reading it failed. */
export interface FieldNote {
  readonly path: string;
  readonly name: string;
  readonly depth: number;
  readonly offset: number;
  width: number | undefined;
  readonly type: TypeModel;
  value: WireValue | undefined;
}

export function joinPath(prefix: string, name: string): string {
  return prefix === "" ? name : name.startsWith("[") ? prefix + name : `${prefix}.${name}`;
}

export class BodyDecoder {
  p = 0;
  readonly #c: DecodeCursor = { pos: 0, depth: 0, text: "", textOf: undefined, textStart: 0, textEnd: 0, view: undefined };

  /**
   * @param t the body
   * @param name what errors name (`SelectResponse`)
   * @param notes where field notes go, in reading order (parents before their parts)
   */
  constructor(
    readonly t: Uint8Array,
    readonly name: string,
    readonly notes: FieldNote[] = [],
  ) {}

  /** Fails unless the body was read to its end. */
  expectEnd(): void {
    if (this.p !== this.t.length) throw trailingBytes(this.name, this.p, this.t.length);
  }

  layout(items: readonly LayoutItem[], end: number, scope: Scope, path = "", depth = 0): WireObject {
    const sizedBy = new Map<FieldModel, FieldModel>();
    for (const item of items) if (item.kind === "field" && item.role.kind === "sizeof") sizedBy.set(item.role.target, item);
    const out: Record<string, WireValue | undefined> = {};
    for (const item of items) {
      if (item.kind === "pad") {
        this.#need(item.size, end, joinPath(path, "(pad)"));
        this.p += item.size;
        continue;
      }
      const fpath = joinPath(path, item.name);
      const sizeField = sizedBy.get(item);
      if (item.condition !== undefined && !holds(item.condition, scope)) {
        const size = sizeField === undefined ? 0 : countValue(scope.get(sizeField));
        if (size !== 0) throw badValue(this.name, fpath, this.p, `size says ${size} bytes of an absent field`);
        scope.set(item, undefined);
        setOwn(out, item.name, undefined);
        continue;
      }
      let value: WireValue;
      if (sizeField !== undefined) {
        const size = countValue(scope.get(sizeField));
        if (size < 0 || size > end - this.p) throw tooLarge(this.name, fpath, this.p, "size", size, end - this.p);
        const bound = this.p + size;
        value = this.value(item.type, bound, scope, fpath, item.name, depth);
        if (this.p !== bound) throw boundMismatch(this.name, fpath, this.p, bound);
      } else {
        value = this.value(item.type, end, scope, fpath, item.name, depth);
      }
      scope.set(item, value);
      setOwn(out, item.name, value);
    }
    return out;
  }

  /** Reads one value at `p` (advancing it), noting it under `path`. */
  value(type: TypeModel, end: number, scope: Scope, path: string, name: string, depth: number): WireValue {
    const note: FieldNote = { path, name, depth, offset: this.p, width: undefined, type, value: undefined };
    this.notes.push(note);
    const value = this.#read(type, end, scope, path, depth);
    note.width = this.p - note.offset;
    note.value = value;
    return value;
  }

  #need(n: number, end: number, path: string): void {
    if (end - this.p < n) throw truncated(this.name, path, this.p, n, end);
  }

  #read(type: TypeModel, end: number, scope: Scope, path: string, depth: number): WireValue {
    const t = this.t;
    switch (type.kind) {
      case "int": {
        const w = byteWidth(type);
        this.#need(w, end, path);
        const at = this.p;
        this.p += w;
        const le = type.endian === "le";
        if (type.bits === 64) {
          const v = type.signed ? readI64(t, at, le) : readU64(t, at, le);
          if (type.repr === "bigint") return v;
          const n = Number(v);
          if (!Number.isSafeInteger(n)) throw badValue(this.name, path, at, `${type.signed ? "i" : "u"}64 value is not a safe integer (declare it as bigint)`);
          return n;
        }
        let v = 0;
        for (let i = 0; i < w; i++) v = v * 256 + t[le ? at + w - 1 - i : at + i]!;
        return type.signed && v >= 2 ** (type.bits - 1) ? v - 2 ** type.bits : v;
      }
      case "float": {
        this.#need(byteWidth(type), end, path);
        const at = this.p;
        this.p += byteWidth(type);
        return type.bits === 32 ? readF32(t, at, type.endian === "le") : readF64(t, at, type.endian === "le");
      }
      case "enum":
        return this.#read(type.enum.backing, end, scope, path, depth);
      case "flags":
        return this.#read(type.flags.backing, end, scope, path, depth);
      case "varint":
        return type.repr === "bigint" ? this.#varintBig(end, path) : this.#varint(end, path);
      case "string":
      case "bytes":
        return this.#text(type, end, scope, path);
      case "array":
        return this.#array(type, end, scope, path, depth);
      case "struct":
        return this.#struct(type.struct, type.sizePrefix, end, path, depth);
      case "prefixed": {
        // The prefix holds the value's width, in its shortest form: as generated code checks it.
        const prefix = prefixedPrefixBytes(type);
        this.#need(prefix.length, end, path);
        const at = this.p;
        if (prefix.some((b, i) => t[at + i] !== b)) throw badValue(this.name, path, at, `length prefix is not ${prefixedValueWidth(type)}, the width of the value`);
        this.p += prefix.length;
        return this.#read(type.value, end, scope, path, depth);
      }
      default: {
        const never: never = type;
        return never;
      }
    }
  }

  #varint(end: number, path: string): number {
    if (this.p >= end) throw truncated(this.name, path, this.p, 1, end);
    const v = readVarint(this.t, this.p, end, this.#c);
    if (v < 0) throw varintFailure(this.name, path, this.p, v);
    this.p = this.#c.pos;
    return v;
  }

  #varintBig(end: number, path: string): bigint {
    const v = readVarintBig(this.t, this.p, end, this.#c);
    if (v < 0n) throw varintFailure(this.name, path, this.p, v);
    this.p = this.#c.pos;
    return v;
  }

  /** A count or length prefix, as a number. */
  #count(prefix: PrefixType, end: number, path: string): number {
    if (prefix.kind === "varint") return this.#varint(end, path);
    const at = this.p;
    const v = this.#read(prefix.bits === 64 ? { ...prefix, repr: "bigint" } : prefix, end, new Scope(), path, 0);
    const n = Number(v);
    if (prefix.bits === 64 && !(n >= 0 && Number.isSafeInteger(n))) throw badValue(this.name, path, at, "length out of range");
    return n;
  }

  #text(type: TypeModel & { kind: "string" | "bytes" }, end: number, scope: Scope, path: string): string | Uint8Array {
    const l = type.length;
    let start = this.p;
    let stop: number;
    switch (l.kind) {
      case "fixed": {
        this.#need(l.size, end, path);
        this.p += l.size;
        stop = this.p;
        if (l.pad === "space") stop = trimSpaceEnd(this.t, start, stop);
        else if (l.pad === "nulterm") {
          stop = nulIndex(this.t, start, stop);
          if (stop < 0) throw unterminated(this.name, path, start);
        }
        break;
      }
      case "prefix":
      case "field": {
        const n = l.kind === "prefix" ? this.#count(l.prefix, end, path) : countValue(scope.get(l.field));
        if (n < 0 || n > end - this.p) throw tooLarge(this.name, path, this.p, "length", n, end - this.p);
        start = this.p;
        this.p += n;
        stop = this.p;
        break;
      }
      case "rest":
        this.p = stop = end;
        break;
      case "nul":
        stop = nulIndex(this.t, start, end);
        if (stop < 0) throw unterminated(this.name, path, start);
        this.p = stop + 1;
        break;
      default: {
        const never: never = l;
        return never;
      }
    }
    if (type.kind === "bytes") return this.t.subarray(start, stop);
    const s = readUtf8(this.t, start, stop);
    if (s === undefined) throw badUtf8(this.name, path, start);
    return s;
  }

  #array(type: TypeModel & { kind: "array" }, end: number, scope: Scope, path: string, depth: number): WireValue[] {
    const items: WireValue[] = [];
    const el = type.element;
    const item = (i: number): void => void items.push(this.value(el, end, scope, `${path}[${i}]`, `[${i}]`, depth + 1));
    const c = type.count;
    const w = fixedWidth(el);
    if (c.kind === "rest") {
      if (w !== undefined && w > 0 && (end - this.p) % w !== 0) {
        throw badValue(this.name, path, this.p, `rest is not a whole number of ${w}-byte items`);
      }
      for (let i = 0; this.p < end; i++) {
        const before = this.p;
        item(i);
        if (this.p === before) throw noProgress(this.name, path, this.p);
      }
      return items;
    }
    const n = c.kind === "fixed" ? c.count : c.kind === "prefix" ? this.#count(c.prefix, end, path) : countValue(scope.get(c.field));
    const per = w ?? minWidth(el);
    const limit = per === 0 ? end - this.p + EMPTY_ITEMS_ALLOWANCE : end - this.p;
    if (n < 0 || n * Math.max(per, 1) > limit) throw tooLarge(this.name, path, this.p, "count", n, end - this.p);
    for (let i = 0; i < n; i++) item(i);
    return items;
  }

  #struct(struct: StructModel, sizePrefix: PrefixType | undefined, end: number, path: string, depth: number): WireObject {
    if (depth >= MAX_DECODE_DEPTH) throw tooDeep(this.name, path, this.p);
    if (sizePrefix === undefined) return this.layout(struct.items, end, new Scope(), path, depth + 1);
    const n = this.#count(sizePrefix, end, path);
    if (n < 0 || n > end - this.p) throw tooLarge(this.name, path, this.p, "size", n, end - this.p);
    const bound = this.p + n;
    const value = this.layout(struct.items, bound, new Scope(), path, depth + 1);
    if (this.p !== bound) throw boundMismatch(this.name, path, this.p, bound);
    return value;
  }
}
