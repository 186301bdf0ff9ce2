/**
 * prettier's layout for the few shapes of over-wide line the generators write most (per message, so they
 * decide compile time): `if (c) throw f(…);`, `x = f(…);` / `return f(…);`, `return { … };` (a decoder's
 * result), `const x = a | b;`, and a method's head `name(a: A, b: B): R {` (an object literal's: long
 * message names make it wide). Any other over-wide line is left as it is, and file/format-module.ts hands
 * its statement to prettier.
 */
import { findTopLevel, matchingParen, splitTopLevel, splitTypeList } from "./scan.js";
import { INDENT as STEP, PRINT_WIDTH } from "./width.js";


/** `line` (indented by `indent`) as one or more lines in prettier's layout, or unchanged. */
export function wrapLine(indent: string, code: string): string {
  const line = indent + code;
  if (line.length <= PRINT_WIDTH) return line;
  return ifThrow(indent, code) ?? callStatement(indent, code) ?? objectStatement(indent, code) ?? breakAfterEquals(indent, code) ?? methodHead(indent, code) ?? line;
}

/** `if (c) throw f(a, b);` → the consequent on its own line, its arguments a line each if need be. */
function ifThrow(indent: string, code: string): string | undefined {
  if (!code.startsWith("if (")) return undefined;
  const close = matchingParen(code, 3);
  if (close < 0 || !code.startsWith(") throw ", close)) return undefined;
  const head = code.slice(0, close + 1);
  if (indent.length + head.length > PRINT_WIDTH) return undefined;
  const inner = indent + STEP;
  const consequent = code.slice(close + 2);
  const rest = inner + consequent;
  if (rest.length <= PRINT_WIDTH) return `${indent}${head}\n${rest}`;
  const broken = callStatement(inner, consequent);
  return broken === undefined ? undefined : `${indent}${head}\n${broken}`;
}

/**
 * `head f(a, b);` with `head` one of `throw `, `return `, `x = `, `const x = ` (a call as the whole value)
 * → the arguments a line each, with trailing commas, when `head f(` fits.
 */
function callStatement(indent: string, code: string): string | undefined {
  const m = /^(throw |return |(?:const |let )?[\w$.[\]!]+ = )((?:new )?[\w$.]+)\(/.exec(code);
  if (m === null || !code.endsWith(");")) return undefined;
  const open = m[0].length - 1;
  if (matchingParen(code, open) !== code.length - 2) return undefined;
  const args = splitTopLevel(code.slice(open + 1, -2));
  if (args.length === 0 || indent.length + open + 1 > PRINT_WIDTH) return undefined;
  const inner = indent + STEP;
  if (args.some((a) => inner.length + a.length + 1 > PRINT_WIDTH || couldHug(a))) return undefined;
  return `${indent}${code.slice(0, open + 1)}\n${args.map((a) => `${inner}${a},`).join("\n")}\n${indent});`;
}

/**
 * `name(a: A, b: B): R {` → the parameters a line each, with trailing commas, then `): R {`: prettier's
 * layout when each of those lines fits. Parameters are plain `name: Type` (no defaults, no object or
 * function types, which prettier may lay out otherwise).
 */
function methodHead(indent: string, code: string): string | undefined {
  const m = /^[\w$#]+\(/.exec(code);
  if (m === null || !code.endsWith(" {")) return undefined;
  const open = m[0].length - 1;
  const close = matchingParen(code, open);
  if (close < 0) return undefined;
  const tail = code.slice(close + 1, -2);
  if (tail !== "" && !/^: [\w$.<>| ]+$/.test(tail)) return undefined;
  const params = splitTypeList(code.slice(open + 1, close), ",");
  const inner = indent + STEP;
  if (params.length === 0 || params.some((p) => !/^[\w$]+\??: [\w$.<>| [\]]+$/.test(p) || inner.length + p.length + 1 > PRINT_WIDTH)) return undefined;
  const last = `${indent})${tail} {`;
  if (last.length > PRINT_WIDTH) return undefined;
  return `${indent}${code.slice(0, open + 1)}\n${params.map((p) => `${inner}${p},`).join("\n")}\n${last}`;
}

/**
 * `return { a, b: c };`, `x = { … };`, `const x = { … };` (an object literal as the whole value, a decoder's
 * result) → a property a line, with trailing commas, when each fits: prettier's layout of an object it
 * must break. A property holding a function is prettier's to lay out.
 */
function objectStatement(indent: string, code: string): string | undefined {
  const m = /^(?:return |(?:const |let )?[\w$.[\]!]+ = )\{ /.exec(code);
  if (m === null || !code.endsWith(" };")) return undefined;
  const open = m[0].length - 2;
  if (matchingParen(code, open) !== code.length - 2) return undefined;
  const props = splitTopLevel(code.slice(open + 1, -2));
  const inner = indent + STEP;
  if (props.length === 0 || props.some((p) => p.includes("=>") || p.includes("function") || inner.length + p.length + 1 > PRINT_WIDTH)) return undefined;
  return `${indent}${code.slice(0, open + 1)}\n${props.map((p) => `${inner}${p},`).join("\n")}\n${indent}};`;
}

/** prettier hugs a last argument it can expand (object, array, function); those are prettier's to lay out. */
function couldHug(arg: string): boolean {
  return arg.startsWith("{") || arg.startsWith("[") || arg.includes("=>") || arg.startsWith("function");
}

/** `const x = a | b;` (an operator at the top of the value) → the value on the next line, when it fits there. */
function breakAfterEquals(indent: string, code: string): string | undefined {
  const m = /^(?:const |let )?[\w$.[\]!]+ = /.exec(code);
  if (m === null || !code.endsWith(";")) return undefined;
  const value = code.slice(m[0].length);
  if (!topLevelBinary(value)) return undefined;
  const next = indent + STEP + value;
  if (next.length <= PRINT_WIDTH) return `${indent}${m[0].trimEnd()}\n${next}`;
  // Too wide there too: a chain of `+` (a u64 read as a number: `high * 4294967296 + (low >>> 0)`) goes an
  // operand a line, each `+` ending its line, as prettier breaks it.
  const operands = plusChain(value.slice(0, -1));
  if (operands === undefined || operands.some((o) => indent.length + STEP.length + o.length + 2 > PRINT_WIDTH)) return undefined;
  return `${indent}${m[0].trimEnd()}\n${operands.map((o, i) => `${indent}${STEP}${o}${i < operands.length - 1 ? " +" : ";"}`).join("\n")}`;
}

/**
 * The operands of `value` when its only operators outside brackets are ` + ` — each operand itself a
 * product, a call, a name or a parenthesized expression — else undefined.
 */
function plusChain(value: string): string[] | undefined {
  const operands: string[] = [];
  let start = 0;
  let other = false;
  findTopLevel(value, (i) => {
    if (value[i] !== " ") return false;
    const op = BINARY_AT.exec(value.slice(i, i + 6));
    if (op === null) return false;
    if (op[0] === " + ") {
      operands.push(value.slice(start, i));
      start = i + 3;
    } else if (op[0] !== " * ") other = true;
    return false;
  });
  operands.push(value.slice(start));
  return other || operands.length < 2 ? undefined : operands;
}

/** Does `value` (ending in `;`) have a binary operator outside all brackets? */
function topLevelBinary(value: string): boolean {
  // The first operator, `?` or `=` outside brackets decides: a ternary or an assignment is not a binary.
  const at = findTopLevel(value, (i) => {
    const c = value[i];
    return c === "?" || c === "=" || (c === " " && BINARY_AT.test(value.slice(i, i + 6)));
  });
  return at >= 0 && value[at] === " ";
}

const BINARY_AT = /^ (?:>>>|>>|<<|[|&^+*/%-]|===|!==|<=|>=|<|>|&&|\|\||\?\?) /;
