/**
 * Syntax error messages in the compiler's voice ("expected `;`, found `}`") instead of Chevrotain's
 * defaults. Token labels (compiler/lexer/tokens.ts) name what was expected.
 */
import type { IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";
import { EOF } from "../../lexer/chevrotain.js";

/** What a rule is, for "expected …" when several things could start there. */
const RULE_EXPECTATIONS: Readonly<Record<string, string>> = {
  file: "a declaration (`const`, `enum`, `flags`, `struct`, `envelope`, `service`), `package` or `import`",
  layoutItem: "a field (`name: type;`) or `pad`",
  envelopeDecl: "a field, `error if` or `retry_when`",
  serviceDecl: "`message`, `envelope` or `timeout`",
  messageDecl: "`request`, `response`, `retry`, `no_reply`, `key`, `timeout`, `retry_when` or `envelope`",
  primaryExpr: "an expression",
  unaryExpr: "an expression",
  specArg: "a length or count (a number, a name, an integer type, `varint` or `rest`)",
  typeRef: "a type",
  qualifiedName: "a name",
};

/** What may come before a block's closing `}`, for "expected … or `}`". */
const BLOCK_ITEMS: Readonly<Record<string, string>> = {
  structDecl: "a field",
  layoutBlock: "a field",
  errorClause: "a field",
  enumDecl: "a member (`NAME = value;`)",
  envelopeDecl: "a field, `error if`, `retry_when`",
  serviceDecl: "`message`, `envelope`, `timeout`",
  messageDecl: "`request`, `response`, `retry`, `no_reply`, `key`, `timeout`, `retry_when`, `envelope`",
};

/** How a token reads in a message: `}`, the name `foo`, the end of the file. */
export function describeToken(token: IToken | undefined): string {
  if (token === undefined || token.tokenType === EOF) return "the end of the file";
  const image = token.image.length > 24 ? `${token.image.slice(0, 24)}…` : token.image;
  switch (token.tokenType.name) {
    case "Identifier":
      return `the name \`${image}\``;
    case "IntLiteral":
      return `the number \`${image}\``;
    case "StringLiteral":
    case "UnterminatedString":
      return `the string ${image}`;
    default:
      return `\`${image}\``;
  }
}

function label(type: TokenType): string {
  return type.LABEL ?? type.name;
}

function oneOf(items: readonly string[]): string {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique[0] ?? "something else";
  return `${unique.slice(0, -1).join(", ")} or ${unique[unique.length - 1] ?? ""}`;
}

export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    // Only the file rule expects the end of input: something there does not start a declaration.
    if (expected === EOF) return `expected ${RULE_EXPECTATIONS["file"] ?? "a declaration"}, found ${describeToken(actual)}`;
    const items = expected.name === "RBrace" ? BLOCK_ITEMS[ruleName] : undefined;
    if (items) return `expected ${items} or \`}\`, found ${describeToken(actual)}`;
    return `expected ${label(expected)}, found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `expected ${RULE_EXPECTATIONS["file"] ?? "a declaration"}, found ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const expectation =
      RULE_EXPECTATIONS[ruleName] ??
      oneOf(expectedPathsPerAlt.flatMap((paths) => paths.map((path) => (path[0] ? label(path[0]) : "?"))));
    return `expected ${expectation}, found ${describeToken(actual[0])}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const expectation =
      RULE_EXPECTATIONS[ruleName] ?? oneOf(expectedIterationPaths.map((path) => (path[0] ? label(path[0]) : "?")));
    return `expected ${expectation}, found ${describeToken(actual[0])}`;
  },
};
