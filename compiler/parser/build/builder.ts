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

type TopLevel = A.PackageDecl | A.ImportDecl | A.Declaration;

/** Builds the file's AST; reports ordering problems of `package`/`import` lines. */
export function buildFile(cst: C.FileCstNode, c: BuildContext, comments: readonly A.Comment[]): A.SchemaFile {
  let pkg: A.PackageDecl | undefined;
  const imports: A.ImportDecl[] = [];
  const declarations: A.Declaration[] = [];
  for (const item of topLevel(cst.children, c)) {
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

/** The file's statements in source order (the grammar accepts them in any order; buildFile checks it). */
function topLevel(ctx: C.FileCstChildren, c: BuildContext): TopLevel[] {
  const items: TopLevel[] = [
    ...allNodes(ctx.packageDecl).map((n) => packageDecl(n.children, c)),
    ...allNodes(ctx.importDecl).map((n) => importDecl(n.children, c)),
    ...allNodes(ctx.constDecl).map((n) => constDecl(n.children, c)),
    ...allNodes(ctx.enumDecl).map((n) => enumDecl(n.children, c)),
    ...allNodes(ctx.structDecl).map((n) => structDecl(n.children, c)),
    ...allNodes(ctx.envelopeDecl).map((n) => envelopeDecl(n.children, c)),
    ...allNodes(ctx.serviceDecl).map((n) => serviceDecl(n.children, c)),
    ...allNodes(ctx.spaceDecl).map((n) => buildSpaceDecl(n.children, c)),
    ...allNodes(ctx.procedureDecl).map((n) => buildProcedureDecl(n.children, c)),
  ];
  return items.sort((a, b) => a.span.start.offset - b.span.start.offset);
}

function packageDecl(ctx: C.PackageDeclCstChildren, c: BuildContext): A.PackageDecl {
  const span = c.span(ctx);
  return { kind: "package", name: buildQualifiedName(firstNode(ctx.qualifiedName), c, span), doc: c.docAt(span), span };
}

function importDecl(ctx: C.ImportDeclCstChildren, c: BuildContext): A.ImportDecl {
  const span = c.span(ctx);
  return { kind: "import", path: buildStringLiteral(firstToken(ctx.StringLiteral), c, span), doc: c.docAt(span), span };
}

function constDecl(ctx: C.ConstDeclCstChildren, c: BuildContext): A.ConstDecl {
  const span = c.span(ctx);
  const typeNode = firstNode(ctx.typeRef);
  return {
    kind: "const",
    name: c.identifier(firstToken(ctx.Name), span),
    type: typeNode ? buildTypeRef(typeNode.children, c) : undefined,
    value: buildExpr(firstNode(ctx.expr), c, span),
    doc: c.docAt(span),
    span,
  };
}

function enumDecl(ctx: C.EnumDeclCstChildren, c: BuildContext): A.EnumDecl {
  const span = c.span(ctx);
  return {
    kind: firstToken(ctx.Kw_flags) ? "flags" : "enum",
    name: c.identifier(firstToken(ctx.Name), span),
    backing: buildTypeRefOrMissing(firstNode(ctx.typeRef), c, span),
    members: allNodes(ctx.enumMember).map((m) => enumMember(m.children, c)),
    doc: c.docAt(span),
    span,
  };
}

function enumMember(ctx: C.EnumMemberCstChildren, c: BuildContext): A.EnumMember {
  const span = c.span(ctx);
  return {
    kind: "enumMember",
    name: c.identifier(firstToken(ctx.Name), span),
    value: buildExpr(firstNode(ctx.expr), c, span),
    doc: c.docAt(span),
    span,
  };
}

function structDecl(ctx: C.StructDeclCstChildren, c: BuildContext): A.StructDecl {
  const span = c.span(ctx);
  return {
    kind: "struct",
    name: c.identifier(firstToken(ctx.Name), span),
    items: buildLayoutItems(ctx.layoutItem, c),
    doc: c.docAt(span),
    span,
  };
}

function envelopeDecl(ctx: C.EnvelopeDeclCstChildren, c: BuildContext): A.EnvelopeDecl {
  const span = c.span(ctx);
  const items: A.EnvelopeItem[] = [
    ...buildLayoutItems(ctx.layoutItem, c),
    ...allNodes(ctx.errorClause).map((n) => errorClause(n.children, c)),
    ...allNodes(ctx.retryWhenClause).map((n) => retryWhenClause(n.children, c)),
  ];
  items.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { kind: "envelope", name: c.identifier(firstToken(ctx.Name), span), items, doc: c.docAt(span), span };
}

function errorClause(ctx: C.ErrorClauseCstChildren, c: BuildContext): A.ErrorClause {
  const span = c.span(ctx);
  return {
    kind: "errorClause",
    condition: buildExpr(firstNode(ctx.expr), c, span),
    items: buildLayoutItems(ctx.layoutItem, c),
    doc: c.docAt(span),
    span,
  };
}

function retryWhenClause(ctx: C.RetryWhenClauseCstChildren, c: BuildContext): A.RetryWhenClause {
  const span = c.span(ctx);
  return { kind: "retryWhen", condition: buildExpr(firstNode(ctx.expr), c, span), doc: c.docAt(span), span };
}

function serviceDecl(ctx: C.ServiceDeclCstChildren, c: BuildContext): A.ServiceDecl {
  const span = c.span(ctx);
  const items: A.ServiceItem[] = [
    ...allNodes(ctx.envelopeOption).map((n) => envelopeOption(n.children, c)),
    ...allNodes(ctx.timeoutOption).map((n) => timeoutOption(n.children, c)),
    ...allNodes(ctx.messageDecl).map((n) => messageDecl(n.children, c)),
  ];
  items.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { kind: "service", name: c.identifier(firstToken(ctx.Name), span), items, doc: c.docAt(span), span };
}

function envelopeOption(ctx: C.EnvelopeOptionCstChildren, c: BuildContext): A.EnvelopeOption {
  const span = c.span(ctx);
  const name = buildQualifiedName(firstNode(ctx.qualifiedName), c, span);
  const none = name.parts.length === 1 && name.text === "none";
  return { kind: "envelopeOption", envelope: none ? undefined : name, doc: c.docAt(span), span };
}

function timeoutOption(ctx: C.TimeoutOptionCstChildren, c: BuildContext): A.TimeoutOption {
  const span = c.span(ctx);
  const token = firstToken(ctx.IntLiteral);
  const value: A.Expr = token ? buildIntLiteral(token, c) : { kind: "error", span: { ...span, start: span.end } };
  return { kind: "timeoutOption", value, doc: c.docAt(span), span };
}

function messageDecl(ctx: C.MessageDeclCstChildren, c: BuildContext): A.MessageDecl {
  const span = c.span(ctx);
  const items: A.MessageItem[] = [
    ...allNodes(ctx.layoutBlock).map((n) => layoutBlock(n.children, c)),
    ...allNodes(ctx.flagOption).map((n) => flagOption(n.children, c)),
    ...allNodes(ctx.keyOption).map((n) => keyOption(n.children, c)),
    ...allNodes(ctx.timeoutOption).map((n) => timeoutOption(n.children, c)),
    ...allNodes(ctx.retryWhenClause).map((n) => retryWhenClause(n.children, c)),
    ...allNodes(ctx.envelopeOption).map((n) => envelopeOption(n.children, c)),
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

function layoutBlock(ctx: C.LayoutBlockCstChildren, c: BuildContext): A.LayoutBlock {
  const span = c.span(ctx);
  return {
    kind: firstToken(ctx.Kw_response) ? "response" : "request",
    items: buildLayoutItems(ctx.layoutItem, c),
    doc: c.docAt(span),
    span,
  };
}

function flagOption(ctx: C.FlagOptionCstChildren, c: BuildContext): A.RetryOption | A.NoReplyOption {
  const span = c.span(ctx);
  return { kind: firstToken(ctx.Kw_no_reply) ? "noReplyOption" : "retryOption", doc: c.docAt(span), span };
}

function keyOption(ctx: C.KeyOptionCstChildren, c: BuildContext): A.KeyOption {
  const span = c.span(ctx);
  return { kind: "keyOption", path: buildQualifiedName(firstNode(ctx.qualifiedName), c, span), doc: c.docAt(span), span };
}
