/**
 * Builds the AST (compiler/ast/ast.ts) from the parser's CST, one function per grammar rule, each reading
 * its rule's typed children (grammar/cst.ts). It also reports what only the tokens can tell: malformed
 * literals, wrong contextual words (`as foo`), misplaced `package` and `import` lines. Pieces missing after
 * error recovery become missing nodes (see ast.ts), never undefined. Layouts are built in build-layout.ts,
 * expressions and names in build-expr.ts.
 */
import type * as A from "../../ast/ast.js";
import type * as C from "../grammar/cst.js";
import { buildExpr, buildQualifiedName, buildStringLiteral, buildIntLiteral } from "./build-expr.js";
import { buildLayoutItems, buildTypeRef, buildTypeRefOrMissing } from "./build-layout.js";
import { type BuildContext, allNodes, firstNode, firstToken } from "./build-context.js";
import { buildProcedureDecl } from "./build-procedure.js";
import { buildSpaceDecl } from "./build-space.js";

export type TopLevel = A.PackageDecl | A.ImportDecl | A.Declaration;

/** Builds the file's AST; reports ordering problems of `package`/`import` lines. */
export function buildFile(cst: C.FileCstNode, c: BuildContext, comments: readonly A.Comment[]): A.SchemaFile {
  return assembleFile(topLevel(cst, c), c, comments);
}

/**
 * The file of these statements (built from one CST or from several, parse-units.ts), in source order;
 * reports ordering problems of `package`/`import` lines.
 */
export function assembleFile(statements: readonly TopLevel[], c: BuildContext, comments: readonly A.Comment[]): A.SchemaFile {
  let pkg: A.PackageDecl | undefined;
  const imports: A.ImportDecl[] = [];
  const declarations: A.Declaration[] = [];
  for (const item of statements) {
    if (item.kind === "package") {
      if (pkg) {
        c.diagnostics.error("E0011", `a file has one \`package\` line; this one repeats it`, item.span, [
          { message: "the package is declared here", span: pkg.span },
        ]);
        continue;
      }
      if (imports.length > 0 || declarations.length > 0) {
        c.diagnostics.error("E0010", "`package` must be the first statement of the file", item.span);
      }
      pkg = item;
    } else if (item.kind === "import") {
      if (declarations.length > 0) c.diagnostics.error("E0010", "`import` must come before the declarations", item.span);
      imports.push(item);
    } else {
      declarations.push(item);
    }
  }
  const end = c.source.text.length;
  const span = c.source.span(0, end);
  return { kind: "file", path: c.source.path, package: pkg, imports, declarations, comments, span };
}

/** The file's statements in source order (the grammar accepts them in any order; assembleFile checks it). */
export function topLevel(node: C.FileCstNode, c: BuildContext): TopLevel[] {
  const ctx = node.children;
  const items: TopLevel[] = [
    ...allNodes(ctx.packageDecl).map((n) => packageDecl(n, c)),
    ...allNodes(ctx.importDecl).map((n) => importDecl(n, c)),
    ...allNodes(ctx.constDecl).map((n) => constDecl(n, c)),
    ...allNodes(ctx.enumDecl).map((n) => enumDecl(n, c)),
    ...allNodes(ctx.structDecl).map((n) => structDecl(n, c)),
    ...allNodes(ctx.envelopeDecl).map((n) => envelopeDecl(n, c)),
    ...allNodes(ctx.serviceDecl).map((n) => serviceDecl(n, c)),
    ...allNodes(ctx.spaceDecl).map((n) => buildSpaceDecl(n, c)),
    ...allNodes(ctx.procedureDecl).map((n) => buildProcedureDecl(n, c)),
  ];
  return items.sort((a, b) => a.span.start.offset - b.span.start.offset);
}

function packageDecl(node: C.PackageDeclCstNode, c: BuildContext): A.PackageDecl {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  return { kind: "package", name: buildQualifiedName(firstNode(ctx.qualifiedName), c, span), doc: c.docAt(span), span };
}

function importDecl(node: C.ImportDeclCstNode, c: BuildContext): A.ImportDecl {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  return { kind: "import", path: buildStringLiteral(firstToken(ctx.StringLiteral), c, span), doc: c.docAt(span), span };
}

function constDecl(node: C.ConstDeclCstNode, c: BuildContext): A.ConstDecl {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  const typeNode = firstNode(ctx.typeRef);
  return {
    kind: "const",
    name: c.identifier(firstToken(ctx.Name), span),
    type: typeNode ? buildTypeRef(typeNode, c) : undefined,
    value: buildExpr(firstNode(ctx.expr), c, span),
    doc: c.docAt(span),
    span,
  };
}

function enumDecl(node: C.EnumDeclCstNode, c: BuildContext): A.EnumDecl {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  return {
    kind: firstToken(ctx.Kw_flags) ? "flags" : "enum",
    name: c.identifier(firstToken(ctx.Name), span),
    backing: buildTypeRefOrMissing(firstNode(ctx.typeRef), c, span),
    members: allNodes(ctx.enumMember).map((m) => enumMember(m, c)),
    doc: c.docAt(span),
    span,
  };
}

function enumMember(node: C.EnumMemberCstNode, c: BuildContext): A.EnumMember {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  return {
    kind: "enumMember",
    name: c.identifier(firstToken(ctx.Name), span),
    value: buildExpr(firstNode(ctx.expr), c, span),
    doc: c.docAt(span),
    span,
  };
}

function structDecl(node: C.StructDeclCstNode, c: BuildContext): A.StructDecl {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  return {
    kind: "struct",
    name: c.identifier(firstToken(ctx.Name), span),
    items: buildLayoutItems(ctx.layoutItem, c),
    doc: c.docAt(span),
    span,
  };
}

function envelopeDecl(node: C.EnvelopeDeclCstNode, c: BuildContext): A.EnvelopeDecl {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  const items: A.EnvelopeItem[] = [
    ...buildLayoutItems(ctx.layoutItem, c),
    ...allNodes(ctx.errorClause).map((n) => errorClause(n, c)),
    ...allNodes(ctx.retryWhenClause).map((n) => retryWhenClause(n, c)),
  ];
  items.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { kind: "envelope", name: c.identifier(firstToken(ctx.Name), span), items, doc: c.docAt(span), span };
}

function errorClause(node: C.ErrorClauseCstNode, c: BuildContext): A.ErrorClause {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  return {
    kind: "errorClause",
    condition: buildExpr(firstNode(ctx.expr), c, span),
    items: buildLayoutItems(ctx.layoutItem, c),
    doc: c.docAt(span),
    span,
  };
}

function retryWhenClause(node: C.RetryWhenClauseCstNode, c: BuildContext): A.RetryWhenClause {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  return { kind: "retryWhen", condition: buildExpr(firstNode(ctx.expr), c, span), doc: c.docAt(span), span };
}

function serviceDecl(node: C.ServiceDeclCstNode, c: BuildContext): A.ServiceDecl {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  const items: A.ServiceItem[] = [
    ...allNodes(ctx.envelopeOption).map((n) => envelopeOption(n, c)),
    ...allNodes(ctx.timeoutOption).map((n) => timeoutOption(n, c)),
    ...allNodes(ctx.messageDecl).map((n) => messageDecl(n, c)),
  ];
  items.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { kind: "service", name: c.identifier(firstToken(ctx.Name), span), items, doc: c.docAt(span), span };
}

function envelopeOption(node: C.EnvelopeOptionCstNode, c: BuildContext): A.EnvelopeOption {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  const name = buildQualifiedName(firstNode(ctx.qualifiedName), c, span);
  const none = name.parts.length === 1 && name.text === "none";
  return { kind: "envelopeOption", envelope: none ? undefined : name, doc: c.docAt(span), span };
}

function timeoutOption(node: C.TimeoutOptionCstNode, c: BuildContext): A.TimeoutOption {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  const token = firstToken(ctx.IntLiteral);
  const value: A.Expr = token ? buildIntLiteral(token, c) : { kind: "error", span: { ...span, start: span.end } };
  return { kind: "timeoutOption", value, doc: c.docAt(span), span };
}

function messageDecl(node: C.MessageDeclCstNode, c: BuildContext): A.MessageDecl {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  const items: A.MessageItem[] = [
    ...allNodes(ctx.layoutBlock).map((n) => layoutBlock(n, c)),
    ...allNodes(ctx.flagOption).map((n) => flagOption(n, c)),
    ...allNodes(ctx.keyOption).map((n) => keyOption(n, c)),
    ...allNodes(ctx.timeoutOption).map((n) => timeoutOption(n, c)),
    ...allNodes(ctx.retryWhenClause).map((n) => retryWhenClause(n, c)),
    ...allNodes(ctx.envelopeOption).map((n) => envelopeOption(n, c)),
  ];
  items.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return {
    kind: "message",
    name: c.identifier(firstToken(ctx.Name), span),
    code: buildExpr(firstNode(ctx.expr), c, span),
    items,
    doc: c.docAt(span),
    span,
  };
}

function layoutBlock(node: C.LayoutBlockCstNode, c: BuildContext): A.LayoutBlock {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  return {
    kind: firstToken(ctx.Kw_response) ? "response" : "request",
    items: buildLayoutItems(ctx.layoutItem, c),
    doc: c.docAt(span),
    span,
  };
}

function flagOption(node: C.FlagOptionCstNode, c: BuildContext): A.RetryOption | A.NoReplyOption {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  return { kind: firstToken(ctx.Kw_no_reply) ? "noReplyOption" : "retryOption", doc: c.docAt(span), span };
}

function keyOption(node: C.KeyOptionCstNode, c: BuildContext): A.KeyOption {
  const ctx = node.children;
  const span = c.nodeSpan(node);
  return { kind: "keyOption", path: buildQualifiedName(firstNode(ctx.qualifiedName), c, span), doc: c.docAt(span), span };
}
