/**
 * Tokenizes one source text. Never throws: characters that start no token are reported (E0001) and
 * skipped, unterminated strings and block comments are reported (E0002, E0003) and kept as tokens so the
 * parser sees the rest of the file as the author meant it.
 */
import type { IToken, TokenType } from "chevrotain";
import { Lexer } from "./chevrotain.js";
import { Diagnostics } from "../diagnostics/collector.js";
import type { SourceText } from "../diagnostics/source.js";
import { ALL_TOKENS, UnterminatedBlockComment, UnterminatedString } from "./tokens.js";

/** Offset just past a token. */
export function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}

/**
 * Lexical or syntax errors one file may report: past it the rest is summarized in one E0013. A file of
 * random bytes made 950,000 diagnostics (385 MB of text); the parser's recovery slows with each error.
 */
export const MAX_SYNTAX_ERRORS = 100;

let shared: Lexer | undefined;

/** The lexer's token factory: an instance property Chevrotain picks by `positionTracking` (not in its types). */
interface TokenFactory {
  createTokenInstance(image: string, startOffset: number, tokenTypeIdx: number, tokenType: TokenType): IToken;
}

/**
 * The lexer. Chevrotain's checks of the token definitions run only when `validate` is set (a test does):
 * the definitions are fixed, and the checks cost every run of the compiler ~6 ms.
 */
export function createLexer(validate = false): Lexer {
  // Offsets only: lines and columns come from SourceText when a span is made, so tokens stay small (a
  // 2,000-message schema lexes into 280,000 of them).
  return new Lexer([...ALL_TOKENS], { positionTracking: "onlyOffset", ensureOptimizations: true, skipValidations: !validate });
}

function lexer(): Lexer {
  if (shared === undefined) {
    shared = createLexer();
    // Offset-only tokens have no end, and without it the parser's CST nodes have none either: the AST
    // builder had to walk every node's children to find where it ends (a quarter of building the AST).
    // Set on each token afterwards it cost the lexer a third more (a second object shape for every
    // token), so the lexer's factory for such tokens makes them with it. Were Chevrotain to stop calling this hook,
    // nodes would lack ends again and the builder fall back to the walk: slower, not wrong.
    (shared as unknown as TokenFactory).createTokenInstance = (image, startOffset, tokenTypeIdx, tokenType) => ({
      image,
      startOffset,
      endOffset: startOffset + image.length - 1,
      tokenTypeIdx,
      tokenType,
    });
  }
  return shared;
}

export interface LexResult {
  /** Significant tokens, for the parser. */
  readonly tokens: IToken[];
  /** Comment tokens in source order. */
  readonly comments: IToken[];
  readonly diagnostics: Diagnostics;
}

export function lex(source: SourceText): LexResult {
  const diagnostics = new Diagnostics();
  // Schemas are read as UTF-8: bytes that are not become U+FFFD, which would pass silently into names
  // and docs (and `format --write` would make the loss permanent). The first one is located.
  const invalid = source.text.indexOf("\uFFFD");
  if (invalid >= 0) diagnostics.error("E0107", "invalid UTF-8: schemas are UTF-8 text (this byte sequence decodes to U+FFFD)", source.span(invalid, invalid + 1));
  const result = lexer().tokenize(source.text);
  for (const error of result.errors.slice(0, MAX_SYNTAX_ERRORS)) {
    const text = source.text.slice(error.offset, error.offset + error.length);
    const shown = text.length > 20 ? `${text.slice(0, 20)}…` : text;
    diagnostics.error(
      "E0001",
      text.length === 1 ? `unexpected character \`${shown}\`` : `unexpected characters \`${shown}\``,
      source.span(error.offset, error.offset + error.length),
    );
  }
  const extra = result.errors.length - MAX_SYNTAX_ERRORS;
  const last = result.errors[MAX_SYNTAX_ERRORS];
  if (extra > 0 && last !== undefined) {
    diagnostics.error("E0013", `${extra} more unexpected characters from here on are not shown (is this a schema?)`, source.span(last.offset, last.offset + last.length));
  }
  const comments = result.groups["comments"] ?? [];
  for (const token of result.tokens) {
    if (token.tokenType === UnterminatedString) {
      diagnostics.error("E0002", "unterminated string: add the closing `\"`", source.span(token.startOffset, tokenEnd(token)));
    }
  }
  for (const token of comments) {
    if (token.tokenType === UnterminatedBlockComment) {
      diagnostics.error("E0003", "unterminated block comment: add the closing `*/`", source.span(token.startOffset, token.startOffset + 2));
    }
  }
  return { tokens: result.tokens, comments, diagnostics };
}
