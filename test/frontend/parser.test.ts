import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type * as A from "../../compiler/ast/ast.js";
import { parseSchema } from "../../compiler/parser/parse.js";

function parse(text: string) {
  return parseSchema("t.iproto", text);
}

function clean(text: string): A.SchemaFile {
  const r = parse(text);
  expect(r.diagnostics).toEqual([]);
  return r.ast;
}

function firstStruct(text: string): A.StructDecl {
  const d = clean(text).declarations[0];
  if (d?.kind !== "struct") throw new Error("expected a struct");
  return d;
}

function field(text: string, index = 0): A.FieldDecl {
  const item = firstStruct(`struct S { ${text} }`).items[index];
  if (item?.kind !== "field") throw new Error("expected a field");
  return item;
}

/** Prints an expression with full parentheses, to check precedence and associativity. */
function show(e: A.Expr): string {
  switch (e.kind) {
    case "int": return e.value.toString();
    case "bool": return String(e.value);
    case "string": return JSON.stringify(e.value);
    case "name": return e.name.text;
    case "requestField": return `request.${e.field.name}`;
    case "unary": return `(${e.op}${show(e.operand)})`;
    case "binary": return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case "paren": return `[${show(e.expr)}]`;
    case "error": return "<error>";
  }
}

function expr(text: string): string {
  const d = clean(`const X = ${text};`).declarations[0];
  if (d?.kind !== "const") throw new Error("expected a const");
  return show(d.value);
}

describe("parser: the schemas in schemas/ parse cleanly", () => {
  for (const name of ["box", "users", "everything"]) {
    it(name, () => {
      const r = parseSchema(`schemas/${name}.iproto`, readFileSync(`schemas/${name}.iproto`, "utf8"));
      expect(r.diagnostics).toEqual([]);
      expect(r.ast.declarations.length).toBeGreaterThan(0);
    });
  }
});

describe("parser: declarations", () => {
  it("package, imports and every declaration kind", () => {
    const f = clean(`package a.b; import "x.iproto"; import "y/z.iproto";
      const A = 1; const B: u32 = 2; enum E: u8 { X = 1; } flags F: u32 { Y = 2; }
      struct S {} envelope V { code: u32; } service Svc {}`);
    expect(f.package?.name.text).toBe("a.b");
    expect(f.imports.map((i) => i.path.value)).toEqual(["x.iproto", "y/z.iproto"]);
    expect(f.declarations.map((d) => d.kind)).toEqual(["const", "const", "enum", "flags", "struct", "envelope", "service"]);
    const b = f.declarations[1];
    expect(b?.kind === "const" && b.type?.base.text).toBe("u32");
  });

  it("enum members keep their expressions", () => {
    const d = clean("enum E: u16be { A = 1; B = 0x10 | 2; }").declarations[0];
    expect(d?.kind).toBe("enum");
    if (d?.kind !== "enum") return;
    expect(d.backing.base.text).toBe("u16be");
    expect(d.members.map((m) => [m.name.name, show(m.value)])).toEqual([["A", "1"], ["B", "(16 | 2)"]]);
  });

  it("envelope items in source order", () => {
    const d = clean(`envelope V { code: u32; error if code != 0 { message: string<nul>; } retry_when (code & 0xff) == 1; }`).declarations[0];
    if (d?.kind !== "envelope") throw new Error("envelope expected");
    expect(d.items.map((i) => i.kind)).toEqual(["field", "errorClause", "retryWhen"]);
    const err = d.items[1];
    expect(err?.kind === "errorClause" && show(err.condition)).toBe("(code != 0)");
    const rw = d.items[2];
    expect(rw?.kind === "retryWhen" && show(rw.condition)).toBe("([(code & 255)] == 1)");
  });

  it("service options and every message item", () => {
    const d = clean(`service S {
      envelope V; timeout 100;
      message M = 0x10 {
        retry; no_reply; key a.b; timeout 5; envelope none; retry_when x == 1;
        request { a: u8; } response { b: u8; }
      }
    }`).declarations[0];
    if (d?.kind !== "service") throw new Error("service expected");
    expect(d.items.map((i) => i.kind)).toEqual(["envelopeOption", "timeoutOption", "message"]);
    const m = d.items[2];
    if (m?.kind !== "message") throw new Error("message expected");
    expect(show(m.code)).toBe("16");
    expect(m.items.map((i) => i.kind)).toEqual([
      "retryOption", "noReplyOption", "keyOption", "timeoutOption", "envelopeOption", "retryWhen", "request", "response",
    ]);
    const none = m.items[4];
    expect(none?.kind === "envelopeOption" && none.envelope).toBeUndefined();
    const key = m.items[2];
    expect(key?.kind === "keyOption" && key.path.parts.map((p) => p.name)).toEqual(["a", "b"]);
  });
});

describe("parser: fields and types", () => {
  it("a plain field", () => {
    const f = field("id: u64 as number;");
    expect(f.name.name).toBe("id");
    expect(f.type.base.text).toBe("u64");
    expect(f.repr?.value).toBe("number");
    expect(f.value).toBeUndefined();
    expect(f.condition).toBeUndefined();
  });

  it("length specs: number, name, rest, nul, prefix types, padding", () => {
    const cases: Array<[string, string, string | undefined]> = [
      ["a: bytes<16>;", "int", undefined],
      ["a: string<16, space>;", "int", "space"],
      ["a: string<N, nul>;", "qualifiedName", "nul"],
      ["a: string<nul>;", "nul", undefined],
      ["a: bytes<rest>;", "rest", undefined],
      ["a: bytes<varint>;", "qualifiedName", undefined],
      ["a: string<u16be>;", "qualifiedName", undefined],
    ];
    for (const [src, argKind, padding] of cases) {
      const f = field(src);
      expect(f.type.length?.arg.kind, src).toBe(argKind);
      expect(f.type.length?.padding?.value, src).toBe(padding);
    }
  });

  it("array counts, innermost first", () => {
    const f = field("a: Key<u32>[4][u16][n][rest];");
    expect(f.type.base.text).toBe("Key");
    expect(f.type.counts.map((c) => (c.arg.kind === "int" ? c.arg.raw : c.arg.kind === "qualifiedName" ? c.arg.text : c.arg.kind))).toEqual([
      "4", "u16", "n", "rest",
    ]);
  });

  it("defaults, sizeof and conditions", () => {
    const withDefault = field("limit: u32 = LIMIT_ALL if request.flags & 1;");
    expect(withDefault.value?.kind === "name" && withDefault.value.name.text).toBe("LIMIT_ALL");
    expect(withDefault.condition && show(withDefault.condition)).toBe("(request.flags & 1)");
    const size = field("size: u32 = sizeof(fields);");
    expect(size.value?.kind === "sizeof" && size.value.target.name).toBe("fields");
  });

  it("pad", () => {
    const item = firstStruct("struct S { pad 3; }").items[0];
    expect(item?.kind === "pad" && show(item.size)).toBe("3");
  });

  it("qualified type names", () => {
    expect(field("t: tarantool.box.Tuple<u32>;").type.base.parts.map((p) => p.name)).toEqual(["tarantool", "box", "Tuple"]);
  });
});

describe("parser: soft keywords", () => {
  it("every keyword can name a field", () => {
    const words = [
      "package", "import", "const", "enum", "flags", "struct", "envelope", "error", "if", "service", "timeout",
      "message", "request", "response", "retry_when", "retry", "no_reply", "key", "pad", "as", "sizeof",
      "count", "space", "size", "none", "rest", "nul", "varint", "string", "bytes", "number", "bigint", "true",
      "false", "u8", "delete", "class", "default",
    ];
    const s = firstStruct(`struct S { ${words.map((w) => `${w}: u8;`).join(" ")} }`);
    expect(s.items.map((i) => (i.kind === "field" ? i.name.name : "pad"))).toEqual(words);
  });

  it("keywords can name declarations and members", () => {
    const f = clean(`struct key { error: u8; } enum message: u8 { retry = 1; request = 2; } const service = 1;
      service timeout { message request = 1 { request { key: key; } } }`);
    expect(f.declarations.map((d) => d.name.name)).toEqual(["key", "message", "service", "timeout"]);
  });

  it("a field named pad, error or retry_when beside the clauses they start", () => {
    const d = clean(`envelope E { pad: u8; pad 1; error: u8; retry_when: u8; code: u32; error if code { message: string<nul>; } retry_when pad; }`).declarations[0];
    if (d?.kind !== "envelope") throw new Error();
    expect(d.items.map((i) => i.kind)).toEqual(["field", "pad", "field", "field", "field", "errorClause", "retryWhen"]);
  });
});

describe("parser: expressions", () => {
  it("C precedence, loosest first", () => {
    expect(expr("a || b && c")).toBe("(a || (b && c))");
    expect(expr("a == b < c")).toBe("(a == (b < c))");
    expect(expr("a < b | c")).toBe("(a < (b | c))");
    expect(expr("a | b ^ c & d")).toBe("(a | (b ^ (c & d)))");
    expect(expr("a & b << c")).toBe("(a & (b << c))");
    expect(expr("a << b + c")).toBe("(a << (b + c))");
    expect(expr("a + b * c % d")).toBe("(a + ((b * c) % d))");
    expect(expr("-a * ~b")).toBe("((-a) * (~b))");
    expect(expr("!!x")).toBe("(!(!x))");
  });

  it("left associativity", () => {
    expect(expr("a - b - c")).toBe("((a - b) - c)");
    expect(expr("a / b / c")).toBe("((a / b) / c)");
  });

  it("literals", () => {
    expect(expr("0xff00")).toBe("65280");
    expect(expr("0b101")).toBe("5");
    expect(expr("0o17")).toBe("15");
    expect(expr("1_000_000")).toBe("1000000");
    expect(expr("true || false")).toBe("(true || false)");
    expect(expr(String.raw`"a\n\t\r\0\\\"\x41\u{e9}"`)).toBe(JSON.stringify('a\n\t\r\0\\"A\u00e9'));
  });

  it("names, members and request fields", () => {
    expect(expr("Op.SET + pkg.Op.ADD")).toBe("(Op.SET + pkg.Op.ADD)");
    expect(expr("request.flags & 1")).toBe("(request.flags & 1)");
  });
});

describe("parser: comments", () => {
  const text = `/** File doc. */
package p;
// ordinary
/* block */
/**
 * Struct doc,
 * two lines.
 */
struct S {
  /// field doc
  /// second line
  a: u8; // trailing
  //// separator, not a doc
  b: u8;
}
enum E: u8 {
  /** member doc */
  A = 1;
}
`;

  it("attaches doc comments to the following node", () => {
    const f = clean(text);
    expect(f.package?.doc?.text).toBe("File doc.");
    const s = f.declarations[0];
    if (s?.kind !== "struct") throw new Error();
    expect(s.doc?.text).toBe("Struct doc,\ntwo lines.");
    const [a, b] = s.items;
    expect(a?.doc?.text).toBe("field doc\nsecond line");
    expect(a?.doc?.comments).toHaveLength(2);
    expect(b?.doc).toBeUndefined();
    const e = f.declarations[1];
    expect(e?.kind === "enum" && e.members[0]?.doc?.text).toBe("member doc");
  });

  it("keeps every comment with its span", () => {
    const f = clean(text);
    expect(f.comments.map((c) => c.style)).toEqual(["docBlock", "line", "block", "docBlock", "docLine", "docLine", "line", "line", "docBlock"]);
    for (const c of f.comments) expect(text.slice(c.span.start.offset, c.span.end.offset)).toBe(c.text);
    // A doc's comments are the very objects listed on the file.
    expect(f.package?.doc?.comments[0]).toBe(f.comments[0]);
  });
});

describe("parser: spans", () => {
  it("point at the source text", () => {
    const text = "struct Point {\n  x: i32;\n  y: i32 = -1;\n}\n";
    const s = firstStruct(text);
    const slice = (n: { span: { start: { offset: number }; end: { offset: number } } }) => text.slice(n.span.start.offset, n.span.end.offset);
    expect(slice(s)).toBe("struct Point {\n  x: i32;\n  y: i32 = -1;\n}");
    expect(slice(s.name)).toBe("Point");
    const y = s.items[1];
    if (y?.kind !== "field" || !y.value) throw new Error();
    expect(slice(y)).toBe("y: i32 = -1;");
    expect(slice(y.value)).toBe("-1");
    expect(y.span.start).toEqual({ line: 3, column: 3, offset: 27 });
  });
});

describe("parser: syntax errors", () => {
  it("reports every problem and keeps the rest of the file", () => {
    const r = parse("struct A { x: u8 }\nstruct B { y: ; }\n@\nstruct C { z: u8; }");
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column}`)).toEqual([
      "E0006 1:18", "E0006 2:15", "E0001 3:1",
    ]);
    expect(r.ast.declarations.map((d) => d.name.name)).toEqual(["A", "B", "C"]);
  });

  it("missing pieces become missing nodes, not undefined", () => {
    const r = parse("const = ;\nstruct S { a: ; b: u8 = ; }");
    expect(r.diagnostics.length).toBeGreaterThan(0);
    const c = r.ast.declarations[0];
    expect(c?.kind === "const" && c.name.name).toBe("");
    expect(c?.kind === "const" && c.value.kind).toBe("error");
  });
});
