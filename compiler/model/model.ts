/**
 * The resolved model: what the semantic checks produce from the AST once every name is bound, every
 * constant folded and every layout validated. The emitter and `iprotoc breaking` read only this.
 *
 * Invariants the checks guarantee (the emitter relies on them and does not re-check):
 * - every reference (struct, enum, flags, length/count field, condition field, key path) is resolved;
 * - length/count/sizeof fields precede what they measure, and are integer-typed;
 * - `rest` items are last in their layout;
 * - constants are folded to `bigint` values and fit their declared types;
 * - no struct contains itself without an array, a condition or a size prefix in between.
 */
import type { Span } from "../diagnostics/span.js";

/** Source text of a doc comment, with the comment markers and common indentation removed. */
export type Doc = string | undefined;

// ---------------------------------------------------------------------------------------------- types

export type Endian = "le" | "be";

/** u8 … i64 in either byte order. */
export interface IntType {
  readonly kind: "int";
  readonly bits: 8 | 16 | 32 | 64;
  readonly signed: boolean;
  readonly endian: Endian;
  /** How the value is represented in TypeScript: 64-bit ints default to bigint, `as number` opts out. */
  readonly repr: "number" | "bigint";
}

/** BER-compressed unsigned integer (Perl `w`). */
export interface VarintType {
  readonly kind: "varint";
  readonly repr: "number" | "bigint";
}

export interface FloatType {
  readonly kind: "float";
  readonly bits: 32 | 64;
  readonly endian: Endian;
}

/** A type that can serve as a length or count prefix. */
export type PrefixType = IntType | VarintType;

/**
 * How many bytes a string or bytes value occupies.
 * - fixed: exactly `size` bytes; `pad` is Perl's a (nul, keep all bytes), A (space) or Z (nul-terminated).
 * - prefix: a length prefix of the given type, then the bytes (Perl `w/a*`, `L/a*`).
 * - field: the length is the value of an earlier integer field of the same layout.
 * - rest: to the end of the enclosing body or bound (Perl `a*`).
 * - nul: content then one NUL byte (Perl `Z*`).
 */
export type ByteLength =
  | { readonly kind: "fixed"; readonly size: number; readonly pad: "nul" | "space" | "nulterm" }
  | { readonly kind: "prefix"; readonly prefix: PrefixType }
  | { readonly kind: "field"; readonly field: FieldModel }
  | { readonly kind: "rest" }
  | { readonly kind: "nul" };

export interface StringType {
  readonly kind: "string";
  readonly length: ByteLength;
}

export interface BytesType {
  readonly kind: "bytes";
  readonly length: ByteLength;
}

/** How many items an array holds. */
export type ItemCount =
  | { readonly kind: "fixed"; readonly count: number }
  | { readonly kind: "prefix"; readonly prefix: PrefixType }
  | { readonly kind: "field"; readonly field: FieldModel }
  | { readonly kind: "rest" };

export interface ArrayType {
  readonly kind: "array";
  readonly element: TypeModel;
  readonly count: ItemCount;
}

/** A struct written in place, or (with `sizePrefix`) behind a byte-length prefix and decoded within it. */
export interface StructRefType {
  readonly kind: "struct";
  readonly struct: StructModel;
  readonly sizePrefix: PrefixType | undefined;
}

/**
 * A fixed-width value behind a byte-length prefix: a Tarantool Box field (`w/a*` holding an `L`, a `Q`,
 * …) written `id: u32<varint>`. The prefix always holds the value's width; decoding checks it.
 */
export interface PrefixedType {
  readonly kind: "prefixed";
  readonly value: IntType | FloatType | EnumRefType | FlagsRefType;
  readonly prefix: PrefixType;
}

export interface EnumRefType {
  readonly kind: "enum";
  readonly enum: EnumModel;
}

export interface FlagsRefType {
  readonly kind: "flags";
  readonly flags: FlagsModel;
}

export type TypeModel =
  | IntType
  | VarintType
  | FloatType
  | StringType
  | BytesType
  | ArrayType
  | StructRefType
  | PrefixedType
  | EnumRefType
  | FlagsRefType;

// ------------------------------------------------------------------------------------- expressions

export type UnaryOp = "-" | "!" | "~";
export type BinaryOp =
  | "||" | "&&" | "==" | "!=" | "<" | "<=" | ">" | ">="
  | "|" | "^" | "&" | "<<" | ">>" | "+" | "-" | "*" | "/" | "%";

/**
 * A condition or `retry_when` expression. Constants and enum members are already folded into literals;
 * what remains refers to fields. Integer arithmetic is on bigint semantics; a condition holds when its
 * value is non-zero / true.
 */
export type ExprModel =
  | { readonly kind: "int"; readonly value: bigint; readonly span: Span }
  | { readonly kind: "bool"; readonly value: boolean; readonly span: Span }
  | { readonly kind: "string"; readonly value: string; readonly span: Span }
  /** An earlier field of the layout being decoded (or of the envelope, for envelope expressions). */
  | { readonly kind: "field"; readonly field: FieldModel; readonly span: Span }
  /** `request.name` in a response layout or a message's `retry_when`. */
  | { readonly kind: "requestField"; readonly field: FieldModel; readonly span: Span }
  | { readonly kind: "unary"; readonly op: UnaryOp; readonly operand: ExprModel; readonly span: Span }
  | {
      readonly kind: "binary";
      readonly op: BinaryOp;
      readonly left: ExprModel;
      readonly right: ExprModel;
      readonly span: Span;
    };

/** A folded constant value. */
export type ConstValue = bigint | boolean | string;

// -------------------------------------------------------------------------------------- layouts

export interface FieldModel {
  readonly kind: "field";
  /** Schema name, as written. Escaping for TypeScript is the emitter's job. */
  readonly name: string;
  readonly doc: Doc;
  readonly type: TypeModel;
  /**
   * - value: an ordinary field the caller provides;
   * - length: named by a later length or count spec (`bytes<len>`, `T[n]`): computed when omitted;
   * - sizeof: `= sizeof(target)`: the byte size of the later field `target`; computed when omitted.
   */
  readonly role:
    | { readonly kind: "value" }
    | { readonly kind: "length"; readonly measures: readonly FieldModel[] }
    | { readonly kind: "sizeof"; readonly target: FieldModel };
  /** `= expr` default value (folded); the field is optional in the init type. */
  readonly defaultValue: ConstValue | undefined;
  /** `if expr`: present only when this holds. */
  readonly condition: ExprModel | undefined;
  readonly span: Span;
}

export interface PadModel {
  readonly kind: "pad";
  readonly size: number;
  readonly span: Span;
}

export type LayoutItem = FieldModel | PadModel;

export interface LayoutModel {
  readonly items: readonly LayoutItem[];
  /**
   * The bytes every encoding takes, when no item is conditional and every one has a constant size
   * (integer size prefixes and sizeof fields included); otherwise undefined. See model/wire.ts, which also
   * has the narrower width generated code reads as one fixed run.
   */
  readonly fixedSize: number | undefined;
}

// -------------------------------------------------------------------------------- declarations

interface DeclBase {
  readonly name: string;
  readonly doc: Doc;
  readonly span: Span;
  /** The file that declares it. */
  readonly file: string;
}

export interface ConstModel extends DeclBase {
  readonly kind: "const";
  readonly type: IntType | VarintType | FloatType | StringType | BytesType | undefined;
  readonly value: ConstValue;
}

export interface EnumMemberModel {
  readonly name: string;
  readonly doc: Doc;
  readonly value: bigint;
  readonly span: Span;
}

export interface EnumModel extends DeclBase {
  readonly kind: "enum";
  readonly backing: IntType;
  readonly members: readonly EnumMemberModel[];
}

export interface FlagsModel extends DeclBase {
  readonly kind: "flags";
  readonly backing: IntType;
  readonly members: readonly EnumMemberModel[];
}

export interface StructModel extends DeclBase, LayoutModel {
  readonly kind: "struct";
  /** True when the struct reaches itself (through arrays, conditions or size prefixes). */
  readonly recursive: boolean;
}

export interface EnvelopeModel extends DeclBase {
  readonly kind: "envelope";
  /** Fields read before every response body of the messages that use the envelope. */
  readonly layout: LayoutModel;
  /** The envelope's integer field `code`: becomes ServerError.code. */
  readonly codeField: FieldModel;
  /** `error if` condition over the envelope's fields. */
  readonly errorCondition: ExprModel | undefined;
  /** Layout of the error block, read instead of the response layout when the condition holds. */
  readonly errorLayout: LayoutModel | undefined;
  /** The error block's string field `message`: becomes ServerError.message. */
  readonly messageField: FieldModel | undefined;
  /** When a server error may be retried (the server asks for it). */
  readonly retryWhen: ExprModel | undefined;
}

export interface MessageModel extends DeclBase {
  readonly kind: "message";
  readonly code: number;
  /** The code as the schema spells it when written as a number (`0x0a01`, `1_000`), else decimal. */
  readonly codeText: string;
  readonly request: LayoutModel;
  /** undefined exactly when `noReply`. */
  readonly response: LayoutModel | undefined;
  readonly retry: boolean;
  readonly noReply: boolean;
  /** The balancing key: a path of request fields (`["user", "id"]`), ending in an int, string or bytes. */
  readonly key: readonly FieldModel[] | undefined;
  /** Default timeout in milliseconds (message's own, else the service's). */
  readonly timeout: number | undefined;
  readonly retryWhen: ExprModel | undefined;
  /** The envelope in force for this message (service default unless overridden or `envelope none`). */
  readonly envelope: EnvelopeModel | undefined;
  readonly service: string;
}

export interface ServiceModel extends DeclBase {
  readonly kind: "service";
  readonly messages: readonly MessageModel[];
  readonly envelope: EnvelopeModel | undefined;
  readonly timeout: number | undefined;
}

// ---------------------------------------------------------------------------- Tarantool Box spaces

/** An index part's type as Tarantool 1.5 declares it: a 4-byte integer, an 8-byte integer, or bytes. */
export type BoxKeyType = "NUM" | "NUM64" | "STR";

/** A field of a space's tuple, as Box stores it: behind its BER length (`w/a*`). */
export interface SpaceFieldModel {
  readonly name: string;
  readonly doc: Doc;
  /** Position in the tuple; for a tail field, its position in the repeated group. */
  readonly no: number;
  /** A fixed-width value behind a varint prefix, or a string or bytes with a varint length. */
  readonly type: PrefixedType | StringType | BytesType;
  readonly span: Span;
}

export interface IndexPartModel {
  readonly field: SpaceFieldModel;
  readonly type: BoxKeyType;
}

export interface IndexModel {
  readonly name: string;
  readonly doc: Doc;
  readonly no: number;
  readonly kind: "hash" | "tree";
  readonly unique: boolean;
  readonly parts: readonly IndexPartModel[];
  readonly span: Span;
}

/** A Box space: its number, its tuple's fields, a tail repeated to the tuple's end, its indexes. */
export interface SpaceModel extends DeclBase {
  readonly kind: "space";
  readonly no: number;
  readonly fields: readonly SpaceFieldModel[];
  /** The repeated group of a long tuple (MR::Tarantool::Box `long_tuple`); empty when there is none. */
  readonly tail: readonly SpaceFieldModel[];
  /** By number; index 0 is the primary key. */
  readonly indexes: readonly IndexModel[];
}

/**
 * A Box stored procedure (CALL, message 22): the request carries its name and its arguments, each a field
 * behind its BER length; the response is tuples, as a SELECT's.
 */
export interface ProcedureModel extends DeclBase {
  readonly kind: "procedure";
  /** The Lua name the server calls, dots included (`box.select_by_name`). */
  readonly name: string;
  /** In call order; `no` is the position in the argument tuple. */
  readonly args: readonly SpaceFieldModel[];
  readonly returns: ProcedureReturnsModel;
}

/** A procedure's result tuples: a space's tuples, an anonymous field list, or none declared. */
export type ProcedureReturnsModel =
  | { readonly kind: "none" }
  | { readonly kind: "space"; readonly space: SpaceModel }
  | { readonly kind: "fields"; readonly fields: readonly SpaceFieldModel[] };

export type DeclarationModel =
  | ConstModel
  | EnumModel
  | FlagsModel
  | StructModel
  | EnvelopeModel
  | ServiceModel;

/** One schema file after checking. */
export interface SchemaFileModel {
  /** Path as given on the command line (or resolved from an import), normalized with forward slashes. */
  readonly path: string;
  readonly package: string | undefined;
  readonly doc: Doc;
  /** Files this file imports, resolved. */
  readonly imports: readonly string[];
  /** Declarations in source order. */
  readonly declarations: readonly DeclarationModel[];
  /** Box spaces in source order (kept apart: they declare storage, not wire layouts). */
  readonly spaces: readonly SpaceModel[];
  /** Box stored procedures in source order (kept apart as spaces are). */
  readonly procedures: readonly ProcedureModel[];
}

/** Every file of one compilation, imports included, in dependency order (imports before importers). */
export interface ProgramModel {
  readonly files: readonly SchemaFileModel[];
}
