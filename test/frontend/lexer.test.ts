/** Tokens: soft keywords, literals, comments kept aside, and lexical errors. */
import { describe, expect, it } from "vitest";
import { SourceText } from "../../compiler/diagnostics/source.js";
import { createLexer, lex, tokenEnd } from "../../compiler/lexer/lexer.js";
import { Name } from "../../compiler/lexer/tokens.js";
import { tokenMatcher } from "../../compiler/lexer/chevrotain.js";

function tokens(text: string): string[] {
  return lex(new SourceText("t", text)).tokens.map((t) => `${t.tokenType.name}:${t.image}`);
}

describe("lexer", () => {
  it("passes Chevrotain's checks of the token definitions (the shared lexer skips them)", () => {
    expect(createLexer(true).lexerDefinitionErrors).toEqual([]);
  });

  it("gives tokens their end, so that the parser gives CST nodes theirs", () => {
    const result = lex(new SourceText("t", "struct S { a: u8; }"));
    for (const t of result.tokens) expect(t.endOffset).toBe(tokenEnd(t) - 1);
  });

  it("keywords are tokens of their own, and all of them are names", () => {
    const result = lex(new SourceText("t", "struct retry_when retry no_reply sizeof key error"));
    expect(result.tokens.map((t) => t.tokenType.name)).toEqual(["Kw_struct", "Kw_retry_when", "Kw_retry", "Kw_no_reply", "Kw_sizeof", "Kw_key", "Kw_error"]);
    for (const t of result.tokens) expect(tokenMatcher(t, Name)).toBe(true);
  });

  it("a keyword prefix of a longer word is an identifier", () => {
    expect(tokens("packages structs retry_whenever keyed iffy u8x")).toEqual([
      "Identifier:packages", "Identifier:structs", "Identifier:retry_whenever", "Identifier:keyed", "Identifier:iffy", "Identifier:u8x",
    ]);
  });

  it("contextual words and type names are plain identifiers", () => {
    expect(tokens("none rest nul number bigint true false u32 varint string tree hash unique")).toEqual(
      ["none", "rest", "nul", "number", "bigint", "true", "false", "u32", "varint", "string", "tree", "hash", "unique"].map((w) => `Identifier:${w}`),
    );
  });

  it("`space`, `index` and `tail` are keywords that still serve as names (`string<16, space>`, a field `index`)", () => {
    expect(tokens("space index tail spaces")).toEqual(["Kw_space:space", "Kw_index:index", "Kw_tail:tail", "Identifier:spaces"]);
  });

  it("`procedure` and `returns` are keywords that still serve as names", () => {
    expect(tokens("procedure returns procedures returns_")).toEqual(["Kw_procedure:procedure", "Kw_returns:returns", "Identifier:procedures", "Identifier:returns_"]);
  });

  it("operators, longest first", () => {
    expect(tokens("a<<=b>>c<=d>=e==f!=g||h&&i|j^k&l~m!n%o")).toEqual([
      "Identifier:a", "ShiftLeft:<<", "Equals:=", "Identifier:b", "ShiftRight:>>", "Identifier:c", "LessEq:<=", "Identifier:d",
      "GreaterEq:>=", "Identifier:e", "EqEq:==", "Identifier:f", "NotEq:!=", "Identifier:g", "OrOr:||", "Identifier:h", "AndAnd:&&",
      "Identifier:i", "Pipe:|", "Identifier:j", "Caret:^", "Identifier:k", "Amp:&", "Identifier:l", "Tilde:~", "Identifier:m",
      "Bang:!", "Identifier:n", "Percent:%", "Identifier:o",
    ]);
  });

  it("numbers are one token however malformed (the builder validates them)", () => {
    expect(tokens("42 0xff_00 0b1 0o7 12abc")).toEqual(["IntLiteral:42", "IntLiteral:0xff_00", "IntLiteral:0b1", "IntLiteral:0o7", "IntLiteral:12abc"]);
  });

  it("comments go to their own group, in order, by style", () => {
    const result = lex(new SourceText("t", "/** doc */ /**/ /* b */ /// line doc\n//// sep\n// plain\nx"));
    expect(result.comments.map((c) => `${c.tokenType.name}:${c.image}`)).toEqual([
      "DocBlockComment:/** doc */", "BlockComment:/**/", "BlockComment:/* b */", "DocLineComment:/// line doc", "LineComment://// sep", "LineComment:// plain",
    ]);
    expect(tokens("/* a */ x // y")).toEqual(["Identifier:x"]);
  });

  it("reports stray characters and unterminated strings and comments", () => {
    const result = lex(new SourceText("t", 'a # b\n"open\n/* never closed'));
    expect(result.diagnostics.list.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column}`)).toEqual(["E0001 1:3", "E0002 2:1", "E0003 3:1"]);
    expect(result.tokens.map((t) => t.tokenType.name)).toEqual(["Identifier", "Identifier", "UnterminatedString"]);
  });
});
