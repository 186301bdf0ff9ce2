/** Semantic rules on small in-memory schemas: what is accepted, and how names and roles resolve. */
import { describe, expect, it } from "vitest";
import { checkFiles, codes, decl, field, message, showExpr, showType, valid } from "./helpers.js";

describe("names", () => {
  it("TypeScript reserved words and iproto keywords are ordinary names", () => {
    const program = valid(`
      const delete = 1;
      enum class: u8 { default = 0; new = 1; function = 2; }
      struct interface { let: u8; var: class = class.new; this: u32; typeof: u8 if this == delete; key: u8; count: u8; error: u8; space: u32; }
      service export { message import = 1 { key space; request { space: u32; } } }
    `);
    expect(decl(program, "struct", "interface").items.map((i) => (i.kind === "field" ? i.name : "")).slice(0, 4)).toEqual(["let", "var", "this", "typeof"]);
    expect(field(decl(program, "struct", "interface"), "var").defaultValue).toBe(1n);
  });

  it("a file's own declarations win over imported ones", () => {
    const result = checkFiles({
      "main.iproto": `import "lib.iproto"; struct Key { own: u8; } struct Row { k: Key; }`,
      "lib.iproto": `struct Key { lib: u8; }`,
    });
    expect(result.diagnostics).toEqual([]);
    const row = result.program && decl(result.program, "struct", "Row");
    const k = row && field(row, "k").type;
    expect(k?.kind === "struct" && k.struct.file).toBe("main.iproto");
  });

  it("ambiguous bare names can be qualified by the full package or its last part", () => {
    const result = checkFiles({
      "main.iproto": `import "a.iproto"; import "b.iproto";
        struct Row { x: app.a.Key; y: b.Key; z: u8 = app.a.ONE + b.TWO; }`,
      "a.iproto": `package app.a; struct Key { id: u32; } const ONE = 1;`,
      "b.iproto": `package app.b; struct Key { name: string<varint>; } const TWO = 2;`,
    });
    expect(result.diagnostics).toEqual([]);
    const row = result.program && decl(result.program, "struct", "Row");
    expect(row && showType(field(row, "x").type)).toBe("Key");
    expect(row && field(row, "z").defaultValue).toBe(3n);
    const y = row && field(row, "y").type;
    expect(y?.kind === "struct" && y.struct.file).toBe("b.iproto");
  });

  it("imports are relative to the importing file and not transitive", () => {
    const result = checkFiles({
      "api/main.iproto": `import "../types/key.iproto"; struct Row { k: Key; i: Inner; }`,
      "types/key.iproto": `import "inner/inner.iproto"; struct Key { i: Inner; }`,
      "types/inner/inner.iproto": `struct Inner { x: u8; }`,
    });
    expect(result.diagnostics.map((d) => [d.code, d.span.file, d.message])).toEqual([
      ["E0205", "api/main.iproto", "unknown type `Inner`"],
    ]);
  });

  it("several entry files share their imports, each file checked once, imports first", () => {
    const result = checkFiles(
      {
        "a.iproto": `import "common.iproto"; struct A { c: C; }`,
        "b.iproto": `import "common.iproto"; struct B { c: C; }`,
        "common.iproto": `struct C { x: u8; }`,
      },
      ["a.iproto", "b.iproto"],
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.program?.files.map((f) => f.path)).toEqual(["common.iproto", "a.iproto", "b.iproto"]);
  });

  it("constants may come later or from another file; enum members may use constants and each other", () => {
    const result = checkFiles({
      "main.iproto": `import "lib.iproto";
        const A = B * 2; const B = BASE + 1;
        enum E: u16 { X = A; Y = E.X + 1; Z = LIB_FLAG << 4; }
        service S { message M = A + 0x100 { timeout 7; } }`,
      "lib.iproto": `const BASE = 10; const LIB_FLAG: u8 = 1;`,
    });
    expect(result.diagnostics).toEqual([]);
    const program = result.program;
    if (!program) throw new Error();
    expect(decl(program, "const", "A").value).toBe(22n);
    expect(decl(program, "enum", "E").members.map((m) => m.value)).toEqual([22n, 23n, 16n]);
    expect(message(program, "S", "M").code).toBe(0x116);
  });
});

describe("layouts and roles", () => {
  it("one length field may measure several fields, and nested dimensions", () => {
    const s = decl(valid(`struct S { n: u8; m: u16; a: bytes<n>; b: string<n>[m]; }`), "struct", "S");
    expect(field(s, "n").role).toEqual({ kind: "length", measures: [field(s, "a"), field(s, "b")] });
    expect(field(s, "m").role).toEqual({ kind: "length", measures: [field(s, "b")] });
    expect(showType(field(s, "b").type)).toBe("string<field n>[field m]");
  });

  it("a conditional length field is fine when what it measures has the same condition", () => {
    const s = decl(valid(`struct S { has: u8; n: u16 if has != 0; data: bytes<n> if has != 0; }`), "struct", "S");
    expect(field(s, "n").role.kind).toBe("length");
  });

  it("a sizeof target may read to the end of its bound, and need not be last", () => {
    const s = decl(valid(`struct S { size: u32 = sizeof(body); body: bytes<rest>; crc: u32; }`), "struct", "S");
    expect(field(s, "size").role).toEqual({ kind: "sizeof", target: field(s, "body") });
  });

  it("open-ended structs are fine last, or behind a size prefix anywhere", () => {
    valid(`struct Blob { tag: u8; data: bytes<rest>; }
      struct S { blobs: Blob<u32>[u8]; one: Blob<varint>; last: Blob; }`);
    expect(codes(`struct Blob { data: bytes<rest>; } struct S { a: Blob; b: u8; }`)).toEqual(["E0504"]);
  });

  it("a conditional rest item may be last", () => {
    valid(`struct S { kind: u8; tail: bytes<rest> if kind == 1; }`);
  });

  it("varint as bigint, u64 as number, and their defaults", () => {
    const s = decl(valid(`struct S { a: varint as bigint = 0xffffffffffffffff; b: u64 as number = 9007199254740991; c: i64 = -9223372036854775808; }`), "struct", "S");
    expect(showType(field(s, "a").type)).toBe("varint:bigint");
    expect(field(s, "a").defaultValue).toBe(0xffff_ffff_ffff_ffffn);
    expect(field(s, "c").defaultValue).toBe(-(1n << 63n));
    expect(codes(`struct S { a: varint = 9007199254740992; }`)).toEqual(["E0405"]);
  });

  it("`as number` applies to the element of an array of 64-bit integers", () => {
    const s = decl(valid(`struct S { ids: u64[u32] as number; }`), "struct", "S");
    expect(showType(field(s, "ids").type)).toBe("u64:number[u32]");
  });

  it("recursion through an optional field or a counted array is fine; fixed arrays do not end it", () => {
    valid(`struct A { b: B if 1 == 1; } struct B { a: A; }`);
    valid(`struct List { items: List[varint]; }`);
    expect(codes(`struct A { b: B[1]; } struct B { a: A<u8>; }`)).toEqual(["E0516"]);
  });

  it("fixed sizes count size prefixes, enums and nested fixed arrays", () => {
    const program = valid(`enum E: u16 { A = 1; } struct P { x: i32; }
      struct S { e: E; p: P<u16>; m: u8[2][3]; s: string<5, space>; pad 1; }`);
    expect(decl(program, "struct", "S").fixedSize).toBe(2 + 2 + 4 + 6 + 5 + 1);
  });
});

describe("expressions", () => {
  it("folds constants to literals inside conditions", () => {
    const s = decl(valid(`const MASK = 0xf0; struct S { f: u8; x: u8 if (f & MASK >> 4) == 3 - 1; }`), "struct", "S");
    expect(showExpr(field(s, "x").condition)).toBe("((f & 15) == 2)");
  });

  it("compares strings and uses bools", () => {
    const s = decl(valid(`const ON = true; struct S { name: string<nul>; x: u8 if name == "x" && ON; y: u8 if !ON || name != ""; }`), "struct", "S");
    expect(showExpr(field(s, "x").condition)).toBe('((name == "x") && true)');
  });

  it("the envelope's fields are visible in its error block", () => {
    const program = valid(`envelope E { code: u32; kind: u8; error if code != 0 { detail: u8 if kind == 1; message: string<nul>; } retry_when detail == 2; }`);
    const e = decl(program, "envelope", "E");
    expect(showExpr(e.errorLayout && field(e.errorLayout, "detail").condition)).toBe("(kind == 1)");
    expect(showExpr(e.retryWhen)).toBe("(detail == 2)");
  });

  it("a message's retry_when may use only the request when there is no response block", () => {
    const program = valid(`service S { message M = 1 { request { mode: u8; } retry_when request.mode == 2; } }`);
    expect(showExpr(message(program, "S", "M").retryWhen)).toBe("(request.mode == 2)");
  });

  it("a response field named like a request field suggests request.x", () => {
    const result = checkFiles({ "main.iproto": `service S { message M = 1 { request { mode: u8; } response { x: u8 if mode == 1; } } }` });
    expect(result.diagnostics.map((d) => d.message)).toEqual(["unknown name `mode`; did you mean `request.mode`?"]);
  });

  it("a swap of two letters is the closest typo: `u46` suggests `u64`, not `u16`", () => {
    const result = checkFiles({ "main.iproto": `struct S { x: u46; y: u61; }` });
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      "unknown type `u46`; did you mean `u64`?",
      "unknown type `u61`; did you mean `u16`?",
    ]);
  });

  it("shift counts are range-checked when constant", () => {
    expect(codes(`const X = 1 << 65;`)).toEqual(["E0404"]);
    expect(codes(`struct S { f: u8; x: u8 if f >> 70; }`)).toEqual(["E0404"]);
  });
});

describe("every problem in one run", () => {
  it("reports syntax and semantic errors of several files together", () => {
    const result = checkFiles(
      {
        "a.iproto": `import "b.iproto"; struct A { x: u8 y: u8; z: Missing; }`,
        "b.iproto": `struct B { p: bytes<rest>; q: u8; } const C: u8 = 999;`,
      },
      ["a.iproto"],
    );
    expect(result.program).toBeUndefined();
    expect(result.diagnostics.map((d) => `${d.span.file} ${d.code}`)).toEqual(["b.iproto E0504", "b.iproto E0401", "a.iproto E0006", "a.iproto E0205"]);
  });

  it("pathological inputs are refused with a diagnostic, not a stack overflow", () => {
    const n = 20_000;
    expect(codes(`const X = ${"(".repeat(n)}1${")".repeat(n)};`)).toEqual(["E0012"]);
    expect(codes(`const X = ${"-".repeat(n)}1;`)).toEqual(["E0012"]);
    expect(codes(`const X = 1${" + 1".repeat(n)};`)).toEqual(["E0012"]);
    expect(codes(`const X = 1${" + 1".repeat(200)};`)).toEqual([]);
  });

  it("a check never throws on partial trees from syntax errors", () => {
    const broken = [
      "struct", "struct S {", "struct S { x: ", "struct S { x: u8 = ", "struct S { x: bytes< }", "service S { message M = { } }",
      "envelope E { error if { } retry_when }", "enum E: { A = ; }", "const = ;", 'import "', "struct S { x: u8 if request. ; }",
      "struct S { a: T[", "service S { message M = 1 { key ; request { a: u8; } response } }",
    ];
    for (const text of broken) {
      const result = checkFiles({ "main.iproto": text });
      expect(result.diagnostics.length, text).toBeGreaterThan(0);
    }
  });
});
