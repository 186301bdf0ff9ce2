/**
 * The syntax tree of one `.iproto` file, as written: names are not resolved and constants are not folded
 * (that is the checks' job, compiler/checks). Every node has a `kind` tag and a `span`.
 *
 * Built from the CST by compiler/parser/build/; this folder holds only the tree, nothing
 * that reads text. After a syntax error the tree is still complete in shape: a piece the parser could not
 * read becomes a *missing* node (an `Identifier` whose `name` is "", an `ErrorExpr`, a `TypeRef` whose base
 * name is missing), so later phases never meet `undefined` where the grammar requires something; they skip
 * missing pieces silently because a syntax error was already reported.
 *
 * Comments: `SchemaFile.comments` lists every comment of the file in source order. A doc comment
 * (`/** … *\/`, `/// …`) that precedes a declaration, field, enum member, message or the `package` line is
 * also referenced from that node's `doc` (the same `Comment` objects), so a formatter can print docs with
 * their nodes and every other comment where it was.
 */
import type { Span } from "../diagnostics/span.js";

export interface Comment {
  readonly kind: "comment";
  /** `line` = `// …`, `block` = `/* … *\/`, `docLine` = `/// …`, `docBlock` = `/** … *\/`. */
  readonly style: "line" | "block" | "docLine" | "docBlock";
  /** Exact source text, markers included. */
  readonly text: string;
  readonly span: Span;
}

/** A doc comment attached to the node that follows it. */
export interface DocComment {
  readonly kind: "doc";
  /** Text with comment markers, leading `*` columns and common indentation removed. */
  readonly text: string;
  /** The comments it was made from (consecutive `///` lines, or one `/** *\/` block). */
  readonly comments: readonly Comment[];
  readonly span: Span;
}

/** A name as written. `name` is "" when the parser had to recover without one (a missing name). */
export interface Identifier {
  readonly kind: "identifier";
  readonly name: string;
  readonly span: Span;
}

/** `a.b.c`: a package name, a possibly qualified type or constant, or `Enum.MEMBER`. */
export interface QualifiedName {
  readonly kind: "qualifiedName";
  readonly parts: readonly Identifier[];
  /** The parts joined with `.`. */
  readonly text: string;
  readonly span: Span;
}

// ----------------------------------------------------------------------------------- expressions

export interface IntLiteral {
  readonly kind: "int";
  readonly value: bigint;
  /** Source text (`0xff00`, `1_000`), kept for re-printing. */
  readonly raw: string;
  readonly span: Span;
}

export interface BoolLiteral {
  readonly kind: "bool";
  readonly value: boolean;
  readonly span: Span;
}

export interface StringLiteral {
  readonly kind: "string";
  /** Decoded value (escapes applied). */
  readonly value: string;
  /** Source text, quotes included. */
  readonly raw: string;
  readonly span: Span;
}

/** A constant, an enum member (`Op.SET`), a field of the layout, possibly package-qualified. */
export interface NameExpr {
  readonly kind: "name";
  readonly name: QualifiedName;
  readonly span: Span;
}

/** `request.field`, in a response layout or a message's `retry_when`. */
export interface RequestFieldExpr {
  readonly kind: "requestField";
  readonly field: Identifier;
  readonly span: Span;
}

export type UnaryOperator = "-" | "!" | "~";
export type BinaryOperator =
  | "||" | "&&" | "==" | "!=" | "<" | "<=" | ">" | ">="
  | "|" | "^" | "&" | "<<" | ">>" | "+" | "-" | "*" | "/" | "%";

export interface UnaryExpr {
  readonly kind: "unary";
  readonly op: UnaryOperator;
  readonly operand: Expr;
  readonly span: Span;
}

export interface BinaryExpr {
  readonly kind: "binary";
  readonly op: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

/** `( expr )`, kept so a formatter re-prints the parentheses the author wrote. */
export interface ParenExpr {
  readonly kind: "paren";
  readonly expr: Expr;
  readonly span: Span;
}

/** An expression the parser could not read (a syntax error was reported). */
export interface ErrorExpr {
  readonly kind: "error";
  readonly span: Span;
}

export type Expr =
  | IntLiteral
  | BoolLiteral
  | StringLiteral
  | NameExpr
  | RequestFieldExpr
  | UnaryExpr
  | BinaryExpr
  | ParenExpr
  | ErrorExpr;

// ----------------------------------------------------------------------------------------- types

/** `rest` in a length or count spec: to the end of the enclosing body or bound. */
export interface RestSpec {
  readonly kind: "rest";
  readonly span: Span;
}

/** `nul` as a length: content then one NUL byte (Perl `Z*`). */
export interface NulSpec {
  readonly kind: "nul";
  readonly span: Span;
}

/**
 * What may stand in angle brackets or square brackets. A `QualifiedName` is resolved by the checks: an
 * integer type or `varint` (a prefix), an earlier field (a length/count field) or a constant (fixed).
 */
export type SpecArg = IntLiteral | RestSpec | NulSpec | QualifiedName;

/** `<arg>` or `<arg, space|nul>` after `string`, `bytes` or a struct name. */
export interface LengthSpec {
  readonly kind: "lengthSpec";
  readonly arg: SpecArg;
  /** The padding word after the comma (`space` = Perl A, `nul` = Perl Z). */
  readonly padding: { readonly value: "space" | "nul"; readonly span: Span } | undefined;
  readonly span: Span;
}

/** `[count]`. */
export interface CountSpec {
  readonly kind: "countSpec";
  readonly arg: SpecArg;
  readonly span: Span;
}

/**
 * A type as written: `u32`, `string<nul>`, `box.Tuple<u32>`, `bytes<varint>[cardinality]`.
 * Built-in names (`u32`, `varint`, `string`…) are ordinary names here; the checks give them meaning.
 */
export interface TypeRef {
  readonly kind: "type";
  readonly base: QualifiedName;
  readonly length: LengthSpec | undefined;
  /** Array dimensions, innermost first: `T[A][B]` is B items of `T[A]`. */
  readonly counts: readonly CountSpec[];
  readonly span: Span;
}

// --------------------------------------------------------------------------------------- layouts

/** `= sizeof(target)`: the field holds the byte size of a later field. */
export interface SizeofValue {
  readonly kind: "sizeof";
  readonly target: Identifier;
  readonly span: Span;
}

export interface FieldDecl {
  readonly kind: "field";
  readonly name: Identifier;
  readonly type: TypeRef;
  /** `as number` / `as bigint`. */
  readonly repr: { readonly value: "number" | "bigint"; readonly span: Span } | undefined;
  /** `= expr` (a default) or `= sizeof(x)`. */
  readonly value: Expr | SizeofValue | undefined;
  /** `if expr`. */
  readonly condition: Expr | undefined;
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

export interface PadDecl {
  readonly kind: "pad";
  readonly size: Expr;
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

export type LayoutItem = FieldDecl | PadDecl;

// ---------------------------------------------------------------------------------- declarations

export interface PackageDecl {
  readonly kind: "package";
  readonly name: QualifiedName;
  /** The file's doc comment. */
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

export interface ImportDecl {
  readonly kind: "import";
  readonly path: StringLiteral;
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

export interface ConstDecl {
  readonly kind: "const";
  readonly name: Identifier;
  readonly type: TypeRef | undefined;
  readonly value: Expr;
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

export interface EnumMember {
  readonly kind: "enumMember";
  readonly name: Identifier;
  readonly value: Expr;
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

/** `enum` and `flags` share a shape; `kind` tells them apart. */
export interface EnumDecl {
  readonly kind: "enum" | "flags";
  readonly name: Identifier;
  readonly backing: TypeRef;
  readonly members: readonly EnumMember[];
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

export interface StructDecl {
  readonly kind: "struct";
  readonly name: Identifier;
  readonly items: readonly LayoutItem[];
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

/** `error if cond { … }` in an envelope. */
export interface ErrorClause {
  readonly kind: "errorClause";
  readonly condition: Expr;
  readonly items: readonly LayoutItem[];
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

/** `retry_when expr;` in an envelope or a message. */
export interface RetryWhenClause {
  readonly kind: "retryWhen";
  readonly condition: Expr;
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

/** Envelope items in source order; the checks require fields first, then `error if`, then `retry_when`. */
export type EnvelopeItem = LayoutItem | ErrorClause | RetryWhenClause;

export interface EnvelopeDecl {
  readonly kind: "envelope";
  readonly name: Identifier;
  readonly items: readonly EnvelopeItem[];
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

/** `envelope Name;` or `envelope none;` in a service or a message. */
export interface EnvelopeOption {
  readonly kind: "envelopeOption";
  /** undefined for `envelope none;`. */
  readonly envelope: QualifiedName | undefined;
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

export interface TimeoutOption {
  readonly kind: "timeoutOption";
  readonly value: Expr;
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

export interface RetryOption {
  readonly kind: "retryOption";
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

export interface NoReplyOption {
  readonly kind: "noReplyOption";
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

/** `key a.b;`: a path of request fields. */
export interface KeyOption {
  readonly kind: "keyOption";
  readonly path: QualifiedName;
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

/** `request { … }` or `response { … }`. */
export interface LayoutBlock {
  readonly kind: "request" | "response";
  readonly items: readonly LayoutItem[];
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

export type MessageItem =
  | LayoutBlock
  | RetryOption
  | NoReplyOption
  | KeyOption
  | TimeoutOption
  | RetryWhenClause
  | EnvelopeOption;

export interface MessageDecl {
  readonly kind: "message";
  readonly name: Identifier;
  readonly code: Expr;
  readonly items: readonly MessageItem[];
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

export type ServiceItem = EnvelopeOption | TimeoutOption | MessageDecl;

export interface ServiceDecl {
  readonly kind: "service";
  readonly name: Identifier;
  readonly items: readonly ServiceItem[];
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

/** `index name = 0 tree unique (a, b);` in a space: its kind and `unique` are plain words the checks read. */
export interface IndexDecl {
  readonly kind: "index";
  readonly name: Identifier;
  readonly number: Expr;
  readonly words: readonly Identifier[];
  readonly parts: readonly Identifier[];
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

/** `tail { … }`: fields repeated to the end of a tuple (MR::Tarantool::Box's long tuples). */
export interface TailDecl {
  readonly kind: "tail";
  readonly items: readonly LayoutItem[];
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

export type SpaceItem = FieldDecl | TailDecl | IndexDecl;

/** A Tarantool Box space: its number, its tuple's fields (and tail), its indexes. */
export interface SpaceDecl {
  readonly kind: "space";
  readonly name: Identifier;
  readonly number: Expr;
  readonly items: readonly SpaceItem[];
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

/**
 * A Box stored procedure (CALL): its Lua name, dots included (`box.select_by_name`, one identifier whose
 * text is the whole name), its arguments and its result tuples. Arguments and result fields are FieldDecls
 * without a value or condition (the grammar has no room for them).
 */
export interface ProcedureDecl {
  readonly kind: "procedure";
  readonly name: Identifier;
  readonly args: readonly FieldDecl[];
  /** `returns Space`, `returns (fields)`, or undefined when the procedure declares no result tuples. */
  readonly returns: ProcedureReturns | undefined;
  readonly doc: DocComment | undefined;
  readonly span: Span;
}

export type ProcedureReturns =
  | { readonly kind: "space"; readonly space: QualifiedName; readonly span: Span }
  | { readonly kind: "fields"; readonly fields: readonly FieldDecl[]; readonly span: Span };

export type Declaration = ConstDecl | EnumDecl | StructDecl | EnvelopeDecl | ServiceDecl | SpaceDecl | ProcedureDecl;

export interface SchemaFile {
  readonly kind: "file";
  /** Path of the file, as the caller named it. */
  readonly path: string;
  readonly package: PackageDecl | undefined;
  readonly imports: readonly ImportDecl[];
  readonly declarations: readonly Declaration[];
  /** Every comment in source order, doc comments included (see the module comment). */
  readonly comments: readonly Comment[];
  readonly span: Span;
}

/** Every node kind that can carry a doc comment. */
export type Documented =
  | PackageDecl
  | ImportDecl
  | Declaration
  | EnumMember
  | LayoutItem
  | ErrorClause
  | RetryWhenClause
  | EnvelopeOption
  | TimeoutOption
  | RetryOption
  | NoReplyOption
  | KeyOption
  | LayoutBlock
  | MessageDecl
  | IndexDecl
  | TailDecl;
