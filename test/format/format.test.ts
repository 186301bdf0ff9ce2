/** `formatSchema`: the canonical style, comment placement, literal spellings, refusal of broken files. */
import { describe, expect, it } from "vitest";
import { formatSchema } from "../../compiler/format/format.js";
import { parseSchema } from "../../compiler/parser/parse.js";

function format(text: string): string {
  const r = formatSchema("t.iproto", text);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
  const again = formatSchema("t.iproto", r.text);
  expect(again.ok && again.text).toBe(r.text); // idempotent, every time
  return r.text;
}

const lines = (...l: string[]): string => `${l.join("\n")}\n`;

describe("format: canonical style", () => {
  it("spacing, indentation and one item per line", () => {
    const input =
      'package  a . b ;import"x.iproto" ;const K:u32=0x10;struct S{a:u32;b:bytes<varint>[a];c:string<16,space>;' +
      "d:u64 as number=5 if a==1&&(b!=0);pad 4;e:Pt<u16>[u8][3];t:u32=sizeof(b);}";
    expect(format(input)).toBe(
      lines(
        "package a.b;",
        "",
        'import "x.iproto";',
        "",
        "const K: u32 = 0x10;",
        "",
        "struct S {",
        "  a: u32;",
        "  b: bytes<varint>[a];",
        "  c: string<16, space>;",
        "  d: u64 as number = 5 if a == 1 && (b != 0);",
        "  pad 4;",
        "  e: Pt<u16>[u8][3];",
        "  t: u32 = sizeof(b);",
        "}",
      ),
    );
  });

  it("enums, envelopes and services with every message item", () => {
    const input =
      "enum E:u8{A=0;B=-1;}flags F:u16{X=1<<0;Y=F.X|2;}envelope Env{code:u32;error if code!=0{message:string<nul>;}" +
      "retry_when(code&0xff)==1;}service S{envelope Env;timeout 100;message M=0x10{retry;key a.b;timeout 5;" +
      "request{a:u32;}response{}retry_when request.a==~1;envelope none;}message N=2{no_reply;}}";
    expect(format(input)).toBe(
      lines(
        "enum E: u8 {",
        "  A = 0;",
        "  B = -1;",
        "}",
        "",
        "flags F: u16 {",
        "  X = 1 << 0;",
        "  Y = F.X | 2;",
        "}",
        "",
        "envelope Env {",
        "  code: u32;",
        "  error if code != 0 {",
        "    message: string<nul>;",
        "  }",
        "  retry_when (code & 0xff) == 1;",
        "}",
        "",
        "service S {",
        "  envelope Env;",
        "  timeout 100;",
        "",
        "  message M = 0x10 {",
        "    retry;",
        "    key a.b;",
        "    timeout 5;",
        "    request {",
        "      a: u32;",
        "    }",
        "    response {}",
        "    retry_when request.a == ~1;",
        "    envelope none;",
        "  }",
        "",
        "  message N = 2 {",
        "    no_reply;",
        "  }",
        "}",
      ),
    );
  });

  it("keeps literal spellings and the author's parentheses", () => {
    const out = format("const A = 0x7fff_ffff; const B = 0b101; const C = 0o17; const D = ((1 + 2)) * 3; const S = \"a\\tb\\u{f6}\";");
    expect(out).toContain("const A = 0x7fff_ffff;");
    expect(out).toContain("const B = 0b101;");
    expect(out).toContain("const C = 0o17;");
    expect(out).toContain("const D = ((1 + 2)) * 3;");
    expect(out).toContain('const S = "a\\tb\\u{f6}";');
  });

  it("blank lines: one between declarations, runs of consts and imports kept together, at most one inside blocks", () => {
    const input = [
      'import "a.iproto";',
      'import "b.iproto";',
      "const A = 1;",
      "const B = 2;",
      "",
      "",
      "",
      "const C = 3;",
      "struct S {",
      "",
      "  a: u8;",
      "",
      "",
      "  b: u8;",
      "",
      "}",
      "struct T {}",
    ].join("\n");
    expect(format(input)).toBe(
      lines('import "a.iproto";', 'import "b.iproto";', "", "const A = 1;", "const B = 2;", "", "const C = 3;", "", "struct S {", "  a: u8;", "", "  b: u8;", "}", "", "struct T {}"),
    );
  });

  it("CRLF input becomes LF; the output ends with exactly one newline", () => {
    expect(format("struct S {\r\n  a: u8;\r\n}\r\n\r\n\r\n")).toBe(lines("struct S {", "  a: u8;", "}"));
    expect(format("")).toBe("");
    expect(format("\n\n// only a comment\n\n")).toBe(lines("// only a comment"));
  });
});

describe("format: comments stay where they were", () => {
  it("own-line, trailing and doc comments; trailing comments of consecutive lines aligned", () => {
    const input = [
      "// header",
      "/** The file. */ package p;",
      "/// Doc of S,",
      "/// two lines.",
      "struct S { // opens S",
      "  a: u8; // C",
      "  bbbb: u32;   // V",
      "  // about c",
      "  c: u16;",
      "  /** doc of d */ d: u8;",
      "  // before the end",
      "} // after S",
      "// the end",
    ].join("\n");
    expect(format(input)).toBe(
      lines(
        "// header",
        "/** The file. */",
        "package p;",
        "",
        "/// Doc of S,",
        "/// two lines.",
        "struct S { // opens S",
        "  a: u8;     // C",
        "  bbbb: u32; // V",
        "  // about c",
        "  c: u16;",
        "  /** doc of d */",
        "  d: u8;",
        "  // before the end",
        "} // after S",
        "// the end",
      ),
    );
  });

  it("comments inside a statement stay between the same tokens", () => {
    expect(format("struct S { a: /* t */ u32 /* after */; b: u8 // line\n = 1; }")).toBe(
      lines("struct S {", "  a: /* t */ u32 /* after */;", "  b: u8 // line", "      = 1;", "}"),
    );
  });

  it("a comment in an otherwise empty block keeps the block open", () => {
    expect(format("struct E { /* nothing yet */ }\nstruct F {\n  // later\n}")).toBe(
      lines("struct E { /* nothing yet */", "}", "", "struct F {", "  // later", "}"),
    );
  });

  it("block comments with a `*` gutter are re-indented; others are kept as written", () => {
    const input = ["struct S {", "        /**", "           * Gutter doc.", "        */", "  a: u8;", "      /* free", "         form */", "  b: u8;", "}"].join("\n");
    expect(format(input)).toBe(lines("struct S {", "  /**", "   * Gutter doc.", "   */", "  a: u8;", "  /* free", "         form */", "  b: u8;", "}"));
  });

  it("doc comments still document the same nodes", () => {
    const input = "struct S {\n/** A. */a: u8; /// B.\nb: u8;\n}\nservice X { /** M. */ message M = 1 { /** Req. */ request {} } }";
    const before = parseSchema("t.iproto", input).ast;
    const after = parseSchema("t.iproto", format(input)).ast;
    const docs = (ast: typeof before): (string | undefined)[] => {
      const s = ast.declarations[0];
      const x = ast.declarations[1];
      if (s?.kind !== "struct" || x?.kind !== "service") throw new Error("shape");
      const m = x.items[0];
      if (m?.kind !== "message") throw new Error("shape");
      return [...s.items.map((i) => i.doc?.text), m.doc?.text, m.items[0]?.doc?.text];
    };
    expect(docs(before)).toEqual(["A.", "B.", "M.", "Req."]);
    expect(docs(after)).toEqual(docs(before));
  });
});

describe("format: refuses files with syntax errors", () => {
  it("returns the diagnostics instead of text", () => {
    const r = formatSchema("t.iproto", "struct S { a: u32 b: u8; }");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map((d) => [d.code, d.span.start.line, d.span.start.column])).toEqual([["E0006", 1, 19]]);
  });

  it("lexical errors and misplaced packages count too", () => {
    for (const text of ["struct S { a: u8; } $", 'struct S {} package p;', "const A = 0x;", 'const S = "abc;']) {
      expect(formatSchema("t.iproto", text).ok, text).toBe(false);
    }
  });
});
