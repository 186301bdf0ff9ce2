/**
 * Token types of the .iproto language.
 *
 * Keywords are *soft*: each keyword token also belongs to the `Name` category, so the grammar consumes
 * `Name` wherever a name is expected and every keyword (`key`, `error`, `count`…) can name a field or a
 * declaration (`space`, `index` and `tail` too: they start Box space items; `procedure` and `returns` too). Words that only mean something in one position (`none`, `rest`, `nul`, `number`,
 * `bigint`, `true`, `false`, the built-in type names) are plain identifiers; the AST builder and the checks
 * interpret them there.
 */
import type { TokenType } from "chevrotain";
import { createToken, Lexer } from "./chevrotain.js";

/** Category of every token that can serve as a name: identifiers and all keywords. */
export const Name = createToken({ name: "Name", pattern: Lexer.NA, label: "a name" });

export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [Name],
  label: "a name",
});

function keyword(word: string): TokenType {
  return createToken({
    name: `Kw_${word}`,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [Name],
    label: `\`${word}\``,
  });
}

export const Package = keyword("package");
export const Import = keyword("import");
export const Const = keyword("const");
export const Enum = keyword("enum");
export const Flags = keyword("flags");
export const Struct = keyword("struct");
export const Envelope = keyword("envelope");
export const ErrorKw = keyword("error");
export const If = keyword("if");
export const Service = keyword("service");
export const Timeout = keyword("timeout");
export const Message = keyword("message");
export const Request = keyword("request");
export const Response = keyword("response");
// `retry_when` before `retry`: both are keywords, and the longer one must win.
export const RetryWhen = keyword("retry_when");
export const Retry = keyword("retry");
export const NoReply = keyword("no_reply");
export const Key = keyword("key");
export const Pad = keyword("pad");
export const As = keyword("as");
export const Sizeof = keyword("sizeof");
export const Space = keyword("space");
export const Index = keyword("index");
export const Tail = keyword("tail");
export const Procedure = keyword("procedure");
export const Returns = keyword("returns");

export const KEYWORDS: readonly TokenType[] = [
  Package, Import, Const, Enum, Flags, Struct, Envelope, ErrorKw, If, Service, Timeout, Message,
  Request, Response, RetryWhen, Retry, NoReply, Key, Pad, As, Sizeof, Space, Index, Tail,
  Procedure, Returns,
];

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\f\v\uFEFF]+/, group: Lexer.SKIPPED });

/** Comments are kept (group "comments") so the AST can attach doc comments and a formatter can re-print the rest. */
export const DocBlockComment = createToken({
  name: "DocBlockComment",
  // `/**/` is an empty ordinary comment, not a doc comment.
  pattern: /\/\*\*(?!\/)[\s\S]*?\*\//,
  group: "comments",
  line_breaks: true,
});
export const BlockComment = createToken({ name: "BlockComment", pattern: /\/\*[\s\S]*?\*\//, group: "comments", line_breaks: true });
/** A block comment that never ends: reported by the lexer pass, kept so the rest is not re-tokenized. */
export const UnterminatedBlockComment = createToken({
  name: "UnterminatedBlockComment",
  pattern: /\/\*[\s\S]*/,
  group: "comments",
  line_breaks: true,
});
// `////…` is an ordinary comment (a separator line), as in Rust.
export const DocLineComment = createToken({ name: "DocLineComment", pattern: /\/\/\/(?!\/)[^\n\r]*/, group: "comments" });
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\n\r]*/, group: "comments" });

/** Any run of letters and digits starting with a digit: validated by the AST builder for a precise message. */
export const IntLiteral = createToken({ name: "IntLiteral", pattern: /[0-9][0-9A-Za-z_]*/, label: "an integer" });
export const StringLiteral = createToken({ name: "StringLiteral", pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/, label: "a string" });
/** A string missing its closing quote (up to the end of the line): reported, and parsed as a string. */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*\\?/,
  categories: [StringLiteral],
  label: "a string",
});

function punct(name: string, pattern: RegExp, text: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern, label: `\`${text}\``, categories });
}

function operatorClass(name: string, label: string): TokenType {
  return createToken({ name, pattern: Lexer.NA, label });
}

// Operator classes: what may start a unary expression, and every binary operator.
export const UnaryOp = operatorClass("UnaryOp", "`-`, `!` or `~`");
/** Every binary operator: the grammar reads `operand (op operand)*`, the AST builder applies precedence. */
export const BinaryOp = operatorClass("BinaryOp", "an operator");

export const LBrace = punct("LBrace", /\{/, "{");
export const RBrace = punct("RBrace", /\}/, "}");
export const LParen = punct("LParen", /\(/, "(");
export const RParen = punct("RParen", /\)/, ")");
export const LBracket = punct("LBracket", /\[/, "[");
export const RBracket = punct("RBracket", /\]/, "]");
export const Semicolon = punct("Semicolon", /;/, ";");
export const Colon = punct("Colon", /:/, ":");
export const Comma = punct("Comma", /,/, ",");
export const Dot = punct("Dot", /\./, ".");
export const OrOr = punct("OrOr", /\|\|/, "||", [BinaryOp]);
export const AndAnd = punct("AndAnd", /&&/, "&&", [BinaryOp]);
export const EqEq = punct("EqEq", /==/, "==", [BinaryOp]);
export const NotEq = punct("NotEq", /!=/, "!=", [BinaryOp]);
export const LessEq = punct("LessEq", /<=/, "<=", [BinaryOp]);
export const GreaterEq = punct("GreaterEq", />=/, ">=", [BinaryOp]);
export const ShiftLeft = punct("ShiftLeft", /<</, "<<", [BinaryOp]);
export const ShiftRight = punct("ShiftRight", />>/, ">>", [BinaryOp]);
export const Less = punct("Less", /</, "<", [BinaryOp]);
export const Greater = punct("Greater", />/, ">", [BinaryOp]);
export const Equals = punct("Equals", /=/, "=");
export const Pipe = punct("Pipe", /\|/, "|", [BinaryOp]);
export const Caret = punct("Caret", /\^/, "^", [BinaryOp]);
export const Amp = punct("Amp", /&/, "&", [BinaryOp]);
export const Plus = punct("Plus", /\+/, "+", [BinaryOp]);
export const Minus = punct("Minus", /-/, "-", [UnaryOp, BinaryOp]);
export const Star = punct("Star", /\*/, "*", [BinaryOp]);
export const Slash = punct("Slash", /\//, "/", [BinaryOp]);
export const Percent = punct("Percent", /%/, "%", [BinaryOp]);
export const Bang = punct("Bang", /!/, "!", [UnaryOp]);
export const Tilde = punct("Tilde", /~/, "~", [UnaryOp]);

/** Lexer order matters: comments before `/`, longer operators before their prefixes, keywords before Identifier. */
export const ALL_TOKENS: readonly TokenType[] = [
  WhiteSpace,
  DocBlockComment, BlockComment, UnterminatedBlockComment, DocLineComment, LineComment,
  StringLiteral, UnterminatedString, IntLiteral,
  ...KEYWORDS,
  Identifier, Name,
  UnaryOp, BinaryOp,
  LBrace, RBrace, LParen, RParen, LBracket, RBracket, Semicolon, Colon, Comma, Dot,
  OrOr, AndAnd, EqEq, NotEq, LessEq, GreaterEq, ShiftLeft, ShiftRight, Less, Greater, Equals,
  Pipe, Caret, Amp, Plus, Minus, Star, Slash, Percent, Bang, Tilde,
];
