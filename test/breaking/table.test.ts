/**
 * The breaking-change rules, one old/new pair per row, each with every expected finding as
 * `RULE new-line:col old-line:col` (`!` after the rule marks a warning). Rows with no findings are the
 * safe changes. Layout text helpers keep line numbers predictable: `message(req, resp)` puts the request
 * fields from line 4, column 7, and the response fields right after.
 */
import { describe, expect, it } from "vitest";
import { compare, findings, type CompareOptions } from "./support.js";

/** service S { message M = 1 { request {…} response {…} } }; request fields from line 4. */
function message(request: readonly string[], response: readonly string[] | undefined, options: readonly string[] = [], code = "1"): string {
  return [
    "service S {",
    `  message M = ${code} {`,
    "    request {",
    ...request.map((f) => `      ${f}`),
    "    }",
    ...(response ? ["    response {", ...response.map((f) => `      ${f}`), "    }"] : []),
    ...options.map((o) => `    ${o}`),
    "  }",
    "}",
    "",
  ].join("\n");
}

interface Row {
  readonly name: string;
  readonly old: string;
  readonly neu: string;
  readonly options?: CompareOptions;
  readonly expected: readonly string[];
}

const BASE = message(["a: u32;", "b: u16;"], ["c: u8;"]);
// Lines: request a=4, b=5; response c=8.

/** A Box space: fields from line 2 (id=2, login=3, score=4), indexes after the fields. */
const SPACE = (fields = "  id: u32;\n  login: string;\n  score: i32;\n", indexes = "  index primary = 0 tree unique (id);\n  index by_login = 1 hash unique (login);\n", no = "0"): string =>
  `space Users = ${no} {\n${fields}${indexes}}\n`;

/** SPACE() and, on line 8, a procedure returning its tuples (or `returns` the given result, or none for ""). */
const PROC = (args = "name: string, limit: u32", result = "Users"): string =>
  `${SPACE()}procedure box.find(${args})${result === "" ? "" : ` returns ${result}`};\n`;

const STRUCT_USE = (point: string, extra = ""): string =>
  `struct P {\n${point}}\n${extra}service S {\n  message M = 1 {\n    request {\n      p: P;\n      n: u8;\n    }\n  }\n  message N = 2 {\n    request {\n      ps: P[u8];\n    }\n  }\n}\n`;

const ROWS: readonly Row[] = [
  // ------------------------------------------------------------------------------------ safe changes
  { name: "identical schemas", old: BASE, neu: BASE, expected: [] },
  {
    name: "comments, doc comments and layout only",
    old: BASE,
    neu: `/** The service. */\n// note\n${message(["/// The a.\na: u32; // trailing", "b:u16;"], ["c :u8;"])}`.replace("\n      /// The a.\na", "\n      /// The a.\n      a"),
    expected: [],
  },
  { name: "a message added", old: BASE, neu: BASE.replace("  }\n}\n", "  }\n  message N = 2 {}\n}\n"), expected: [] },
  { name: "a renamed field (reported only with --strict-names)", old: BASE, neu: BASE.replace("a: u32", "x: u32"), expected: [] },
  { name: "a renamed field with --strict-names", old: BASE, neu: BASE.replace("a: u32", "x: u32"), options: { strict: true }, expected: ["B070 4:7 4:7"] },
  { name: "a renamed message keeps its code", old: BASE, neu: BASE.replace("message M", "message Renamed"), expected: [] },
  { name: "a renamed message with --strict-names", old: BASE, neu: BASE.replace("message M", "message Renamed"), options: { strict: true }, expected: ["B071 2:3 2:3"] },
  { name: "a renamed service with --strict-names", old: BASE, neu: BASE.replace("service S", "service T"), options: { strict: true }, expected: ["B072 1:1 1:1"] },
  { name: "an integer becomes an enum of the same width", old: BASE, neu: `enum E: u8 { X = 1; }\n${BASE.replace("c: u8", "c: E")}`, expected: [] },
  { name: "string and bytes of the same length form", old: BASE.replace("c: u8", "c: string<varint>"), neu: BASE.replace("c: u8", "c: bytes<varint>"), expected: [] },
  { name: "a default value changed", old: BASE.replace("b: u16", "b: u16 = 1"), neu: BASE.replace("b: u16", "b: u16 = 2"), expected: [] },
  { name: "a constant folded to the same length", old: `const K = 16;\n${BASE.replace("c: u8", "c: bytes<K>")}`, neu: BASE.replace("c: u8", "c: bytes<16>"), expected: [] },
  {
    name: "fields moved into a struct written in place: same bytes",
    old: message(["x: i32;", "y: i32;"], undefined),
    neu: `struct Point { x: i32; y: i32; }\n${message(["p: Point;"], undefined)}`,
    expected: [],
  },
  { name: "an enum member added", old: `enum E: u8 { X = 1; }\n${BASE.replace("c: u8", "c: E")}`, neu: `enum E: u8 { X = 1; Y = 2; }\n${BASE.replace("c: u8", "c: E")}`, expected: [] },

  // ------------------------------------------------------------------------------- messages and services
  { name: "a message removed", old: BASE.replace("  }\n}\n", "  }\n  message N = 2 {}\n}\n"), neu: BASE, expected: ["B001 1:1 11:3"] },
  { name: "a message's code changed", old: BASE, neu: BASE.replace("M = 1", "M = 7"), expected: ["B002 2:3 2:3"] },
  {
    name: "two messages swap codes: both changed, both reused",
    old: "service S {\n  message A = 1 {}\n  message B = 2 {}\n}\n",
    neu: "service S {\n  message A = 2 {}\n  message B = 1 {}\n}\n",
    expected: ["B002 2:3 2:3", "B003 2:3 3:3", "B002 3:3 3:3", "B003 3:3 2:3"],
  },
  { name: "a service removed", old: `${BASE}service T {\n  message X = 1 {}\n}\n`, neu: BASE, expected: ["B004 1:1 12:1"] },
  { name: "no_reply added", old: message(["a: u32;"], undefined), neu: message(["a: u32;"], undefined, ["no_reply;"]), expected: ["B005 2:3 2:3"] },
  {
    name: "a response envelope added",
    old: message(["a: u32;"], ["c: u8;"]),
    neu: `envelope E { code: u32; error if code != 0 { message: string<nul>; } }\n${message(["a: u32;"], ["c: u8;"], ["envelope E;"])}`,
    expected: ["B006 3:3 2:3"],
  },

  // ----------------------------------------------------------------------------------- a field's type
  { name: "width", old: BASE, neu: BASE.replace("a: u32", "a: u64"), expected: ["B011 4:7 4:7"] },
  { name: "signedness", old: BASE, neu: BASE.replace("a: u32", "a: i32"), expected: ["B012 4:7 4:7"] },
  { name: "byte order", old: BASE, neu: BASE.replace("b: u16", "b: u16be"), expected: ["B013 5:7 5:7"] },
  { name: "another kind of value", old: BASE, neu: BASE.replace("a: u32", "a: f32"), expected: ["B010 4:7 4:7"] },
  { name: "a length prefix's type", old: BASE.replace("c: u8", "c: string<u8>"), neu: BASE.replace("c: u8", "c: string<u16>"), expected: ["B014 8:7 8:7"] },
  { name: "a length form (prefix to NUL-terminated)", old: BASE.replace("c: u8", "c: string<varint>"), neu: BASE.replace("c: u8", "c: string<nul>"), expected: ["B015 8:7 8:7"] },
  { name: "a fixed length", old: BASE.replace("c: u8", "c: bytes<16>"), neu: BASE.replace("c: u8", "c: bytes<32>"), expected: ["B016 8:7 8:7"] },
  { name: "a constant behind a fixed length", old: `const K = 16;\n${BASE.replace("c: u8", "c: bytes<K>")}`, neu: `const K = 32;\n${BASE.replace("c: u8", "c: bytes<K>")}`, expected: ["B016 9:7 9:7"] },
  { name: "fixed padding (Perl a16 to A16)", old: BASE.replace("c: u8", "c: string<16>"), neu: BASE.replace("c: u8", "c: string<16, space>"), expected: ["B015 8:7 8:7"] },
  { name: "an array's count prefix", old: BASE.replace("c: u8", "c: u32[u8]"), neu: BASE.replace("c: u8", "c: u32[u16]"), expected: ["B014 8:7 8:7"] },
  { name: "an array's fixed count", old: BASE.replace("c: u8", "c: u32[4]"), neu: BASE.replace("c: u8", "c: u32[5]"), expected: ["B016 8:7 8:7"] },
  {
    name: "an array counted by another field",
    old: message(["n: u8;", "m: u8;", "xs: u32[n];"], undefined),
    neu: message(["n: u8;", "m: u8;", "xs: u32[m];"], undefined),
    expected: ["B017 6:7 6:7"],
  },
  {
    name: "a sizeof relation removed (a Tarantool tuple's size no longer bounds its fields)",
    old: message(["size: u32 = sizeof(fields);", "n: u32;", "fields: bytes<varint>[n];"], undefined),
    neu: message(["size: u32;", "n: u32;", "fields: bytes<varint>[n];"], undefined),
    expected: ["B017 4:7 4:7"],
  },
  {
    name: "a sizeof field measures another field",
    old: message(["size: u32 = sizeof(x);", "x: bytes<varint>;", "y: bytes<varint>;"], undefined),
    neu: message(["size: u32 = sizeof(y);", "x: bytes<varint>;", "y: bytes<varint>;"], undefined),
    expected: ["B017 4:7 4:7"],
  },
  { name: "a value gains a length prefix (Box field)", old: BASE, neu: BASE.replace("a: u32", "a: u32<varint>"), expected: ["B014 4:7 4:7"] },
  { name: "a value loses its length prefix", old: BASE.replace("a: u32", "a: u32<varint>"), neu: BASE, expected: ["B014 4:7 4:7"] },
  { name: "a prefixed value's prefix type", old: BASE.replace("a: u32", "a: u32<varint>"), neu: BASE.replace("a: u32", "a: u32<u8>"), expected: ["B014 4:7 4:7"] },
  { name: "a prefixed value's width", old: BASE.replace("a: u32", "a: u32<varint>"), neu: BASE.replace("a: u32", "a: u64<varint>"), expected: ["B011 4:7 4:7"] },
  { name: "a prefixed value as an enum of the same backing is the same bytes", old: `enum E: u32 { X = 1; }\n${BASE.replace("a: u32", "a: u32<varint>")}`, neu: `enum E: u32 { X = 1; }\n${BASE.replace("a: u32", "a: E<varint>")}`, expected: [] },
  { name: "a struct gains a size prefix", old: `struct P { x: u8; }\n${BASE.replace("c: u8", "c: P")}`, neu: `struct P { x: u8; }\n${BASE.replace("c: u8", "c: P<u16>")}`, expected: ["B014 9:7 9:7"] },

  // ---------------------------------------------------------------------------------------- conditions
  { name: "a condition added", old: BASE, neu: BASE.replace("b: u16", "b: u16 if a == 1"), expected: ["B018 5:7 5:7"] },
  { name: "a condition changed", old: BASE.replace("b: u16", "b: u16 if a == 1"), neu: BASE.replace("b: u16", "b: u16 if a == 2"), expected: ["B018 5:7 5:7"] },
  {
    name: "a condition over a renamed field is the same condition",
    old: BASE.replace("b: u16", "b: u16 if a == 1"),
    neu: BASE.replace("a: u32", "z: u32").replace("b: u16", "b: u16 if z == 1"),
    expected: [],
  },
  {
    name: "a response condition over a request field follows the request's pairing",
    old: message(["flags: u32;"], ["t: u8 if request.flags & 1;"]),
    neu: message(["opts: u32;"], ["t: u8 if request.opts & 1;"]),
    expected: [],
  },

  // ------------------------------------------------------------------------------------ layout shape
  { name: "a field inserted in the middle", old: BASE, neu: BASE.replace("      b: u16;", "      x: u8;\n      b: u16;"), expected: ["B021 5:7 5:7"] },
  { name: "a field removed from the middle", old: BASE, neu: BASE.replace("      a: u32;\n", ""), expected: ["B022 4:7 4:7"] },
  { name: "a field removed from the end", old: BASE, neu: BASE.replace("      b: u16;\n", ""), expected: ["B022 2:3 5:7"] },
  { name: "fields swapped", old: BASE, neu: BASE.replace("a: u32;\n      b: u16;", "b: u16;\n      a: u32;"), expected: ["B023 4:7 5:7"] },
  { name: "a moved field that also changed width", old: BASE, neu: BASE.replace("a: u32;\n      b: u16;", "b: u16;\n      a: u64;"), expected: ["B023 4:7 5:7", "B011 5:7 4:7"] },
  { name: "padding resized", old: BASE.replace("b: u16;", "pad 2;"), neu: BASE.replace("b: u16;", "pad 3;"), expected: ["B016 5:7 5:7"] },
  { name: "padding inserted", old: BASE, neu: BASE.replace("      b: u16;", "      pad 1;\n      b: u16;"), expected: ["B021 5:7 5:7"] },
  { name: "a field appended to the request: old servers reject the tail", old: BASE, neu: BASE.replace("b: u16;", "b: u16;\n      x: u8;"), expected: ["B024 6:7 5:7"] },
  { name: "a field appended to the response: old clients reject the tail", old: BASE, neu: BASE.replace("c: u8;", "c: u8;\n      x: u8;"), expected: ["B024 9:7 8:7"] },
  { name: "appended with --tail-tolerant", old: BASE, neu: BASE.replace("c: u8;", "c: u8;\n      x: u8;"), options: { tail: true }, expected: [] },
  {
    name: "appended to both request and response with --tail-tolerant: no safe upgrade order",
    old: BASE,
    neu: BASE.replace("b: u16;", "b: u16;\n      x: u8;").replace("c: u8;", "c: u8;\n      y: u8;"),
    options: { tail: true },
    expected: ["B025 2:3 2:3"],
  },

  // ------------------------------------------------------------------------------------------ structs
  {
    name: "a struct's field widened: reported at the struct and at each use",
    old: STRUCT_USE("  x: u8;\n"),
    neu: STRUCT_USE("  x: u16;\n"),
    expected: ["B011 2:3 2:3", "B030 7:7 7:7", "B030 13:7 13:7"],
  },
  {
    name: "a field appended to a struct used in the middle of one body and as array items in another",
    old: STRUCT_USE("  x: u8;\n"),
    neu: STRUCT_USE("  x: u8;\n  y: u8;\n"),
    expected: ["B021 3:3 2:3", "B030 8:7 7:7", "B030 14:7 13:7"],
  },
  {
    name: "a field removed from a shared struct: once, at the struct, and at each use",
    old: STRUCT_USE("  x: u8;\n  y: u8;\n"),
    neu: STRUCT_USE("  y: u8;\n"),
    expected: ["B022 1:1 2:3", "B030 7:7 8:7", "B030 13:7 14:7"],
  },
  {
    name: "--tail-tolerant does not excuse a struct that is not at the end of the body",
    old: STRUCT_USE("  x: u8;\n"),
    neu: STRUCT_USE("  x: u8;\n  y: u8;\n"),
    options: { tail: true },
    expected: ["B021 3:3 2:3", "B030 8:7 7:7", "B030 14:7 13:7"],
  },
  {
    name: "a struct written in place becomes conditional",
    old: `struct P { x: u8; }\n${message(["k: u8;", "p: P;"], undefined)}`,
    neu: `struct P { x: u8; }\n${message(["k: u8;", "p: P if k == 1;"], undefined)}`,
    expected: ["B018 6:7 6:7"],
  },
  {
    name: "a field appended to size-prefixed array items is a tail (safe with --tail-tolerant)",
    old: "struct P { x: u8; }\nservice S { message M = 1 { request { ps: P<u32>[u32]; } } }\n",
    neu: "struct P { x: u8; y: u8; }\nservice S { message M = 1 { request { ps: P<u32>[u32]; } } }\n",
    options: { tail: true },
    expected: [],
  },
  {
    name: "a field appended to a struct bounded by a sizeof field is a tail",
    old: `struct B { x: u8; }\n${message(["size: u32 = sizeof(body);", "body: B;", "n: u8;"], undefined)}`,
    neu: `struct B { x: u8; y: u8; }\n${message(["size: u32 = sizeof(body);", "body: B;", "n: u8;"], undefined)}`,
    expected: ["B024 1:19 1:12", "B030 6:7 6:7"],
  },
  {
    name: "the same with --tail-tolerant",
    old: `struct B { x: u8; }\n${message(["size: u32 = sizeof(body);", "body: B;", "n: u8;"], undefined)}`,
    neu: `struct B { x: u8; y: u8; }\n${message(["size: u32 = sizeof(body);", "body: B;", "n: u8;"], undefined)}`,
    options: { tail: true },
    expected: [],
  },
  {
    name: "a recursive struct changed: reported once",
    old: "struct T { v: u8; kids: T[u8]; }\nservice S { message M = 1 { request { t: T; } } }\n",
    neu: "struct T { v: u16; kids: T[u8]; }\nservice S { message M = 1 { request { t: T; } } }\n",
    expected: ["B011 1:12 1:12", "B030 2:39 2:39"],
  },

  // ----------------------------------------------------------------------------------------- envelopes
  {
    name: "an envelope's code widened and its error condition changed",
    old: `envelope E { code: u32; error if code != 0 { message: string<nul>; } }\n${message(["a: u32;"], ["c: u8;"], ["envelope E;"])}`,
    neu: `envelope E { code: u16; error if code > 0 { message: string<nul>; } }\n${message(["a: u32;"], ["c: u8;"], ["envelope E;"])}`,
    expected: ["B031 1:1 1:1", "B011 1:14 1:14"],
  },

  {
    name: "a field added to an envelope is inserted before every response",
    old: `envelope E { code: u32; error if code != 0 { message: string<nul>; } }\n${message(["a: u32;"], ["c: u8;"], ["envelope E;"])}`,
    neu: `envelope E { code: u32; extra: u8; error if code != 0 { message: string<nul>; } }\n${message(["a: u32;"], ["c: u8;"], ["envelope E;"])}`,
    expected: ["B021 1:25 8:7", "B021 1:25 1:46"],
  },
  {
    name: "a field removed from an envelope: once, at the envelope",
    old: `envelope E { code: u32; extra: u8; error if code != 0 { message: string<nul>; } }\n${message(["a: u32;"], ["c: u8;"], ["envelope E;"])}`,
    neu: `envelope E { code: u32; error if code != 0 { message: string<nul>; } }\n${message(["a: u32;"], ["c: u8;"], ["envelope E;"])}`,
    expected: ["B022 1:1 1:25"],
  },

  // ------------------------------------------------------------------------------------ enums and flags
  { name: "an enum member renumbered", old: `enum E: u8 { X = 1; }\n${BASE.replace("c: u8", "c: E")}`, neu: `enum E: u8 { X = 2; }\n${BASE.replace("c: u8", "c: E")}`, expected: ["B061 1:14 1:14"] },
  { name: "a flags member removed", old: `flags F: u8 { X = 1; Y = 2; }\n${BASE.replace("c: u8", "c: F")}`, neu: `flags F: u8 { X = 1; }\n${BASE.replace("c: u8", "c: F")}`, expected: ["B060 1:1 1:22"] },
  // ------------------------------------------------------------------------------------ Box spaces
  { name: "a space unchanged but for docs and a constant number", old: SPACE(), neu: `const U = 0;\n/** Users. */\n${SPACE(undefined, undefined, "U")}`, expected: [] },
  { name: "a space index added", old: SPACE(), neu: SPACE(undefined, "  index primary = 0 tree unique (id);\n  index by_login = 1 hash unique (login);\n  index by_score = 2 tree (score);\n"), expected: [] },
  { name: "a space removed", old: SPACE(), neu: "const X = 1;\n", expected: ["B080 1:1 1:1"] },
  { name: "a space renumbered", old: SPACE(), neu: SPACE(undefined, undefined, "5"), expected: ["B081 1:1 1:1"] },
  { name: "a space field's type changed", old: SPACE(), neu: SPACE("  id: u32;\n  login: string;\n  score: i64;\n"), expected: ["B082 4:3 4:3"] },
  { name: "a space field's type changed to an enum of the same width: same bytes", old: SPACE(), neu: `enum E: i32 { X = 1; }\n${SPACE("  id: u32;\n  login: string;\n  score: E;\n")}`, expected: [] },
  { name: "space fields reordered", old: SPACE(), neu: SPACE("  id: u32;\n  score: string;\n  login: string;\n"), expected: ["B083 3:3 3:3", "B082 4:3 4:3", "B084 6:3 6:3"] },
  { name: "a space field appended", old: SPACE(), neu: SPACE("  id: u32;\n  login: string;\n  score: i32;\n  extra: u8;\n"), expected: ["B083 5:3 1:1"] },
  { name: "a space field removed", old: SPACE(), neu: SPACE("  id: u32;\n  login: string;\n"), expected: ["B083 1:1 4:3"] },
  { name: "an index's parts changed", old: SPACE(), neu: SPACE(undefined, "  index primary = 0 tree unique (id, score);\n  index by_login = 1 hash unique (login);\n"), expected: ["B084 5:3 5:3"] },
  { name: "an index removed", old: SPACE(), neu: SPACE(undefined, "  index primary = 0 tree unique (id);\n"), expected: ["B084 1:1 6:3"] },

  // ---------------------------------------------------------------------------- Box stored procedures
  { name: "a procedure unchanged but for argument names and docs", old: PROC(), neu: `/** Finds. */\n${PROC().replace("name: string", "login: string")}`, expected: [] },
  { name: "a procedure added, a result declared where there was none", old: `${SPACE()}procedure touch(id: u32);\n`, neu: `${SPACE()}procedure touch(id: u32) returns (n: u32);\nprocedure other();\n`, expected: [] },
  { name: "a procedure removed", old: PROC(), neu: SPACE(), expected: ["B085 1:1 8:1"] },
  { name: "a procedure argument's type changed", old: PROC(), neu: PROC("name: string, limit: u64"), expected: ["B086 8:1 8:1"] },
  { name: "a procedure argument added", old: PROC(), neu: PROC("name: string, limit: u32, offset: u32"), expected: ["B086 8:1 8:1"] },
  { name: "procedure arguments reordered", old: PROC(), neu: PROC("limit: u32, name: string"), expected: ["B086 8:1 8:1"] },
  { name: "a procedure's result space changed shape", old: PROC(), neu: PROC(undefined, "(id: u32, login: string)"), expected: ["B087 8:1 8:1"] },
  { name: "a procedure's result the same fields as its space", old: PROC(), neu: PROC(undefined, "(id: u32, login: string, score: i32)"), expected: [] },
  { name: "a procedure's result removed", old: PROC(), neu: PROC(undefined, ""), expected: ["B087 8:1 8:1"] },
  { name: "an enum member renamed, with --strict-names", old: `enum E: u8 { X = 1; }\n${BASE.replace("c: u8", "c: E")}`, neu: `enum E: u8 { Z = 1; }\n${BASE.replace("c: u8", "c: E")}`, options: { strict: true }, expected: ["B074 1:14 1:14"] },

  // ------------------------------------------------------------------------------- behaviour (warnings)
  { name: "retry removed (a warning)", old: message(["a: u32;"], ["c: u8;"], ["retry;"]), neu: message(["a: u32;"], ["c: u8;"]), expected: ["B050! 2:3 2:3"] },
  { name: "retry added is safe", old: message(["a: u32;"], ["c: u8;"]), neu: message(["a: u32;"], ["c: u8;"], ["retry;"]), expected: [] },
  { name: "retry_when changed (a warning)", old: message(["a: u32;"], ["c: u8;"], ["retry_when c == 1;"]), neu: message(["a: u32;"], ["c: u8;"], ["retry_when c == 2;"]), expected: ["B051! 2:3 2:3"] },
  { name: "the balancing key changed (a warning)", old: message(["a: u32;", "b: u32;"], ["c: u8;"], ["key a;"]), neu: message(["a: u32;", "b: u32;"], ["c: u8;"], ["key b;"]), expected: ["B052! 2:3 2:3"] },
];

describe("iprotoc breaking: the rule table", () => {
  it("has at least 30 rows, safe and breaking", () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(30);
    expect(ROWS.filter((r) => r.expected.length === 0).length).toBeGreaterThanOrEqual(10);
  });

  for (const row of ROWS) {
    it(row.name, () => {
      expect(findings(row.old, row.neu, row.options)).toEqual(row.expected);
    });
  }

  it("schema errors on either side are returned instead of findings", () => {
    const broken = BASE.replace("a: u32", "a: nope");
    for (const [old, neu] of [[broken, BASE], [BASE, broken]] as const) {
      const result = compare(old, neu);
      expect(result.schemaErrors).toBe(true);
      expect(result.diagnostics.map((d) => d.code)).toEqual(["E0205"]);
    }
  });

  it("every finding explains itself and names the old location", () => {
    const result = compare(STRUCT_USE("  x: u8;\n"), STRUCT_USE("  x: u16;\n"));
    const [change, use] = result.diagnostics;
    expect(change?.message).toBe("field `x` changed width (`u8` → `u16`): old peers read 1 bytes where there are now 2");
    expect(change?.related?.map((r) => `${r.span.file}:${r.span.start.line} ${r.message}`)).toEqual([
      "old/s.iproto:2 was `x: u8`",
      "s.iproto:7 in the request of `S.M`",
      "s.iproto:13 in the request of `S.N`",
    ]);
    expect(use?.message).toBe("the request of `S.M` changes on the wire: field `p` (`P`) contains a changed struct (B011 at s.iproto:2:3)");
  });
});
