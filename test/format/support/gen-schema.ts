/**
 * Seeded random *valid* schemas, as token lists (support/scatter.ts joins them with random whitespace and
 * comments). They cover every construct of docs/language.md: all integer spellings and literal forms,
 * constants, enums and flags, every string/bytes length form, arrays of every count form, in-place and
 * size-prefixed structs, sizeof fields, defaults, conditions (also over `request.x`), pads, envelopes,
 * and messages with every option. Validity rules the generator follows: lengths, counts and conditions
 * use earlier unconditional integer fields; a length field has no default; `rest` only last in a message
 * layout; structs only use earlier structs; keys are unconditional integer/string/bytes request fields.
 */
import type { Random } from "./random.js";

const INTS = [
  "u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "u16be", "i16be", "u32be", "i32be", "u64be", "i64be",
  "u16le", "i16le", "u32le", "i32le", "u64le", "i64le",
] as const;
const UNSIGNED_PREFIXES = ["u8", "u16", "u32", "u16be", "u32be", "u32le", "varint"] as const;
const FLOATS = ["f32", "f64", "f32be", "f64be", "f32le", "f64le"] as const;
const FIELD_NAMES = ["id", "count", "key", "size", "error", "space", "delete", "class", "value", "data", "name", "kind", "len", "n", "tail", "flags"];

interface Decls {
  consts: string[];
  enums: { name: string; members: string[] }[];
  structs: string[];
}

/** What a layout offers to the message around it. */
interface LayoutInfo {
  tokens: string[];
  /** Unconditional plain integer fields (no role, up to 32 bits): usable in conditions, keys, retry_when. */
  ints: string[];
  /** Unconditional string or bytes fields: usable as keys. */
  blobs: string[];
}

/** An integer literal of value v in a random spelling (decimal, hex, binary, octal, with separators). */
export function literal(r: Random, v: number): string {
  switch (r.int(0, 5)) {
    case 0: return `0x${v.toString(16)}`;
    case 1: return `0b${v.toString(2)}`;
    case 2: return `0o${v.toString(8)}`;
    case 3: return v >= 1000 ? v.toLocaleString("en-US").replaceAll(",", "_") : String(v);
    default: return String(v);
  }
}

export function generateSchemaTokens(r: Random, id: number): string[] {
  const t: string[] = [];
  const decls: Decls = { consts: [], enums: [], structs: [] };
  if (r.chance(0.7)) t.push("package", "gen", ".", `s${id}`, ";");
  for (let i = r.int(0, 3); i > 0; i--) t.push(...constDecl(r, decls));
  for (let i = r.int(0, 2); i > 0; i--) t.push(...enumDecl(r, decls));
  for (let i = r.int(1, 4); i > 0; i--) {
    const name = `S${decls.structs.length}`;
    t.push("struct", name, "{", ...layout(r, decls, { rest: false }).tokens, "}");
    decls.structs.push(name);
  }
  const envelope = r.chance(0.5) ? "Env" : undefined;
  if (envelope) t.push(...envelopeDecl(r, envelope));
  t.push(...serviceDecl(r, decls, envelope));
  return t;
}

function constDecl(r: Random, decls: Decls): string[] {
  const name = `K${decls.consts.length}`;
  const value = r.int(1, 16);
  const previous = decls.consts.length > 0 && r.chance(0.3) ? r.pick(decls.consts) : undefined;
  decls.consts.push(name);
  const type = r.chance(0.5) ? [":", r.pick(["u8", "u16", "u32", "i32"])] : [];
  const expr = previous ? [previous, "+", literal(r, value)] : r.chance(0.2) ? ["(", literal(r, value), ")"] : [literal(r, value)];
  return ["const", name, ...type, "=", ...expr, ";"];
}

function enumDecl(r: Random, decls: Decls): string[] {
  const isFlags = r.chance(0.4);
  const name = `${isFlags ? "F" : "E"}${decls.enums.length}`;
  const members = ["A", "B", "C", "D"].slice(0, r.int(1, 4));
  decls.enums.push({ name, members });
  const backing = isFlags ? r.pick(["u8", "u16", "u32", "u16be"]) : r.pick(INTS);
  const body = members.flatMap((m, i) => [m, "=", ...(isFlags ? ["1", "<<", String(i)] : [literal(r, i)]), ";"]);
  return [isFlags ? "flags" : "enum", name, ":", backing, "{", ...body, "}"];
}

function envelopeDecl(r: Random, name: string): string[] {
  const t = ["envelope", name, "{", "code", ":", r.pick(["u32", "u16", "u8"]), ";"];
  if (r.chance(0.3)) t.push("reserved", ":", "u16", ";");
  t.push("error", "if", "code", "!=", "0", "{");
  if (r.chance(0.3)) t.push("detail", ":", "u8", ";");
  t.push("message", ":", "string", "<", r.pick(["nul", "varint"]), ">", ";", "}");
  if (r.chance(0.5)) t.push("retry_when", "(", "code", "&", "0xff", ")", "==", "1", ";");
  t.push("}");
  return t;
}

function serviceDecl(r: Random, decls: Decls, envelope: string | undefined): string[] {
  const t = ["service", "Svc", "{"];
  if (envelope) t.push("envelope", envelope, ";");
  if (r.chance(0.3)) t.push("timeout", String(r.int(1, 5000)), ";");
  const codes = new Set<number>();
  for (let i = r.int(1, 5); i > 0; i--) {
    let code = r.int(0, 300);
    while (codes.has(code)) code++;
    codes.add(code);
    t.push(...messageDecl(r, decls, `M${codes.size}`, code, envelope !== undefined));
  }
  t.push("}");
  return t;
}

function messageDecl(r: Random, decls: Decls, name: string, code: number, hasEnvelope: boolean): string[] {
  const noReply = r.chance(0.15);
  const request = layout(r, decls, { rest: true });
  const response = noReply ? undefined : layout(r, decls, { rest: true, request: request.ints });
  const items: string[][] = [];
  if (r.chance(0.9) || request.tokens.length > 0) items.push(["request", "{", ...request.tokens, "}"]);
  if (response && (r.chance(0.9) || response.tokens.length > 0)) items.push(["response", "{", ...response.tokens, "}"]);
  if (noReply) items.push(["no_reply", ";"]);
  else if (r.chance(0.4)) items.push(["retry", ";"]);
  const keyable = [...request.ints, ...request.blobs];
  if (keyable.length > 0 && r.chance(0.5)) items.push(["key", r.pick(keyable), ";"]);
  if (r.chance(0.2)) items.push(["timeout", String(r.int(1, 10_000)), ";"]);
  if (response && response.ints.length > 0 && r.chance(0.3)) {
    const ref = request.ints.length > 0 && r.chance(0.3) ? ["&&", "request", ".", r.pick(request.ints), "==", "1"] : [];
    items.push(["retry_when", r.pick(response.ints), "==", literal(r, 2), ...ref, ";"]);
  }
  if (!noReply && hasEnvelope && r.chance(0.2)) items.push(["envelope", "none", ";"]);
  return ["message", name, "=", literal(r, code), "{", ...r.shuffle(items).flat(), "}"];
}

interface LayoutOptions {
  /** A `rest` item may end the layout. */
  rest: boolean;
  /** Integer fields of the request, for `request.x` conditions in a response. */
  request?: readonly string[];
}

function layout(r: Random, decls: Decls, options: LayoutOptions): LayoutInfo {
  const info: LayoutInfo = { tokens: [], ints: [], blobs: [] };
  const names = r.shuffle(FIELD_NAMES);
  let nameIndex = 0;
  const fresh = (): string => `${names[nameIndex % names.length]}${nameIndex++ >= names.length ? nameIndex : ""}`;
  /** Unconditional unsigned integer fields without a default or role: may become length/count fields. */
  const lengthCandidates: string[] = [];
  const t = info.tokens;

  const condition = (): string[] => {
    const requestRef = options.request && options.request.length > 0 && r.chance(0.3);
    if (requestRef) return ["if", "request", ".", r.pick(options.request ?? []), "!=", "0"];
    if (info.ints.length === 0 || !r.chance(0.2)) return [];
    const f = r.pick(info.ints);
    return r.pick([["if", f, "==", literal(r, 1)], ["if", "(", f, "&", "1", ")", "!=", "0"], ["if", f, ">", "0", "&&", "!", "(", f, "==", "3", ")"]]);
  };
  const lengthArg = (allowField: boolean): string[] => {
    const k = r.int(0, allowField && lengthCandidates.length > 0 ? 4 : 3);
    if (k === 0) return [literal(r, r.int(1, 24))];
    if (k === 1 && decls.consts.length > 0) return [r.pick(decls.consts)];
    if (k === 4) return [lengthCandidates.splice(r.int(0, lengthCandidates.length - 1), 1)[0] ?? "1"];
    return [r.pick(UNSIGNED_PREFIXES)];
  };

  for (let i = r.int(0, 6); i > 0; i--) {
    const name = fresh();
    const kind = r.int(0, 9);
    if (kind <= 2) {
      // An integer, maybe with a representation and a default.
      const type = r.pick(INTS);
      const repr = type.includes("64") && r.chance(0.3) ? ["as", "number"] : [];
      const cond = condition();
      const dflt = r.chance(0.2) ? ["=", literal(r, r.int(0, 100))] : [];
      t.push(name, ":", type, ...repr, ...dflt, ...cond, ";");
      const small = !type.includes("64");
      if (cond.length === 0 && small) info.ints.push(name);
      if (cond.length === 0 && dflt.length === 0 && type.startsWith("u") && small) lengthCandidates.push(name);
    } else if (kind === 3) {
      const type = r.chance(0.5) ? r.pick(FLOATS) : "varint";
      t.push(name, ":", type, ...(type === "varint" && r.chance(0.3) ? ["as", "bigint"] : []), ...condition(), ";");
    } else if (kind === 4) {
      // A string or bytes of some length form.
      const base = r.pick(["string", "bytes"]);
      const arg = r.chance(0.15) ? ["nul"] : lengthArg(true);
      const fixed = /^[0-9]/.test(arg[0] ?? "") || decls.consts.includes(arg[0] ?? "");
      const pad = fixed && r.chance(0.3) ? [",", base === "string" ? r.pick(["space", "nul"]) : "nul"] : [];
      const cond = condition();
      t.push(name, ":", base, "<", ...arg, ...pad, ">", ...cond, ";");
      if (cond.length === 0) info.blobs.push(name);
    } else if (kind === 5 && decls.enums.length > 0) {
      const e = r.pick(decls.enums);
      const dflt = r.chance(0.3) ? ["=", e.name, ".", r.pick(e.members)] : [];
      t.push(name, ":", e.name, ...dflt, ...condition(), ";");
    } else if (kind === 6 && decls.structs.length > 0) {
      const prefix = r.chance(0.3) ? ["<", r.pick(["u16", "u32", "varint"]), ">"] : [];
      t.push(name, ":", r.pick(decls.structs), ...prefix, ...condition(), ";");
    } else if (kind === 7) {
      // An array.
      const element = r.pick([[r.pick(INTS)], ["string", "<", "varint", ">"], ["bytes", "<", "4", ">"], ...decls.structs.map((s) => [s])]);
      const count = lengthArg(true).map((a) => (a === "nul" ? "u8" : a));
      const inner = r.chance(0.15) ? ["[", "2", "]"] : [];
      t.push(name, ":", ...element, ...inner, "[", ...count, "]", ...condition(), ";");
    } else if (kind === 8) {
      t.push("pad", literal(r, r.int(1, 8)), ";");
    } else {
      // A size field measuring a later field, with maybe one field in between (as a Tarantool tuple).
      const target = fresh();
      t.push(name, ":", r.pick(["u32", "u16", "u8"]), "=", "sizeof", "(", target, ")", ";");
      if (r.chance(0.5)) t.push(fresh(), ":", "u32", ";");
      t.push(target, ":", ...r.pick([["bytes", "<", "varint", ">"], ["u16", "[", "u8", "]"], ...decls.structs.map((s) => [s])]), ";");
    }
  }
  if (options.rest && r.chance(0.25)) t.push(fresh(), ":", ...r.pick([["bytes", "<", "rest", ">"], ["string", "<", "rest", ">"], ["u32", "[", "rest", "]"]]), ";");
  return info;
}
