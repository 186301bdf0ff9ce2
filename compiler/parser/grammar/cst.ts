// Generated from the grammar (parser.ts) by Chevrotain's generateCstDts: do not edit by hand.
// test/frontend/cst-types.test.ts fails when it is stale; UPDATE_GOLDENS=1 on that test rewrites it.
import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface FileCstNode extends CstNode {
  name: "file";
  children: FileCstChildren;
}

export type FileCstChildren = {
  packageDecl?: PackageDeclCstNode[];
  importDecl?: ImportDeclCstNode[];
  constDecl?: ConstDeclCstNode[];
  enumDecl?: EnumDeclCstNode[];
  structDecl?: StructDeclCstNode[];
  envelopeDecl?: EnvelopeDeclCstNode[];
  serviceDecl?: ServiceDeclCstNode[];
  spaceDecl?: SpaceDeclCstNode[];
  procedureDecl?: ProcedureDeclCstNode[];
};

export interface PackageDeclCstNode extends CstNode {
  name: "packageDecl";
  children: PackageDeclCstChildren;
}

export type PackageDeclCstChildren = {
  Kw_package: IToken[];
  qualifiedName: QualifiedNameCstNode[];
  Semicolon: IToken[];
};

export interface ImportDeclCstNode extends CstNode {
  name: "importDecl";
  children: ImportDeclCstChildren;
}

export type ImportDeclCstChildren = {
  Kw_import: IToken[];
  StringLiteral: IToken[];
  Semicolon: IToken[];
};

export interface ConstDeclCstNode extends CstNode {
  name: "constDecl";
  children: ConstDeclCstChildren;
}

export type ConstDeclCstChildren = {
  Kw_const: IToken[];
  Name: IToken[];
  Colon?: IToken[];
  typeRef?: TypeRefCstNode[];
  Equals: IToken[];
  expr: ExprCstNode[];
  Semicolon: IToken[];
};

export interface EnumDeclCstNode extends CstNode {
  name: "enumDecl";
  children: EnumDeclCstChildren;
}

export type EnumDeclCstChildren = {
  Kw_enum?: IToken[];
  Kw_flags?: IToken[];
  Name: IToken[];
  Colon: IToken[];
  typeRef: TypeRefCstNode[];
  LBrace: IToken[];
  enumMember?: EnumMemberCstNode[];
  RBrace: IToken[];
};

export interface EnumMemberCstNode extends CstNode {
  name: "enumMember";
  children: EnumMemberCstChildren;
}

export type EnumMemberCstChildren = {
  Name: IToken[];
  Equals: IToken[];
  expr: ExprCstNode[];
  Semicolon: IToken[];
};

export interface StructDeclCstNode extends CstNode {
  name: "structDecl";
  children: StructDeclCstChildren;
}

export type StructDeclCstChildren = {
  Kw_struct: IToken[];
  Name: IToken[];
  LBrace: IToken[];
  layoutItem?: LayoutItemCstNode[];
  RBrace: IToken[];
};

export interface EnvelopeDeclCstNode extends CstNode {
  name: "envelopeDecl";
  children: EnvelopeDeclCstChildren;
}

export type EnvelopeDeclCstChildren = {
  Kw_envelope: IToken[];
  Name: IToken[];
  LBrace: IToken[];
  errorClause?: ErrorClauseCstNode[];
  retryWhenClause?: RetryWhenClauseCstNode[];
  layoutItem?: LayoutItemCstNode[];
  RBrace: IToken[];
};

export interface ErrorClauseCstNode extends CstNode {
  name: "errorClause";
  children: ErrorClauseCstChildren;
}

export type ErrorClauseCstChildren = {
  Kw_error: IToken[];
  Kw_if: IToken[];
  expr: ExprCstNode[];
  LBrace: IToken[];
  layoutItem?: LayoutItemCstNode[];
  RBrace: IToken[];
};

export interface RetryWhenClauseCstNode extends CstNode {
  name: "retryWhenClause";
  children: RetryWhenClauseCstChildren;
}

export type RetryWhenClauseCstChildren = {
  Kw_retry_when: IToken[];
  expr: ExprCstNode[];
  Semicolon: IToken[];
};

export interface ServiceDeclCstNode extends CstNode {
  name: "serviceDecl";
  children: ServiceDeclCstChildren;
}

export type ServiceDeclCstChildren = {
  Kw_service: IToken[];
  Name: IToken[];
  LBrace: IToken[];
  envelopeOption?: EnvelopeOptionCstNode[];
  timeoutOption?: TimeoutOptionCstNode[];
  messageDecl?: MessageDeclCstNode[];
  RBrace: IToken[];
};

export interface EnvelopeOptionCstNode extends CstNode {
  name: "envelopeOption";
  children: EnvelopeOptionCstChildren;
}

export type EnvelopeOptionCstChildren = {
  Kw_envelope: IToken[];
  qualifiedName: QualifiedNameCstNode[];
  Semicolon: IToken[];
};

export interface TimeoutOptionCstNode extends CstNode {
  name: "timeoutOption";
  children: TimeoutOptionCstChildren;
}

export type TimeoutOptionCstChildren = {
  Kw_timeout: IToken[];
  IntLiteral: IToken[];
  Semicolon: IToken[];
};

export interface MessageDeclCstNode extends CstNode {
  name: "messageDecl";
  children: MessageDeclCstChildren;
}

export type MessageDeclCstChildren = {
  Kw_message: IToken[];
  Name: IToken[];
  Equals: IToken[];
  expr: ExprCstNode[];
  LBrace: IToken[];
  layoutBlock?: LayoutBlockCstNode[];
  flagOption?: FlagOptionCstNode[];
  keyOption?: KeyOptionCstNode[];
  timeoutOption?: TimeoutOptionCstNode[];
  retryWhenClause?: RetryWhenClauseCstNode[];
  envelopeOption?: EnvelopeOptionCstNode[];
  RBrace: IToken[];
};

export interface LayoutBlockCstNode extends CstNode {
  name: "layoutBlock";
  children: LayoutBlockCstChildren;
}

export type LayoutBlockCstChildren = {
  Kw_request?: IToken[];
  Kw_response?: IToken[];
  LBrace: IToken[];
  layoutItem?: LayoutItemCstNode[];
  RBrace: IToken[];
};

export interface FlagOptionCstNode extends CstNode {
  name: "flagOption";
  children: FlagOptionCstChildren;
}

export type FlagOptionCstChildren = {
  Kw_retry?: IToken[];
  Kw_no_reply?: IToken[];
  Semicolon: IToken[];
};

export interface KeyOptionCstNode extends CstNode {
  name: "keyOption";
  children: KeyOptionCstChildren;
}

export type KeyOptionCstChildren = {
  Kw_key: IToken[];
  qualifiedName: QualifiedNameCstNode[];
  Semicolon: IToken[];
};

export interface SpaceDeclCstNode extends CstNode {
  name: "spaceDecl";
  children: SpaceDeclCstChildren;
}

export type SpaceDeclCstChildren = {
  Kw_space: IToken[];
  Name: IToken[];
  Equals: IToken[];
  expr: ExprCstNode[];
  LBrace: IToken[];
  indexDecl?: IndexDeclCstNode[];
  tailDecl?: TailDeclCstNode[];
  fieldDecl?: FieldDeclCstNode[];
  RBrace: IToken[];
};

export interface IndexDeclCstNode extends CstNode {
  name: "indexDecl";
  children: IndexDeclCstChildren;
}

export type IndexDeclCstChildren = {
  Kw_index: IToken[];
  Name: IToken[];
  Equals: IToken[];
  expr: ExprCstNode[];
  word?: IToken[];
  LParen: IToken[];
  part: IToken[];
  Comma?: IToken[];
  RParen: IToken[];
  Semicolon: IToken[];
};

export interface TailDeclCstNode extends CstNode {
  name: "tailDecl";
  children: TailDeclCstChildren;
}

export type TailDeclCstChildren = {
  Kw_tail: IToken[];
  LBrace: IToken[];
  layoutItem?: LayoutItemCstNode[];
  RBrace: IToken[];
};

export interface ProcedureDeclCstNode extends CstNode {
  name: "procedureDecl";
  children: ProcedureDeclCstChildren;
}

export type ProcedureDeclCstChildren = {
  Kw_procedure: IToken[];
  qualifiedName: QualifiedNameCstNode[];
  LParen: IToken[];
  arg?: ProcedureFieldCstNode[];
  Comma?: (IToken)[];
  RParen: IToken[];
  Kw_returns?: IToken[];
  resultSpace?: QualifiedNameCstNode[];
  resultOpen?: IToken[];
  result?: ProcedureFieldCstNode[];
  resultClose?: IToken[];
  Semicolon: IToken[];
};

export interface ProcedureFieldCstNode extends CstNode {
  name: "procedureField";
  children: ProcedureFieldCstChildren;
}

export type ProcedureFieldCstChildren = {
  fieldName: IToken[];
  Colon: IToken[];
  typeRef: TypeRefCstNode[];
  Kw_as?: IToken[];
  repr?: IToken[];
};

export interface LayoutItemCstNode extends CstNode {
  name: "layoutItem";
  children: LayoutItemCstChildren;
}

export type LayoutItemCstChildren = {
  padDecl?: PadDeclCstNode[];
  fieldDecl?: FieldDeclCstNode[];
};

export interface PadDeclCstNode extends CstNode {
  name: "padDecl";
  children: PadDeclCstChildren;
}

export type PadDeclCstChildren = {
  Kw_pad: IToken[];
  expr: ExprCstNode[];
  Semicolon: IToken[];
};

export interface FieldDeclCstNode extends CstNode {
  name: "fieldDecl";
  children: FieldDeclCstChildren;
}

export type FieldDeclCstChildren = {
  fieldName: IToken[];
  Colon: IToken[];
  typeRef: TypeRefCstNode[];
  Kw_as?: IToken[];
  repr?: IToken[];
  Equals?: IToken[];
  sizeofValue?: SizeofValueCstNode[];
  expr?: ExprCstNode[];
  Kw_if?: IToken[];
  condition?: ExprCstNode[];
  Semicolon: IToken[];
};

export interface SizeofValueCstNode extends CstNode {
  name: "sizeofValue";
  children: SizeofValueCstChildren;
}

export type SizeofValueCstChildren = {
  Kw_sizeof: IToken[];
  LParen: IToken[];
  Name: IToken[];
  RParen: IToken[];
};

export interface TypeRefCstNode extends CstNode {
  name: "typeRef";
  children: TypeRefCstChildren;
}

export type TypeRefCstChildren = {
  qualifiedName: QualifiedNameCstNode[];
  lengthSpec?: LengthSpecCstNode[];
  countSpec?: CountSpecCstNode[];
};

export interface LengthSpecCstNode extends CstNode {
  name: "lengthSpec";
  children: LengthSpecCstChildren;
}

export type LengthSpecCstChildren = {
  Less: IToken[];
  specArg: SpecArgCstNode[];
  Comma?: IToken[];
  padding?: IToken[];
  Greater: IToken[];
};

export interface CountSpecCstNode extends CstNode {
  name: "countSpec";
  children: CountSpecCstChildren;
}

export type CountSpecCstChildren = {
  LBracket: IToken[];
  specArg: SpecArgCstNode[];
  RBracket: IToken[];
};

export interface SpecArgCstNode extends CstNode {
  name: "specArg";
  children: SpecArgCstChildren;
}

export type SpecArgCstChildren = {
  IntLiteral?: IToken[];
  qualifiedName?: QualifiedNameCstNode[];
};

export interface QualifiedNameCstNode extends CstNode {
  name: "qualifiedName";
  children: QualifiedNameCstChildren;
}

export type QualifiedNameCstChildren = {
  Name: (IToken)[];
  Dot?: IToken[];
};

export interface ExprCstNode extends CstNode {
  name: "expr";
  children: ExprCstChildren;
}

export type ExprCstChildren = {
  unaryExpr: (UnaryExprCstNode)[];
  BinaryOp?: IToken[];
};

export interface UnaryExprCstNode extends CstNode {
  name: "unaryExpr";
  children: UnaryExprCstChildren;
}

export type UnaryExprCstChildren = {
  UnaryOp?: IToken[];
  primaryExpr: PrimaryExprCstNode[];
};

export interface PrimaryExprCstNode extends CstNode {
  name: "primaryExpr";
  children: PrimaryExprCstChildren;
}

export type PrimaryExprCstChildren = {
  IntLiteral?: IToken[];
  StringLiteral?: IToken[];
  qualifiedName?: QualifiedNameCstNode[];
  LParen?: IToken[];
  expr?: ExprCstNode[];
  RParen?: IToken[];
};

export interface ICstNodeVisitor<IN, OUT> extends ICstVisitor<IN, OUT> {
  file(children: FileCstChildren, param?: IN): OUT;
  packageDecl(children: PackageDeclCstChildren, param?: IN): OUT;
  importDecl(children: ImportDeclCstChildren, param?: IN): OUT;
  constDecl(children: ConstDeclCstChildren, param?: IN): OUT;
  enumDecl(children: EnumDeclCstChildren, param?: IN): OUT;
  enumMember(children: EnumMemberCstChildren, param?: IN): OUT;
  structDecl(children: StructDeclCstChildren, param?: IN): OUT;
  envelopeDecl(children: EnvelopeDeclCstChildren, param?: IN): OUT;
  errorClause(children: ErrorClauseCstChildren, param?: IN): OUT;
  retryWhenClause(children: RetryWhenClauseCstChildren, param?: IN): OUT;
  serviceDecl(children: ServiceDeclCstChildren, param?: IN): OUT;
  envelopeOption(children: EnvelopeOptionCstChildren, param?: IN): OUT;
  timeoutOption(children: TimeoutOptionCstChildren, param?: IN): OUT;
  messageDecl(children: MessageDeclCstChildren, param?: IN): OUT;
  layoutBlock(children: LayoutBlockCstChildren, param?: IN): OUT;
  flagOption(children: FlagOptionCstChildren, param?: IN): OUT;
  keyOption(children: KeyOptionCstChildren, param?: IN): OUT;
  spaceDecl(children: SpaceDeclCstChildren, param?: IN): OUT;
  indexDecl(children: IndexDeclCstChildren, param?: IN): OUT;
  tailDecl(children: TailDeclCstChildren, param?: IN): OUT;
  procedureDecl(children: ProcedureDeclCstChildren, param?: IN): OUT;
  procedureField(children: ProcedureFieldCstChildren, param?: IN): OUT;
  layoutItem(children: LayoutItemCstChildren, param?: IN): OUT;
  padDecl(children: PadDeclCstChildren, param?: IN): OUT;
  fieldDecl(children: FieldDeclCstChildren, param?: IN): OUT;
  sizeofValue(children: SizeofValueCstChildren, param?: IN): OUT;
  typeRef(children: TypeRefCstChildren, param?: IN): OUT;
  lengthSpec(children: LengthSpecCstChildren, param?: IN): OUT;
  countSpec(children: CountSpecCstChildren, param?: IN): OUT;
  specArg(children: SpecArgCstChildren, param?: IN): OUT;
  qualifiedName(children: QualifiedNameCstChildren, param?: IN): OUT;
  expr(children: ExprCstChildren, param?: IN): OUT;
  unaryExpr(children: UnaryExprCstChildren, param?: IN): OUT;
  primaryExpr(children: PrimaryExprCstChildren, param?: IN): OUT;
}
