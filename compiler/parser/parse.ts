/**
 * One file from text to AST: lex, parse (with error recovery), build the AST, attach comments. Every
 * problem comes back as a diagnostic; nothing throws for any input.
 */
import type { IRecognitionException, IToken } from "chevrotain";
import type { SchemaFile } from "../ast/ast.js";
import { BuildContext, isRealToken } from "./build/build-context.js";
import { assembleFile, buildFile } from "./build/builder.js";
import { docsByNextToken, toComment } from "./build/docs.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { SourceText } from "../diagnostics/source.js";
import type { Span } from "../diagnostics/span.js";
import { lex, MAX_SYNTAX_ERRORS, tokenEnd } from "../lexer/lexer.js";
import { LBrace, LParen, RBrace, RParen, Semicolon } from "../lexer/tokens.js";
import type { Diagnostics } from "../diagnostics/collector.js";
import type { FileCstNode } from "./grammar/cst.js";
import { type ParseOutput, parseTokens } from "./grammar/parser.js";
import { PIECE_TOKENS, parseInPieces } from "./parse-pieces.js";

export interface ParsedSchema {
  readonly ast: SchemaFile;
  /** Lexical and syntax diagnostics, in source order. */
  readonly diagnostics: readonly Diagnostic[];
  readonly source: SourceText;
}

export interface ParseOptions {
  /**
   * Tokens a piece of a file without errors gathers before it is parsed (parse-pieces.ts; default
   * PIECE_TOKENS); 0 parses the file whole, as one with errors is. The tree is the same either way.
   */
  readonly pieceTokens?: number;
}

export function parseSchema(path: string, text: string, options: ParseOptions = {}): ParsedSchema {
  const pieceTokens = options.pieceTokens ?? PIECE_TOKENS;
  const source = new SourceText(path, text);
  const lexed = lex(source);
  const dropped: Array<[number, number]> = [];
  const tokens = limitNesting(lexed.tokens, source, lexed.diagnostics, dropped);
  // Text the lexer gave up on (past MAX_SYNTAX_ERRORS unlexable characters) is not a schema: parsing it
  // would only add errors, each costing a pass over the rest (Chevrotain's recovery).
  const garbage = lexed.diagnostics.list.length > MAX_SYNTAX_ERRORS;
  const comments = lexed.comments.map((t) => toComment(t, source));
  const docs = docsByNextToken(comments, lexed.tokens);
  if (lexed.diagnostics.list.length === 0 && pieceTokens > 0) {
    // The common case, text without errors, a few statements at a time (parse-pieces.ts).
    const context = new BuildContext(source, docs);
    const statements = parseInPieces(tokens, context, pieceTokens);
    if (statements !== undefined) {
      const ast = assembleFile(statements, context, comments);
      return { ast, diagnostics: inSourceOrder(context.diagnostics.list), source };
    }
  }
  const parsed = garbage ? { cst: { name: "file", children: {} } as FileCstNode, errors: [], stopped: false } : parseTokens(tokens);
  const context = new BuildContext(source, docs);
  const ast = buildFile(parsed.cst, context, comments);
  const syntax = syntaxDiagnostics(parsed, source, lexed.tokens, dropped);
  return { ast, diagnostics: inSourceOrder([...lexed.diagnostics.list, ...syntax, ...context.diagnostics.list]), source };
}

/** Diagnostics sorted by where they start (a stable sort: those at one place keep their order). */
function inSourceOrder(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.span.start.offset - b.span.start.offset);
}

/** The parser's errors as diagnostics, each once, none inside text limitNesting cut out. */
function syntaxDiagnostics(parsed: ParseOutput, source: SourceText, tokens: readonly IToken[], dropped: readonly (readonly [number, number])[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const error of parsed.errors) {
    const span = syntaxErrorSpan(error, source, tokens);
    // An error right where over-deep nesting was cut out only repeats E0012.
    if (dropped.some(([start, end]) => span.start.offset >= start && span.start.offset <= end)) continue;
    const key = `${span.start.offset}:${error.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const atTopLevel = error.context.ruleStack.length <= 1;
    const code = error.name === "MismatchedTokenException" && !atTopLevel ? "E0006" : "E0007";
    diagnostics.push({ code, severity: "error", message: error.message, span });
  }
  if (parsed.stopped) {
    const last = parsed.errors[parsed.errors.length - 1];
    const span = last ? syntaxErrorSpan(last, source, tokens) : { file: source.path, start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
    diagnostics.push({ code: "E0013", severity: "error", message: `${MAX_SYNTAX_ERRORS} syntax errors: parsing stopped here (is this a schema?)`, span });
  }
  return diagnostics;
}

/** Deepest parenthesis nesting the parser is given: deeper input would exhaust the stack. */
export const MAX_NESTING = 64;

/**
 * Drops what is nested more than MAX_NESTING parentheses deep (reported once, E0012), so no input can
 * make the recursive descent overflow the stack.
 */
function limitNesting(tokens: IToken[], source: SourceText, diagnostics: Diagnostics, dropped: Array<[number, number]>): IToken[] {
  let depth = 0;
  let dropping = -1;
  let reported = false;
  // The tokens kept, made only once one is dropped: most files nest nothing that deep.
  let kept: IToken[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const type = token.tokenType;
    if (type === LParen) {
      depth++;
      if (depth > MAX_NESTING && dropping < 0) {
        dropping = depth;
        kept ??= tokens.slice(0, i);
        dropped.push([token.startOffset, source.text.length]);
        if (!reported) {
          diagnostics.error("E0012", `expressions may nest at most ${MAX_NESTING} parentheses deep`, source.span(token.startOffset, tokenEnd(token)));
          reported = true;
        }
      }
    } else if (type === RParen && depth > 0) {
      depth--;
      if (dropping >= 0 && depth < dropping) {
        dropping = -1;
        const last = dropped[dropped.length - 1];
        if (last) last[1] = tokenEnd(token);
        continue;
      }
    } else if (type === Semicolon || type === RBrace || type === LBrace) {
      // A statement boundary ends any runaway nesting, so recovery resumes at the next statement.
      depth = 0;
      dropping = -1;
    }
    if (dropping < 0) kept?.push(token);
  }
  return kept ?? tokens;
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
  if (error.name === "MismatchedTokenException" && previousReal) {
    const end = tokenEnd(previousReal);
    if (source.position(end).line < source.position(token.startOffset).line) return source.span(end, end);
  }
  return source.span(token.startOffset, tokenEnd(token));
}
