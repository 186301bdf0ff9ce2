/**
 * Shared state of one check run: the declarations of every file (each with its model object, created
 * empty up front so references between declarations, recursive ones included, can point at it before it
 * is filled), the diagnostics, and the layouts waiting for the whole-program checks.
 */
import type * as A from "../ast/ast.js";
import { Diagnostics } from "../diagnostics/collector.js";
import type * as M from "../model/model.js";
import { DEFAULT_FIELD_NAMING, type FieldNaming } from "../model/property-names.js";
import type { LoadedFile } from "./load.js";
import type { FileScope } from "./scope.js";

/** The model types with their `readonly` removed: the checks fill models in place, then hand them out read-only. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export type DeclSymbol =
  | { readonly kind: "const"; readonly ast: A.ConstDecl; readonly file: FileInfo; readonly model: Mutable<M.ConstModel> }
  | { readonly kind: "enum"; readonly ast: A.EnumDecl; readonly file: FileInfo; readonly model: Mutable<M.EnumModel> }
  | { readonly kind: "flags"; readonly ast: A.EnumDecl; readonly file: FileInfo; readonly model: Mutable<M.FlagsModel> }
  | { readonly kind: "struct"; readonly ast: A.StructDecl; readonly file: FileInfo; readonly model: Mutable<M.StructModel> }
  | { readonly kind: "envelope"; readonly ast: A.EnvelopeDecl; readonly file: FileInfo; readonly model: Mutable<M.EnvelopeModel> }
  | { readonly kind: "service"; readonly ast: A.ServiceDecl; readonly file: FileInfo; readonly model: Mutable<M.ServiceModel> }
  | { readonly kind: "space"; readonly ast: A.SpaceDecl; readonly file: FileInfo; readonly model: Mutable<M.SpaceModel> };

/** A stored procedure: not a symbol (its Lua name is in a namespace of its own, types never name it). */
export interface ProcedureEntry {
  readonly ast: A.ProcedureDecl;
  readonly file: FileInfo;
  readonly model: Mutable<M.ProcedureModel>;
}

export type EnumSymbol = Extract<DeclSymbol, { kind: "enum" | "flags" }>;

export interface FileInfo {
  readonly path: string;
  readonly loaded: LoadedFile;
  readonly ast: A.SchemaFile;
  readonly packageName: string | undefined;
  /** Every declaration in source order (duplicates included: they are checked too). */
  readonly symbols: DeclSymbol[];
  /** Stored procedures in source order (duplicates included; E0810 reports them). */
  readonly procedures: ProcedureEntry[];
  /** First declaration of each name. */
  readonly byName: Map<string, DeclSymbol>;
  scope: FileScope | undefined;
}

/** A layout built in the first pass, kept for the checks that need every struct's layout. */
export interface LayoutRecord {
  readonly model: Mutable<M.LayoutModel>;
  /** Field and pad ASTs, index-aligned with model.items. */
  readonly asts: readonly A.LayoutItem[];
  /** What the layout is, for messages: "struct `Tuple`", "the response of `Select`". */
  readonly what: string;
  /** Envelope fields precede the response body: nothing in them may read to the end. */
  readonly isEnvelopeHead: boolean;
  /** Fields whose byte size a `sizeof` field gives: bounded, so they may read "to the end" of that size. */
  readonly bounded: ReadonlySet<M.FieldModel>;
}

/** An enum's or a constant's evaluation state, for lazy evaluation with cycle detection. */
export type EvalState = "pending" | "active" | "done";

export class CheckContext {
  readonly diagnostics: Diagnostics;
  readonly files: FileInfo[] = [];
  readonly layouts: LayoutRecord[] = [];
  /** Keyed by the struct's model as the checks fill it (fixedSize is set once every struct has its items). */
  readonly structLayouts = new Map<Mutable<M.StructModel>, LayoutRecord>();
  readonly symbolOfModel = new Map<M.DeclarationModel | M.SpaceModel, DeclSymbol>();
  readonly evalState = new Map<object, EvalState>();
  // Results kept per check, not per syntax tree: a tree parsed once may be checked again (--watch), and
  // each check must set its own models and report its own diagnostics.
  /** Values of the constants and enum members evaluated (evalState says which are done). */
  readonly constValues = new Map<object, M.ConstValue | undefined>();
  /** Each enum's backing type, by the syntax of its type (undefined: not an integer type, reported). */
  readonly enumBackings = new Map<A.TypeRef, M.IntType | undefined>();
  /** Constants being evaluated right now, one inside another (bounded by MAX_NESTING). */
  evalDepth = 0;
  /** Fields whose type could not be resolved: later checks skip them instead of piling on errors. */
  readonly poisoned = new WeakSet<M.FieldModel>();

  /** The property naming code will be generated with: fields colliding under it are E0212. */
  readonly naming: FieldNaming;

  constructor(diagnostics: Diagnostics = new Diagnostics(), naming: FieldNaming = DEFAULT_FIELD_NAMING) {
    this.diagnostics = diagnostics;
    this.naming = naming;
  }
}

/** `struct \`Tuple\``, for messages. */
export function describeSymbol(symbol: DeclSymbol): string {
  return `${symbol.kind} \`${symbol.model.name}\``;
}
