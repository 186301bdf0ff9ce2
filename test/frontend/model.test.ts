/** The schemas in schemas/ check cleanly and resolve into exactly the model their source describes. */
import { describe, expect, it } from "vitest";
import type * as M from "../../compiler/model/model.js";
import { checkDisk, decl, field, message, showExpr, showType } from "./helpers.js";

function load(path: string): M.ProgramModel {
  const result = checkDisk([path]);
  expect(result.diagnostics).toEqual([]);
  if (!result.program) throw new Error("no program");
  return result.program;
}

const everything = load("schemas/everything.iproto");
const box = load("schemas/box.iproto");
const users = load("schemas/users.iproto");

function types(struct: M.StructModel): Record<string, string> {
  return Object.fromEntries(struct.items.filter((i): i is M.FieldModel => i.kind === "field").map((f) => [f.name, showType(f.type)]));
}

describe("everything.iproto: files, packages, imports", () => {
  it("lists files in dependency order with packages, docs and resolved imports", () => {
    expect(everything.files.map((f) => [f.path, f.package, f.imports])).toEqual([
      ["schemas/common/geometry.iproto", "example.common", []],
      ["schemas/everything.iproto", "example.everything", ["schemas/common/geometry.iproto"]],
    ]);
    expect(everything.files[1]?.doc).toMatch(/^One schema that uses every type and construct/);
    expect(everything.files[0]?.declarations.map((d) => `${d.kind} ${d.name} ${d.file}`)).toEqual([
      "struct Point schemas/common/geometry.iproto",
      "struct Rect schemas/common/geometry.iproto",
      "enum Unit schemas/common/geometry.iproto",
    ]);
  });
});

describe("everything.iproto: constants", () => {
  it("folds every constant to its value and keeps declared types", () => {
    const value = (name: string) => decl(everything, "const", name).value;
    expect(value("MAX_KEYS")).toBe(4n);
    expect(value("LIMIT_ALL")).toBe(0x7fffffffn);
    expect(value("TAG_SIZE")).toBe(4n);
    expect(value("MODE_MASK")).toBe(15n);
    expect(value("OFFSET")).toBe(-11n);
    expect(value("GREETING")).toBe("hello,\twörld!");
    expect(value("VERBOSE")).toBe(true);
    expect(value("DOUBLE_KEYS")).toBe(8n);
    expect(decl(everything, "const", "LIMIT_ALL").type).toEqual({ kind: "int", bits: 32, signed: false, endian: "le", repr: "number" });
    expect(decl(everything, "const", "MAX_KEYS").type).toBeUndefined();
    expect(decl(everything, "const", "MAX_KEYS").doc).toBe("How many keys a request may carry.");
    expect(decl(everything, "const", "DOUBLE_KEYS").doc).toBe("A constant built from other constants.");
  });
});

describe("everything.iproto: enums and flags", () => {
  it("resolves backing types and member values", () => {
    const members = (e: M.EnumModel | M.FlagsModel) => e.members.map((m) => [m.name, m.value]);
    expect(members(decl(everything, "enum", "Color"))).toEqual([["RED", 0n], ["GREEN", 1n], ["BLUE", 2n]]);
    expect(decl(everything, "enum", "Level").backing).toEqual({ kind: "int", bits: 16, signed: true, endian: "be", repr: "number" });
    expect(members(decl(everything, "enum", "Level"))).toEqual([["LOW", -1n], ["MID", 0n], ["HIGH", 1n]]);
    expect(decl(everything, "enum", "Big").backing.repr).toBe("bigint");
    expect(members(decl(everything, "enum", "Big"))).toEqual([["ONE", 1n], ["HUGE", 0xffff_ffff_ffff_ffffn]]);
    const perm = decl(everything, "flags", "Perm");
    expect(members(perm)).toEqual([["READ", 1n], ["WRITE", 2n], ["EXEC", 4n], ["ALL", 7n]]);
    expect(perm.members[3]?.doc).toBe("Every bit above.");
  });
});

describe("everything.iproto: types", () => {
  it("numbers, in every spelling", () => {
    const numbers = decl(everything, "struct", "Numbers");
    expect(types(numbers)).toEqual({
      a: "u8", b: "i8", c: "u16", d: "i16", e: "u32", f: "i32", g: "u64:bigint", h: "i64:bigint",
      c_be: "u16be", d_be: "i16be", e_be: "u32be", f_be: "i32be", g_be: "u64be:bigint", h_be: "i64be:bigint",
      c_le: "u16", d_le: "i16", e_le: "u32", f_le: "i32", g_le: "u64:bigint", h_le: "i64:bigint",
      g_num: "u64:number", h_num: "i64be:number", v: "varint:number", v_big: "varint:bigint",
      x32: "f32", x64: "f64", x32_be: "f32be", x64_be: "f64be", x32_le: "f32", x64_le: "f64",
    });
    expect(numbers.fixedSize).toBeUndefined();
  });

  it("strings and bytes", () => {
    expect(types(decl(everything, "struct", "Strings"))).toEqual({
      tag: "bytes<4,nul>", fixed: "string<8,nul>", spaced: "string<16,space>", zfixed: "string<16,nulterm>",
      zbytes: "bytes<8,nulterm>", named_size: "bytes<4,nul>", zstr: "string<nul>", zraw: "bytes<nul>",
      wstr: "string<varint>", wbytes: "bytes<varint>", cstr: "string<u8>", nstr: "string<u16be>",
      lbytes: "bytes<u32>", qbytes: "bytes<u64>", len: "u16", counted: "bytes<field len>", tail: "string<rest>",
    });
    const strings = decl(everything, "struct", "Strings");
    expect(field(strings, "len").role).toEqual({ kind: "length", measures: [field(strings, "counted")] });
    expect(field(strings, "counted").doc).toBe("Length given by the earlier field `len`.");
  });

  it("padding and fixed sizes", () => {
    const padded = decl(everything, "struct", "Padded");
    expect(padded.items.map((i) => (i.kind === "pad" ? `pad ${i.size}` : i.name))).toEqual(["version", "pad 3", "length", "pad 2"]);
    expect(padded.fixedSize).toBe(10);
    expect(decl(everything, "struct", "Point").fixedSize).toBe(8);
    expect(decl(everything, "struct", "Rect").fixedSize).toBe(16);
  });

  it("arrays, counted every way", () => {
    const arrays = decl(everything, "struct", "Arrays");
    expect(types(arrays)).toEqual({
      by_u32: "u32[u32]", by_varint: "string<varint>[varint]", by_u8: "i16[u8]", by_be: "u8[u16be]",
      fixed: "u32[4]", by_const: "u16[4]", n: "u8", by_field: "Point[field n]", matrix: "u8[2][u8]", tail: "u32[rest]",
    });
    expect(field(arrays, "n").role).toEqual({ kind: "length", measures: [field(arrays, "by_field")] });
    expect(field(arrays, "by_u32").role).toEqual({ kind: "value" });
  });

  it("structs in place, size-prefixed and package-qualified", () => {
    const shapes = decl(everything, "struct", "Shapes");
    expect(types(shapes)).toEqual({ origin: "Point", boxed: "Point<u16>", framed: "Rect<varint>", unit: "enum Unit" });
    const framed = field(shapes, "framed").type;
    expect(framed.kind === "struct" && framed.struct).toBe(decl(everything, "struct", "Rect"));
  });

  it("recursion and sizeof", () => {
    expect(decl(everything, "struct", "Tree").recursive).toBe(true);
    expect(decl(everything, "struct", "Chain").recursive).toBe(true);
    expect(decl(everything, "struct", "Point").recursive).toBe(false);
    const tuple = decl(everything, "struct", "Tuple");
    expect(field(tuple, "size").role).toEqual({ kind: "sizeof", target: field(tuple, "fields") });
    expect(field(tuple, "cardinality").role).toEqual({ kind: "length", measures: [field(tuple, "fields")] });
  });
});

describe("everything.iproto: defaults and conditions", () => {
  it("folds defaults", () => {
    const defaults = decl(everything, "struct", "Defaults");
    const values = Object.fromEntries(defaults.items.map((i) => [i.kind === "field" ? i.name : "pad", i.kind === "field" ? i.defaultValue : undefined]));
    expect(values).toEqual({
      color: 1n, perm: 3n, limit: 0x7fffffffn, offset: -11n, count: 9n, mode: 3n, greeting: "hello,\twörld!", level: -1n,
      big: 0xffff_ffff_ffff_ffffn,
    });
  });

  it("resolves conditions over earlier fields, folding constants", () => {
    const c = decl(everything, "struct", "Conditional");
    const conditions = Object.fromEntries(c.items.flatMap((i) => (i.kind === "field" && i.condition ? [[i.name, showExpr(i.condition)]] : [])));
    expect(conditions).toEqual({
      a: "(kind == 1)",
      b: "((kind == 2) && ((perm & 2) != 0))",
      c: "(!((kind == 1) || (kind == 2)))",
      d: "(perm & 4)",
      e: "((level < 0) || (level >= 1))",
      f: "(((((kind <= 3) && (kind > 0)) && ((kind ^ 1) == 0)) && ((~kind) != 0)) && ((-kind) < 0))",
      g: "((((kind << 1) >> 1) == kind) && ((((((kind * 2) / 2) % 256) - 0) + 0) == kind))",
      h: "(true && ((kind | 1) != 0))",
    });
    const a = field(c, "a").condition;
    expect(a?.kind === "binary" && a.left.kind === "field" && a.left.field).toBe(field(c, "kind"));
    expect(c.fixedSize).toBeUndefined();
  });
});

describe("everything.iproto: envelopes", () => {
  it("Status", () => {
    const status = decl(everything, "envelope", "Status");
    expect(status.codeField).toBe(field(status.layout, "code"));
    expect(showExpr(status.errorCondition)).toBe("(code != 0)");
    expect(status.errorLayout && status.messageField).toBe(status.errorLayout && field(status.errorLayout, "message"));
    expect(showExpr(status.retryWhen)).toBe("((code & 255) == 1)");
    expect(status.layout.fixedSize).toBe(4);
  });

  it("Compact", () => {
    const compact = decl(everything, "envelope", "Compact");
    expect(compact.layout.items.map((i) => (i.kind === "field" ? i.name : "pad"))).toEqual(["code", "reserved"]);
    expect(compact.errorLayout?.items.map((i) => (i.kind === "field" ? i.name : "pad"))).toEqual(["detail", "message"]);
    expect(compact.retryWhen).toBeUndefined();
  });
});

describe("everything.iproto: services and messages", () => {
  it("message options, envelopes and timeouts", () => {
    const service = decl(everything, "service", "Everything");
    const status = decl(everything, "envelope", "Status");
    expect(service.envelope).toBe(status);
    expect(service.timeout).toBe(2000);
    const summary = service.messages.map((m) => ({
      name: m.name, code: m.code, retry: m.retry, noReply: m.noReply, timeout: m.timeout, envelope: m.envelope?.name,
      key: m.key?.map((f) => f.name).join("."), response: m.response ? m.response.items.length : "none", service: m.service,
    }));
    expect(summary).toEqual([
      { name: "Ping", code: 0xff00, retry: true, noReply: false, timeout: 2000, envelope: undefined, key: undefined, response: 0, service: "Everything" },
      { name: "EchoNumbers", code: 1, retry: true, noReply: false, timeout: 2000, envelope: "Status", key: "id", response: 1, service: "Everything" },
      { name: "EchoStrings", code: 2, retry: false, noReply: false, timeout: 2000, envelope: "Status", key: undefined, response: 1, service: "Everything" },
      { name: "EchoArrays", code: 3, retry: false, noReply: false, timeout: 2000, envelope: "Status", key: undefined, response: 1, service: "Everything" },
      { name: "EchoStructs", code: 4, retry: false, noReply: false, timeout: 2000, envelope: "Status", key: undefined, response: 3, service: "Everything" },
      { name: "EchoValues", code: 5, retry: false, noReply: false, timeout: 2000, envelope: "Status", key: undefined, response: 2, service: "Everything" },
      { name: "Lookup", code: 0x20, retry: true, noReply: false, timeout: 50, envelope: "Status", key: "user.id", response: 4, service: "Everything" },
      { name: "Compacted", code: 0x21, retry: false, noReply: false, timeout: 2000, envelope: "Compact", key: "name", response: 1, service: "Everything" },
      { name: "Fire", code: 0xf0, retry: false, noReply: true, timeout: 2000, envelope: undefined, key: "name", response: "none", service: "Everything" },
      { name: "Stats", code: 0xf1, retry: false, noReply: false, timeout: 2000, envelope: "Status", key: undefined, response: 1, service: "Everything" },
    ]);
    const ping = message(everything, "Everything", "Ping");
    expect(ping.request).toEqual({ items: [], fixedSize: 0 });
    expect(ping.doc).toBe("No body either way; no envelope.");
  });

  it("keys are paths of request fields", () => {
    const lookup = message(everything, "Everything", "Lookup");
    const user = field(lookup.request, "user");
    const userRef = decl(everything, "struct", "UserRef");
    expect(lookup.key).toEqual([user, field(userRef, "id")]);
    expect(lookup.key?.[0]).toBe(user);
  });

  it("response conditions and retry_when use request fields", () => {
    const lookup = message(everything, "Everything", "Lookup");
    const response = lookup.response;
    if (!response) throw new Error();
    expect(showExpr(field(response, "profile").condition)).toBe("((found == 1) && (request.want_profile != 0))");
    const condition = field(response, "profile").condition;
    const right = condition?.kind === "binary" ? condition.right : undefined;
    expect(right?.kind === "binary" && right.left.kind === "requestField" && right.left.field).toBe(field(lookup.request, "want_profile"));
    expect(showExpr(lookup.retryWhen)).toBe("((found == 2) && (request.want_profile == 1))");
    expect(field(response, "count").role).toEqual({ kind: "length", measures: [field(response, "tuples")] });
    expect(field(lookup.request, "want_profile").defaultValue).toBe(1n);
  });

  it("a service without an envelope", () => {
    const raw = decl(everything, "service", "Raw");
    expect(raw.envelope).toBeUndefined();
    expect(raw.timeout).toBeUndefined();
    expect(raw.messages[0]?.envelope).toBeUndefined();
    expect(raw.messages[0]?.key?.map((f) => showType(f.type))).toEqual(["bytes<varint>"]);
  });
});

describe("box.iproto", () => {
  it("the Tarantool 1.5 messages", () => {
    const service = decl(box, "service", "Box");
    expect(service.messages.map((m) => [m.name, m.code, m.retry, m.envelope?.name])).toEqual([
      ["Ping", 0xff00, true, undefined],
      ["Insert", 13, false, "BoxEnvelope"],
      ["Select", 17, true, "BoxEnvelope"],
      ["Update", 19, false, "BoxEnvelope"],
      ["Delete", 20, false, "BoxEnvelope"],
      ["DeleteWithFlags", 21, false, "BoxEnvelope"],
      ["Call", 22, false, "BoxEnvelope"],
    ]);
    const insert = message(box, "Box", "Insert");
    expect(showExpr(insert.response && field(insert.response, "tuples").condition)).toBe("(request.flags & 1)");
    expect(field(insert.request, "flags").defaultValue).toBe(0n);
    expect(showType(field(insert.request, "flags").type)).toBe("flags BoxFlags");
    const select = message(box, "Box", "Select");
    expect(field(select.request, "limit").defaultValue).toBe(0x7fffffffn);
    expect(showType(field(select.request, "keys").type)).toBe("Key[u32]");
    const tuple = decl(box, "struct", "Tuple");
    expect(field(tuple, "size").role).toEqual({ kind: "sizeof", target: field(tuple, "fields") });
    expect(decl(box, "enum", "UpdateOp").members.find((m) => m.name === "DELETE")?.value).toBe(6n);
  });
});

describe("users.iproto", () => {
  it("the MR::IProto-style service", () => {
    const service = decl(users, "service", "Users");
    expect(service.timeout).toBe(1000);
    expect(service.messages.map((m) => [m.name, m.code, m.timeout, m.noReply, m.key?.map((f) => f.name).join(".")])).toEqual([
      ["GetUser", 0x101, 1000, false, "user_id"],
      ["GetUsers", 0x102, 1000, false, "shard"],
      ["Rename", 0x103, 250, false, "user_id"],
      ["Track", 0x104, 1000, true, "user_id"],
    ]);
    expect(message(users, "Users", "Track").response).toBeUndefined();
    expect(showExpr(message(users, "Users", "GetUser").retryWhen)).toBe("(status == 2)");
    expect(types(decl(users, "struct", "Profile"))).toEqual({
      user_id: "u32", login: "string<varint>", created: "u64:number", country: "string<2,space>", groups: "u32[u16]",
    });
  });
});
