/** Diagnostic rendering (compiler/diagnostics/render*.ts): text frames (tabs, multi-line and empty spans), JSON and GitHub escaping. */
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { formatDiagnostics } from "../../compiler/diagnostics/render.js";
import { SourceText } from "../../compiler/diagnostics/source.js";

const text = "struct S {\n\tname: strng<4>;\r\n  x: u8;\n}";
const source = new SourceText("a.iproto", text);
const sources = new Map([["a.iproto", text]]);

function diag(start: number, end: number, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { code: "E0205", severity: "error", message: "unknown type `strng`", span: source.span(start, end), ...extra };
}

describe("text format", () => {
  it("keeps tabs so carets line up, and handles CRLF", () => {
    const start = text.indexOf("strng");
    expect(formatDiagnostics([diag(start, start + 5)], { sources })).toBe(
      "a.iproto:2:8: error[E0205]: unknown type `strng`\n 2 | \tname: strng<4>;\n   | \t      ^^^^^\n",
    );
  });

  it("underlines a multi-line span to the end of its first line", () => {
    expect(formatDiagnostics([diag(0, text.length)], { sources })).toBe(
      "a.iproto:1:1: error[E0205]: unknown type `strng`\n 1 | struct S {\n   | ^^^^^^^^^^\n",
    );
  });

  it("puts one caret for an empty span, also at the end of the file", () => {
    expect(formatDiagnostics([diag(text.length, text.length)], { sources })).toBe(
      "a.iproto:4:2: error[E0205]: unknown type `strng`\n 4 | }\n   |  ^\n",
    );
  });

  it("prints related notes, without a frame when the source is unknown", () => {
    const related = [{ message: "declared here", span: { file: "gone.iproto", start: { line: 12, column: 1, offset: 200 }, end: { line: 12, column: 4, offset: 203 } } }];
    expect(formatDiagnostics([diag(0, 6, { related })], { sources })).toBe(
      "a.iproto:1:1: error[E0205]: unknown type `strng`\n  1 | struct S {\n    | ^^^^^^\ngone.iproto:12:1: note: declared here\n",
    );
  });

  it("prints nothing for no diagnostics", () => {
    expect(formatDiagnostics([], { sources })).toBe("");
  });
});

describe("machine formats", () => {
  const tricky: Diagnostic = {
    code: "E0404",
    severity: "error",
    message: "100% wrong,\nreally: yes",
    span: { file: "dir,with:odd/a.iproto", start: { line: 3, column: 5, offset: 20 }, end: { line: 3, column: 9, offset: 24 } },
  };

  it("github escapes data and properties", () => {
    expect(formatDiagnostics([tricky], { format: "github" })).toBe(
      "::error file=dir%2Cwith%3Aodd/a.iproto,line=3,col=5,endLine=3,endColumn=8,title=E0404::100%25 wrong,%0Areally: yes\n",
    );
  });

  it("json round-trips messages exactly", () => {
    const doc = JSON.parse(formatDiagnostics([tricky], { format: "json" })) as { diagnostics: Array<{ message: string; file: string }>; errors: number };
    expect(doc.errors).toBe(1);
    expect(doc.diagnostics[0]?.message).toBe(tricky.message);
    expect(doc.diagnostics[0]?.file).toBe("dir,with:odd/a.iproto");
  });
});

describe("SourceText", () => {
  it("maps offsets to 1-based lines and columns across \\n, \\r\\n and \\r", () => {
    const s = new SourceText("f", "a\nb\r\nc\rd");
    expect([0, 2, 5, 7].map((o) => [s.position(o).line, s.position(o).column])).toEqual([[1, 1], [2, 1], [3, 1], [4, 1]]);
    expect([1, 2, 3, 4].map((l) => s.line(l))).toEqual(["a", "b", "c", "d"]);
    expect(s.position(999)).toEqual({ line: 4, column: 2, offset: 8 });
  });

  it("answers the same in any order of questions", () => {
    const text = "ab\n\ncd\r\nef\rg\n\n\nhij";
    const naive = (offset: number) => {
      const before = text.slice(0, offset).replace(/\r\n/g, "\n").replace(/\r/g, "\n");
      const lines = before.split("\n");
      return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1, offset };
    };
    const s = new SourceText("f", text);
    // Forward, backward and jumping: every answer is the one a search from scratch gives.
    const order = [...Array(text.length + 1).keys()];
    for (const offsets of [order, [...order].reverse(), order.map((_, i) => (i * 7) % order.length)]) {
      for (const offset of offsets) {
        const fresh = new SourceText("f", text).position(offset);
        expect(s.position(offset), `offset ${offset}`).toEqual(fresh);
        if (!text.slice(0, offset).includes("\r")) expect(fresh).toEqual(naive(offset));
      }
    }
  });
});
