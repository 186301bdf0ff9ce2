/**
 * `formatSchema`: one `.iproto` file's text in the canonical style (see print-decls.ts for the style).
 * Only the layout changes: tokens, integer spellings, parentheses and comments are kept exactly, so the
 * result parses to the same AST and compiles to the same model. A file with syntax errors is refused
 * (its diagnostics come back instead) because its AST does not say what the author meant.
 */
import type * as A from "../ast/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { SourceText } from "../diagnostics/source.js";
import { lex } from "../lexer/lexer.js";
import { parseSchema } from "../parser/parse.js";
import { astDifference } from "./ast-equal.js";
import { printFile } from "./print-decls.js";
import { FormatterInvariantError, Writer } from "./writer.js";

export type FormatResult =
  | { readonly ok: true; readonly text: string; readonly changed: boolean }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export function formatSchema(path: string, text: string): FormatResult {
  const parsed = parseSchema(path, text);
  if (parsed.diagnostics.length > 0) return { ok: false, diagnostics: parsed.diagnostics };
  const formatted = printAst(parsed.ast, text, path);
  // The formatter must never change meaning: re-parse its output and compare before handing it out.
  const again = parseSchema(path, formatted);
  const diff = again.diagnostics.length > 0 ? `a syntax error: ${again.diagnostics[0]?.message}` : astDifference(parsed.ast, again.ast);
  if (diff !== undefined) throw new FormatterInvariantError(`formatter: the output of ${path} differs from its input at ${diff}`);
  return { ok: true, text: formatted, changed: formatted !== text };
}

function printAst(ast: A.SchemaFile, text: string, path: string): string {
  const tokens = lex(new SourceText(path, text)).tokens;
  const writer = new Writer(text, tokens, ast.comments, attachedDocComments(ast));
  printFile(writer, ast);
  return writer.finish();
}

/** Every comment that is some node's doc comment. */
function attachedDocComments(ast: A.SchemaFile): Set<A.Comment> {
  const found = new Set<A.Comment>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    if (value === null || typeof value !== "object") return;
    const node = value as { kind?: unknown; comments?: unknown };
    if (node.kind === "doc") {
      for (const c of node.comments as readonly A.Comment[]) found.add(c);
      return;
    }
    if (node.kind === "file") {
      const { comments: _all, ...rest } = node as A.SchemaFile;
      visit(Object.values(rest));
      return;
    }
    for (const v of Object.values(value)) if (typeof v === "object") visit(v);
  };
  visit(ast);
  return found;
}
