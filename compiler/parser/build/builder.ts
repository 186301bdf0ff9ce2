/**
 * The CST visitor that builds the AST (compiler/ast/ast.ts) from the parser's CST. It also reports what
 * only the tokens can tell: malformed literals, wrong contextual words (`as foo`), misplaced `package` and
 * `import` lines. Pieces missing after error recovery become missing nodes (see ast.ts), never undefined.
 */
import type { CstNode, IToken } from "chevrotain";
import type { Span } from "../../diagnostics/span.js";
import { parser } from "../grammar/parser.js";
import type * as A from "../../ast/ast.js";
import { buildExpr, buildQualifiedName, buildSpecArg, buildStringLiteral, buildIntLiteral } from "./build-expr.js";
import { type BuildContext, type Children, nodeAt, nodesOf, tokenAt } from "./build-context.js";

const BaseVisitor = parser().getBaseCstVisitorConstructor<BuildContext, unknown>();

type TopLevel = A.PackageDecl | A.ImportDecl | A.Declaration;

/** Visitor methods are named after grammar rules; each returns the AST for its rule. */
class AstBuilder extends BaseVisitor {
  constructor() {
    super();
    this.validateVisitor();
  }

  file(ctx: Children, c: BuildContext): TopLevel[] {
    const items: TopLevel[] = [];
    for (const key of ["packageDecl", "importDecl", "constDecl", "enumDecl", "structDecl", "envelopeDecl", "serviceDecl"]) {
      for (const node of nodesOf(ctx, key)) items.push(this.visit(node, c) as TopLevel);
    }
    return items.sort((a, b) => a.span.start.offset - b.span.start.offset);
  }

  packageDecl(ctx: Children, c: BuildContext): A.PackageDecl {
    const span = c.span(ctx, fileStart(c));
    return { kind: "package", name: buildQualifiedName(nodeAt(ctx, "qualifiedName"), c, span), doc: c.docAt(span), span };
  }

  importDecl(ctx: Children, c: BuildContext): A.ImportDecl {
    const span = c.span(ctx, fileStart(c));
    return { kind: "import", path: buildStringLiteral(tokenAt(ctx, "StringLiteral"), c, span), doc: c.docAt(span), span };
  }

  constDecl(ctx: Children, c: BuildContext): A.ConstDecl {
    const span = c.span(ctx, fileStart(c));
    const typeNode = nodeAt(ctx, "typeRef");
    return {
      kind: "const",
      name: c.identifier(tokenAt(ctx, "Name"), span),
      type: typeNode ? this.typeRef(typeNode.children, c) : undefined,
      value: buildExpr(nodeAt(ctx, "expr"), c, span),
      doc: c.docAt(span),
      span,
    };
  }

  enumDecl(ctx: Children, c: BuildContext): A.EnumDecl {
    const span = c.span(ctx, fileStart(c));
    return {
      kind: tokenAt(ctx, "Kw_flags") ? "flags" : "enum",
      name: c.identifier(tokenAt(ctx, "Name"), span),
      backing: this.typeRefOrMissing(nodeAt(ctx, "typeRef"), c, span),
      members: nodesOf(ctx, "enumMember").map((m) => this.visit(m, c) as A.EnumMember),
      doc: c.docAt(span),
      span,
    };
  }

  enumMember(ctx: Children, c: BuildContext): A.EnumMember {
    const span = c.span(ctx, fileStart(c));
    return {
      kind: "enumMember",
      name: c.identifier(tokenAt(ctx, "Name"), span),
      value: buildExpr(nodeAt(ctx, "expr"), c, span),
      doc: c.docAt(span),
      span,
    };
  }

  structDecl(ctx: Children, c: BuildContext): A.StructDecl {
    const span = c.span(ctx, fileStart(c));
    return {
      kind: "struct",
      name: c.identifier(tokenAt(ctx, "Name"), span),
      items: this.layoutItems(ctx, c),
      doc: c.docAt(span),
      span,
    };
  }

  envelopeDecl(ctx: Children, c: BuildContext): A.EnvelopeDecl {
    const span = c.span(ctx, fileStart(c));
    const items: A.EnvelopeItem[] = [
      ...this.layoutItems(ctx, c),
      ...nodesOf(ctx, "errorClause").map((n) => this.visit(n, c) as A.ErrorClause),
      ...nodesOf(ctx, "retryWhenClause").map((n) => this.visit(n, c) as A.RetryWhenClause),
    ];
    items.sort((a, b) => a.span.start.offset - b.span.start.offset);
    return { kind: "envelope", name: c.identifier(tokenAt(ctx, "Name"), span), items, doc: c.docAt(span), span };
  }

  errorClause(ctx: Children, c: BuildContext): A.ErrorClause {
    const span = c.span(ctx, fileStart(c));
    return {
      kind: "errorClause",
      condition: buildExpr(nodeAt(ctx, "expr"), c, span),
      items: this.layoutItems(ctx, c),
      doc: c.docAt(span),
      span,
    };
  }

  retryWhenClause(ctx: Children, c: BuildContext): A.RetryWhenClause {
    const span = c.span(ctx, fileStart(c));
    return { kind: "retryWhen", condition: buildExpr(nodeAt(ctx, "expr"), c, span), doc: c.docAt(span), span };
  }

  serviceDecl(ctx: Children, c: BuildContext): A.ServiceDecl {
    const span = c.span(ctx, fileStart(c));
    const items = ["envelopeOption", "timeoutOption", "messageDecl"]
      .flatMap((key) => nodesOf(ctx, key).map((n) => this.visit(n, c) as A.ServiceItem))
      .sort((a, b) => a.span.start.offset - b.span.start.offset);
    return { kind: "service", name: c.identifier(tokenAt(ctx, "Name"), span), items, doc: c.docAt(span), span };
  }

  envelopeOption(ctx: Children, c: BuildContext): A.EnvelopeOption {
    const span = c.span(ctx, fileStart(c));
    const name = buildQualifiedName(nodeAt(ctx, "qualifiedName"), c, span);
    const none = name.parts.length === 1 && name.text === "none";
    return { kind: "envelopeOption", envelope: none ? undefined : name, doc: c.docAt(span), span };
  }

  timeoutOption(ctx: Children, c: BuildContext): A.TimeoutOption {
    const span = c.span(ctx, fileStart(c));
    const token = tokenAt(ctx, "IntLiteral");
    const value: A.Expr = token ? buildIntLiteral(token, c) : { kind: "error", span: { ...span, start: span.end } };
    return { kind: "timeoutOption", value, doc: c.docAt(span), span };
  }

  messageDecl(ctx: Children, c: BuildContext): A.MessageDecl {
    const span = c.span(ctx, fileStart(c));
    const items = ["layoutBlock", "flagOption", "keyOption", "timeoutOption", "retryWhenClause", "envelopeOption"]
      .flatMap((key) => nodesOf(ctx, key).map((n) => this.visit(n, c) as A.MessageItem))
      .sort((a, b) => a.span.start.offset - b.span.start.offset);
    return {
      kind: "message",
      name: c.identifier(tokenAt(ctx, "Name"), span),
      code: buildExpr(nodeAt(ctx, "expr"), c, span),
      items,
      doc: c.docAt(span),
      span,
    };
  }

  layoutBlock(ctx: Children, c: BuildContext): A.LayoutBlock {
    const span = c.span(ctx, fileStart(c));
    return {
      kind: tokenAt(ctx, "Kw_response") ? "response" : "request",
      items: this.layoutItems(ctx, c),
      doc: c.docAt(span),
      span,
    };
  }

  flagOption(ctx: Children, c: BuildContext): A.RetryOption | A.NoReplyOption {
    const span = c.span(ctx, fileStart(c));
    return { kind: tokenAt(ctx, "Kw_no_reply") ? "noReplyOption" : "retryOption", doc: c.docAt(span), span };
  }

  keyOption(ctx: Children, c: BuildContext): A.KeyOption {
    const span = c.span(ctx, fileStart(c));
    return { kind: "keyOption", path: buildQualifiedName(nodeAt(ctx, "qualifiedName"), c, span), doc: c.docAt(span), span };
  }

  layoutItem(ctx: Children, c: BuildContext): A.LayoutItem | undefined {
    const inner = nodeAt(ctx, "padDecl") ?? nodeAt(ctx, "fieldDecl");
    return inner ? (this.visit(inner, c) as A.LayoutItem) : undefined;
  }

  padDecl(ctx: Children, c: BuildContext): A.PadDecl {
    const span = c.span(ctx, fileStart(c));
    return { kind: "pad", size: buildExpr(nodeAt(ctx, "expr"), c, span), doc: c.docAt(span), span };
  }

  fieldDecl(ctx: Children, c: BuildContext): A.FieldDecl {
    const span = c.span(ctx, fileStart(c));
    const name = c.identifier(tokenAt(ctx, "fieldName"), span);
    const sizeofNode = nodeAt(ctx, "sizeofValue");
    const valueNode = nodeAt(ctx, "expr");
    const conditionNode = nodeAt(ctx, "condition");
    return {
      kind: "field",
      name,
      type: this.typeRefOrMissing(nodeAt(ctx, "typeRef"), c, name.span),
      repr: this.repr(tokenAt(ctx, "repr"), c),
      value: sizeofNode ? this.sizeofValue(sizeofNode.children, c) : valueNode ? buildExpr(valueNode, c, span) : undefined,
      condition: conditionNode ? buildExpr(conditionNode, c, span) : undefined,
      doc: c.docAt(span),
      span,
    };
  }

  sizeofValue(ctx: Children, c: BuildContext): A.SizeofValue {
    const span = c.span(ctx, fileStart(c));
    return { kind: "sizeof", target: c.identifier(tokenAt(ctx, "Name"), span), span };
  }

  typeRef(ctx: Children, c: BuildContext): A.TypeRef {
    const span = c.span(ctx, fileStart(c));
    const lengthNode = nodeAt(ctx, "lengthSpec");
    return {
      kind: "type",
      base: buildQualifiedName(nodeAt(ctx, "qualifiedName"), c, span),
      length: lengthNode ? this.lengthSpec(lengthNode.children, c) : undefined,
      counts: nodesOf(ctx, "countSpec").map((n) => this.countSpec(n.children, c)),
      span,
    };
  }

  lengthSpec(ctx: Children, c: BuildContext): A.LengthSpec {
    const span = c.span(ctx, fileStart(c));
    const paddingToken = tokenAt(ctx, "padding");
    let padding: A.LengthSpec["padding"];
    if (paddingToken) {
      const value = paddingToken.image;
      if (value === "space" || value === "nul") padding = { value, span: c.tokenSpan(paddingToken) };
      else c.diagnostics.error("E0009", `expected \`space\` or \`nul\` after the comma, found \`${value}\``, c.tokenSpan(paddingToken));
    }
    return { kind: "lengthSpec", arg: buildSpecArg(nodeAt(ctx, "specArg"), c, span), padding, span };
  }

  countSpec(ctx: Children, c: BuildContext): A.CountSpec {
    const span = c.span(ctx, fileStart(c));
    return { kind: "countSpec", arg: buildSpecArg(nodeAt(ctx, "specArg"), c, span), span };
  }

  // Expression and name rules are built by build-expr.ts functions; these exist for validateVisitor().
  specArg(): never { return unreachable("specArg"); }
  qualifiedName(): never { return unreachable("qualifiedName"); }
  expr(): never { return unreachable("expr"); }
  unaryExpr(): never { return unreachable("unaryExpr"); }
  primaryExpr(): never { return unreachable("primaryExpr"); }

  private layoutItems(ctx: Children, c: BuildContext): A.LayoutItem[] {
    return nodesOf(ctx, "layoutItem")
      .map((n) => this.layoutItem(n.children, c))
      .filter((item): item is A.LayoutItem => item !== undefined);
  }

  private typeRefOrMissing(node: CstNode | undefined, c: BuildContext, fallback: Span): A.TypeRef {
    if (node) return this.typeRef(node.children, c);
    const at = { file: fallback.file, start: fallback.end, end: fallback.end };
    return { kind: "type", base: { kind: "qualifiedName", parts: [], text: "", span: at }, length: undefined, counts: [], span: at };
  }

  private repr(token: IToken | undefined, c: BuildContext): A.FieldDecl["repr"] {
    if (!token) return undefined;
    if (token.image === "number" || token.image === "bigint") return { value: token.image, span: c.tokenSpan(token) };
    c.diagnostics.error("E0008", `expected \`number\` or \`bigint\` after \`as\`, found \`${token.image}\``, c.tokenSpan(token));
    return undefined;
  }
}

function unreachable(rule: string): never {
  throw new Error(`internal: the ${rule} rule is built by build-expr.ts, not visited`);
}

function fileStart(c: BuildContext): Span {
  return c.source.span(0, 0);
}

let shared: AstBuilder | undefined;

/** Builds the file's AST; reports ordering problems of `package`/`import` lines. */
export function buildFile(cst: CstNode, c: BuildContext, comments: readonly A.Comment[]): A.SchemaFile {
  shared ??= new AstBuilder();
  const items = shared.visit(cst, c) as TopLevel[];
  let pkg: A.PackageDecl | undefined;
  const imports: A.ImportDecl[] = [];
  const declarations: A.Declaration[] = [];
  for (const item of items) {
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
