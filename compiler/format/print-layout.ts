/**
 * Printing the inside of statements: layout items, types, spec arguments and expressions, in the one
 * canonical spacing: `name: type as repr = value if condition;`, `bytes<16, space>[u8]`, binary operators
 * spaced, unary operators and parentheses tight. Every token goes through the writer, which checks it
 * against the source.
 */
import type * as A from "../ast/ast.js";
import type { Writer } from "./writer.js";

export function printQualifiedName(w: Writer, name: A.QualifiedName, space: boolean): void {
  name.parts.forEach((part, i) => {
    if (i > 0) w.tok(".", false);
    w.tok(part.name, i === 0 && space);
  });
}

function printSpecArg(w: Writer, arg: A.SpecArg): void {
  switch (arg.kind) {
    case "int":
      w.tok(arg.raw, false);
      return;
    case "rest":
    case "nul":
      w.tok(arg.kind, false);
      return;
    case "qualifiedName":
      printQualifiedName(w, arg, false);
      return;
    default:
      unhandled(arg);
  }
}

/** Makes the compiler flag a node kind the printer does not know (a new one in ast.ts). */
export function unhandled(node: never): never {
  throw new Error(`formatter: unhandled node ${JSON.stringify((node as { kind?: unknown }).kind)}`);
}

export function printType(w: Writer, type: A.TypeRef, space: boolean): void {
  printQualifiedName(w, type.base, space);
  if (type.length) {
    w.tok("<", false);
    printSpecArg(w, type.length.arg);
    if (type.length.padding) {
      w.tok(",", false);
      w.tok(type.length.padding.value, true);
    }
    w.tok(">", false);
  }
  for (const count of type.counts) {
    w.tok("[", false);
    printSpecArg(w, count.arg);
    w.tok("]", false);
  }
}

export function printExpr(w: Writer, e: A.Expr, space: boolean): void {
  switch (e.kind) {
    case "int":
    case "string":
      w.tok(e.raw, space);
      return;
    case "bool":
      w.tok(String(e.value), space);
      return;
    case "name":
      printQualifiedName(w, e.name, space);
      return;
    case "requestField":
      w.tok("request", space);
      w.tok(".", false);
      w.tok(e.field.name, false);
      return;
    case "unary":
      w.tok(e.op, space);
      printExpr(w, e.operand, false);
      return;
    case "binary":
      printExpr(w, e.left, space);
      w.tok(e.op, true);
      printExpr(w, e.right, true);
      return;
    case "paren":
      w.tok("(", space);
      printExpr(w, e.expr, false);
      w.tok(")", false);
      return;
    case "error":
      // Files with syntax errors are refused before printing, so no missing expression can get here.
      w.tok("<missing expression>", space);
      return;
    default:
      unhandled(e);
  }
}

export function printLayoutItem(w: Writer, item: A.LayoutItem): void {
  if (item.kind === "pad") {
    w.tok("pad", false);
    printExpr(w, item.size, true);
    w.tok(";", false);
    return;
  }
  w.tok(item.name.name, false);
  w.tok(":", false);
  printType(w, item.type, true);
  if (item.repr) {
    w.tok("as", true);
    w.tok(item.repr.value, true);
  }
  if (item.value) {
    w.tok("=", true);
    if (item.value.kind === "sizeof") {
      w.tok("sizeof", true);
      w.tok("(", false);
      w.tok(item.value.target.name, false);
      w.tok(")", false);
    } else {
      printExpr(w, item.value, true);
    }
  }
  if (item.condition) {
    w.tok("if", true);
    printExpr(w, item.condition, true);
  }
  w.tok(";", false);
}
