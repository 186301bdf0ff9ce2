import type { BinaryOperator } from "./ast.js";

/**
 * Binding power of each binary operator: higher binds tighter (docs/language.md, the expr rule). The
 * parser builds trees with it and every printer of expressions parenthesizes with it, so the two agree.
 */
export const BINARY_PRECEDENCE: Readonly<Record<BinaryOperator, number>> = {
  "||": 1,
  "&&": 2,
  "==": 3, "!=": 3,
  "<": 4, "<=": 4, ">": 4, ">=": 4,
  "|": 5,
  "^": 6,
  "&": 7,
  "<<": 8, ">>": 8,
  "+": 9, "-": 9,
  "*": 10, "/": 10, "%": 10,
};

/** Binds tighter than any binary operator. */
export const UNARY_PRECEDENCE = 11;
