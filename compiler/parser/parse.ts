/**
 * One file from text to AST: lex, parse (with error recovery), build the AST, attach comments. Every
 * problem comes back as a diagnostic; nothing throws for any input.
 */
import type { IRecognitionException, IToken } from "chevrotain";
import type { SchemaFile } from "../ast/ast.js";
import { BuildContext, isRealToken } from "../ast/build-context.js";
import { buildFile } from "../ast/builder.js";
import { docsByNextToken, toComment } from "../ast/docs.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { SourceText } from "../diagnostics/source.js";
import type { Span } from "../diagnostics/span.js";
import { lex, tokenEnd } from "../lexer/lexer.js";
import { parseTokens } from "./parser.js";

export interface ParsedSchema {
  readonly ast: SchemaFile;
  /** Lexical and syntax diagnostics, in source order. */
  readonly diagnostics: readonly Diagnostic[];
  readonly source: SourceText;
}

export function parseSchema(path: string, text: string): ParsedSchema {
  const source = new SourceText(path, text);
  const lexed = lex(source);
  const parsed = parseTokens(lexed.tokens);
  const comments = lexed.comments.map((t) => toComment(t, source));
  const context = new BuildContext(source, docsByNextToken(comments, lexed.tokens));
  const ast = buildFile(parsed.cst, context, comments);
  const diagnostics: Diagnostic[] = [...lexed.diagnostics.list];
  const seen = new Set<string>();
  for (const error of parsed.errors) {
    const span = syntaxErrorSpan(error, source, lexed.tokens);
    const key = `${span.start.offset}:${error.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const atTopLevel = error.context.ruleStack.length <= 1;
    const code = error.name === "MismatchedTokenException" && !atTopLevel ? "E0006" : "E0007";
    diagnostics.push({ code, severity: "error", message: error.message, span });
  }
  diagnostics.push(...context.diagnostics.list);
  diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { ast, diagnostics, source };
}

/**
 * Where to point for a syntax error. A missing token ("expected `;`") is pointed at just after the token
 * it should follow when the offending token is on a later line, as compilers do; the end of the file is
 * pointed at just after the last token.
 */
function syntaxErrorSpan(error: IRecognitionException, source: SourceText, tokens: readonly IToken[]): Span {
  const token = error.token;
  const previous = (error as { previousToken?: IToken }).previousToken;
  const previousReal = previous && isRealToken(previous) ? previous : undefined;
  if (!isRealToken(token)) {
    const last = previousReal ?? tokens[tokens.length - 1];
    const end = last ? tokenEnd(last) : source.text.length;
    return source.span(end, end);
  }
  if (error.name === "MismatchedTokenException" && previousReal && token.startLine !== undefined) {
    if ((previousReal.endLine ?? 0) < token.startLine) return source.span(tokenEnd(previousReal), tokenEnd(previousReal));
  }
  return source.span(token.startOffset, tokenEnd(token));
}
