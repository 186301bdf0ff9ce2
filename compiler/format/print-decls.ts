/**
 * Printing the file's structure: declarations and blocks. The canonical style: two-space indentation,
 * one item per line, `{` on the line that opens the block, `}` alone on its own line (`{}` when a block
 * is empty), and blank lines as follows — exactly one between top-level declarations (runs of `const`, `procedure`
 * lines and of `import` lines may stay together), exactly one around each message of a service, and
 * inside blocks at most one, where the author left one. Never a blank line right after `{` or before `}`.
 */
import type * as A from "../ast/ast.js";
import { printExpr, printLayoutItem, printQualifiedName, printType, unhandled } from "./print-layout.js";
import type { Blank, Writer } from "./writer.js";

export function printFile(w: Writer, file: A.SchemaFile): void {
  let previous: A.PackageDecl["kind"] | A.ImportDecl["kind"] | A.Declaration["kind"] | undefined;
  const next = (kind: NonNullable<typeof previous>): Blank =>
    previous === undefined ? "none" : previous === kind && (kind === "import" || kind === "const" || kind === "procedure") ? "keep" : "force";
  if (file.package) {
    w.line(next("package"));
    w.tok("package", false);
    printQualifiedName(w, file.package.name, true);
    w.tok(";", false);
    previous = "package";
  }
  for (const imp of file.imports) {
    w.line(next("import"));
    w.tok("import", false);
    w.tok(imp.path.raw, true);
    w.tok(";", false);
    previous = "import";
  }
  for (const decl of file.declarations) {
    w.line(next(decl.kind));
    printDeclaration(w, decl);
    previous = decl.kind;
  }
}

function printDeclaration(w: Writer, decl: A.Declaration): void {
  switch (decl.kind) {
    case "const":
      w.tok("const", false);
      w.tok(decl.name.name, true);
      if (decl.type) {
        w.tok(":", false);
        printType(w, decl.type, true);
      }
      w.tok("=", true);
      printExpr(w, decl.value, true);
      w.tok(";", false);
      return;
    case "enum":
    case "flags":
      w.tok(decl.kind, false);
      w.tok(decl.name.name, true);
      w.tok(":", false);
      printType(w, decl.backing, true);
      printBlock(w, decl.members, keepBlanks, (m) => {
        w.tok(m.name.name, false);
        w.tok("=", true);
        printExpr(w, m.value, true);
        w.tok(";", false);
      });
      return;
    case "struct":
      w.tok("struct", false);
      w.tok(decl.name.name, true);
      printBlock(w, decl.items, keepBlanks, (item) => printLayoutItem(w, item));
      return;
    case "envelope":
      w.tok("envelope", false);
      w.tok(decl.name.name, true);
      printBlock(w, decl.items, keepBlanks, (item) => printEnvelopeItem(w, item));
      return;
    case "service":
      w.tok("service", false);
      w.tok(decl.name.name, true);
      printBlock(w, decl.items, messagesApart, (item) => printServiceItem(w, item));
      return;
    case "space":
      w.tok("space", false);
      w.tok(decl.name.name, true);
      w.tok("=", true);
      printExpr(w, decl.number, true);
      printBlock(w, decl.items, keepBlanks, (item) => printSpaceItem(w, item));
      return;
    case "procedure":
      printProcedure(w, decl);
      return;
    default:
      unhandled(decl);
  }
}

/** `procedure box.find(name: string, limit: u32) returns Users;` on one line. */
function printProcedure(w: Writer, decl: A.ProcedureDecl): void {
  w.tok("procedure", false);
  decl.name.name.split(".").forEach((part, i) => {
    if (i > 0) w.tok(".", false);
    w.tok(part, i === 0);
  });
  printProcedureFields(w, decl.args);
  if (!decl.returns) {
    w.tok(";", false);
    return;
  }
  w.tok("returns", true);
  if (decl.returns.kind === "space") printQualifiedName(w, decl.returns.space, true);
  else {
    w.tok("(", true);
    printProcedureFields(w, decl.returns.fields, false);
  }
  w.tok(";", false);
}

/** `(a: u32, b: string as …)`; the `(` is written here unless the caller wrote it. */
function printProcedureFields(w: Writer, fields: readonly A.FieldDecl[], open = true): void {
  if (open) w.tok("(", false);
  fields.forEach((f, i) => {
    if (i > 0) w.tok(",", false);
    w.tok(f.name.name, i > 0);
    w.tok(":", false);
    printType(w, f.type, true);
    if (f.repr) {
      w.tok("as", true);
      w.tok(f.repr.value, true);
    }
  });
  w.tok(")", false);
}

function printEnvelopeItem(w: Writer, item: A.EnvelopeItem): void {
  switch (item.kind) {
    case "errorClause":
      w.tok("error", false);
      w.tok("if", true);
      printExpr(w, item.condition, true);
      printBlock(w, item.items, keepBlanks, (i) => printLayoutItem(w, i));
      return;
    case "retryWhen":
      printRetryWhen(w, item);
      return;
    default:
      printLayoutItem(w, item);
  }
}

function printServiceItem(w: Writer, item: A.ServiceItem): void {
  switch (item.kind) {
    case "envelopeOption":
      printEnvelopeOption(w, item);
      return;
    case "timeoutOption":
      printTimeout(w, item);
      return;
    case "message":
      w.tok("message", false);
      w.tok(item.name.name, true);
      w.tok("=", true);
      printExpr(w, item.code, true);
      printBlock(w, item.items, keepBlanks, (i) => printMessageItem(w, i));
      return;
    default:
      unhandled(item);
  }
}

function printMessageItem(w: Writer, item: A.MessageItem): void {
  switch (item.kind) {
    case "request":
    case "response":
      w.tok(item.kind, false);
      printBlock(w, item.items, keepBlanks, (i) => printLayoutItem(w, i));
      return;
    case "retryOption":
      w.tok("retry", false);
      w.tok(";", false);
      return;
    case "noReplyOption":
      w.tok("no_reply", false);
      w.tok(";", false);
      return;
    case "keyOption":
      w.tok("key", false);
      printQualifiedName(w, item.path, true);
      w.tok(";", false);
      return;
    case "timeoutOption":
      printTimeout(w, item);
      return;
    case "retryWhen":
      printRetryWhen(w, item);
      return;
    case "envelopeOption":
      printEnvelopeOption(w, item);
      return;
    default:
      unhandled(item);
  }
}

function printSpaceItem(w: Writer, item: A.SpaceItem): void {
  switch (item.kind) {
    case "tail":
      w.tok("tail", false);
      printBlock(w, item.items, keepBlanks, (i) => printLayoutItem(w, i));
      return;
    case "index":
      w.tok("index", false);
      w.tok(item.name.name, true);
      w.tok("=", true);
      printExpr(w, item.number, true);
      for (const word of item.words) w.tok(word.name, true);
      w.tok("(", true);
      item.parts.forEach((part, i) => {
        if (i > 0) w.tok(",", false);
        w.tok(part.name, i > 0);
      });
      w.tok(")", false);
      w.tok(";", false);
      return;
    default:
      printLayoutItem(w, item);
  }
}

function printEnvelopeOption(w: Writer, item: A.EnvelopeOption): void {
  w.tok("envelope", false);
  if (item.envelope) printQualifiedName(w, item.envelope, true);
  else w.tok("none", true);
  w.tok(";", false);
}

function printTimeout(w: Writer, item: A.TimeoutOption): void {
  w.tok("timeout", false);
  printExpr(w, item.value, true);
  w.tok(";", false);
}

function printRetryWhen(w: Writer, item: A.RetryWhenClause): void {
  w.tok("retry_when", false);
  printExpr(w, item.condition, true);
  w.tok(";", false);
}

/** Blank line policy between two items of a block. */
type Spacing<T> = (previous: T, item: T) => Blank;

const keepBlanks: Spacing<unknown> = () => "keep";

const messagesApart: Spacing<A.ServiceItem> = (previous, item) =>
  previous.kind === "message" || item.kind === "message" ? "force" : "keep";

function printBlock<T>(w: Writer, items: readonly T[], spacing: Spacing<T>, print: (item: T) => void): void {
  w.tok("{", true);
  if (items.length === 0 && !w.commentBeforeNextToken()) {
    w.tok("}", false);
    return;
  }
  w.indent();
  let previous: T | undefined;
  for (const item of items) {
    w.line(previous === undefined ? "none" : spacing(previous, item));
    print(item);
    previous = item;
  }
  w.closeBlock();
}
