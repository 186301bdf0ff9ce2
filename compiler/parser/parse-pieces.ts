/**
 * Parsing a file a few statements at a time. A whole parse keeps the CST of the entire file alive until
 * the AST is built from it: for a 2,000-message schema, hundreds of thousands of objects that outlive the
 * young generation, so the garbage collector copies them, promotes them and marks them again (the whole
 * parse took 800 ms cold, 520 ms in pieces). Here the token vector (lexed once, so offsets are the file's) is cut where statements end,
 * and a long service where its members end, each piece then wrapped in the service's own header and
 * closing brace; a piece is parsed and its AST built before the next, so each CST dies young.
 *
 * Only for text without syntax errors: at a piece's first error this gives up and the file is parsed
 * whole, so diagnostics and recovery are always a whole parse's. A clean piece gives the nodes a whole
 * parse gives: every statement and every service member ends with a `;` or `}` at its own depth and none
 * continues past it (grammar/parser.ts), so a piece is a sequence of complete ones, and the grammar has no
 * state that one statement leaves to the next.
 */
import type { IToken } from "chevrotain";
import type { ServiceDecl, ServiceItem } from "../ast/ast.js";
import { LBrace, RBrace, Semicolon, Service } from "../lexer/tokens.js";
import type { BuildContext } from "./build/build-context.js";
import { type TopLevel, topLevel } from "./build/builder.js";
import { parseTokens } from "./grammar/parser.js";

/** Tokens a piece gathers before it is parsed: few enough that its CST dies in the young generation. */
export const PIECE_TOKENS = 2048;

/** The file's statements, built piece by piece; undefined at the first syntax error. */
export function parseInPieces(tokens: readonly IToken[], c: BuildContext, pieceTokens: number = PIECE_TOKENS): TopLevel[] | undefined {
  const statements: TopLevel[] = [];
  let piece: IToken[] = [];
  const flush = (): boolean => {
    if (piece.length === 0) return true;
    const built = parsePiece(piece, c);
    piece = [];
    if (built === undefined) return false;
    statements.push(...built);
    return true;
  };
  for (const [start, end] of units(tokens, 0, tokens.length)) {
    if (end - start > pieceTokens && tokens[start]?.tokenType === Service) {
      const service = flush() ? serviceInPieces(tokens, start, end, c, pieceTokens) : undefined;
      if (service === undefined) return undefined;
      statements.push(service);
      continue;
    }
    for (let i = start; i < end; i++) piece.push(tokens[i] as IToken);
    if (piece.length >= pieceTokens && !flush()) return undefined;
  }
  return flush() ? statements : undefined;
}

/**
 * A long service, its members parsed a piece at a time inside the service's header (`service Name {`) and
 * closing brace — real tokens of the file, so every span is the file's — and joined into one declaration.
 */
function serviceInPieces(tokens: readonly IToken[], start: number, end: number, c: BuildContext, pieceTokens: number): ServiceDecl | undefined {
  let open = start;
  while (open < end && tokens[open]?.tokenType !== LBrace) open++;
  const close = tokens[end - 1];
  if (open >= end - 1 || close?.tokenType !== RBrace) return undefined;
  const header = tokens.slice(start, open + 1);
  let first: ServiceDecl | undefined;
  const items: ServiceItem[] = [];
  let members: IToken[] = [];
  const flush = (): boolean => {
    const built = parsePiece([...header, ...members, close], c);
    members = [];
    const service = built?.length === 1 ? built[0] : undefined;
    if (service?.kind !== "service") return false;
    first ??= service;
    items.push(...service.items);
    return true;
  };
  for (const [from, to] of units(tokens, open + 1, end - 1)) {
    for (let i = from; i < to; i++) members.push(tokens[i] as IToken);
    if (members.length >= pieceTokens && !flush()) return undefined;
  }
  if ((members.length > 0 || first === undefined) && !flush()) return undefined;
  return first === undefined ? undefined : { ...first, items };
}

function parsePiece(tokens: IToken[], c: BuildContext): TopLevel[] | undefined {
  const parsed = parseTokens(tokens);
  return parsed.errors.length > 0 || parsed.stopped ? undefined : topLevel(parsed.cst, c);
}

/**
 * The [start, end) token ranges of the statements in tokens [from, to): each ends with a `;` or a `}` at
 * the depth of braces it started at. What follows the last one (an unfinished statement) is a range too,
 * for its parse to fail; so is a stray `}`.
 */
function* units(tokens: readonly IToken[], from: number, to: number): Generator<readonly [number, number]> {
  let start = from;
  let depth = 0;
  for (let i = from; i < to; i++) {
    const type = tokens[i]?.tokenType;
    if (type === LBrace) depth++;
    else if (type === RBrace) depth--;
    else if (type !== Semicolon) continue;
    if (depth <= 0) {
      yield [start, i + 1];
      start = i + 1;
      depth = 0;
    }
  }
  if (start < to) yield [start, to];
}
