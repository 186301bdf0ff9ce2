/**
 * The emitter's code model: TypeScript declarations as plain data, in the shape of ts-morph's structures
 * (the same names and fields, so a declaration reads as it did when ts-morph printed them). The emitter
 * prints them itself (print.ts): loading ts-morph costs half a second and its printer a second per 200
 * messages, and its text needed prettier everywhere (docs/benchmarks.md, "Compile time").
 */

export const StructureKind = {
  Function: "function",
  Class: "class",
  Interface: "interface",
  VariableStatement: "variable",
  TypeAlias: "type-alias",
  ImportDeclaration: "import",
  ExportDeclaration: "export",
} as const;

export const VariableDeclarationKind = { Const: "const", Let: "let" } as const;

/** TSDoc: each entry one comment's text (paragraphs separated by blank lines). */
export type Docs = readonly { readonly description: string }[];

export interface ParameterStructure {
  readonly name: string;
  readonly type?: string;
  readonly initializer?: string;
  readonly hasQuestionToken?: boolean;
  readonly isReadonly?: boolean;
  readonly hasOverrideKeyword?: boolean;
}

export interface TypeParameterStructure {
  readonly name: string;
  readonly default?: string;
}

/** A signature without a body (an overload, an interface method). */
export interface SignatureStructure {
  readonly docs?: Docs;
  readonly parameters?: readonly ParameterStructure[];
  readonly returnType?: string;
}

export interface FunctionDeclarationStructure extends SignatureStructure {
  readonly kind: typeof StructureKind.Function;
  readonly name: string;
  readonly isExported?: boolean;
  readonly overloads?: readonly SignatureStructure[];
  /** One statement an entry; an entry may open or close a block (`for (…) {`, `}`). */
  readonly statements: readonly string[];
}

export interface PropertyStructure {
  readonly name: string;
  readonly docs?: Docs;
  readonly type?: string;
  readonly initializer?: string;
  readonly isStatic?: boolean;
  readonly hasOverrideKeyword?: boolean;
  readonly isReadonly?: boolean;
  readonly hasQuestionToken?: boolean;
}

export interface MethodStructure extends SignatureStructure {
  readonly name: string;
  readonly isStatic?: boolean;
  readonly hasOverrideKeyword?: boolean;
  readonly statements: readonly string[];
}

export interface ClassDeclarationStructure {
  readonly kind: typeof StructureKind.Class;
  readonly name: string;
  readonly isExported?: boolean;
  readonly docs?: Docs;
  readonly typeParameters?: readonly TypeParameterStructure[];
  readonly extends?: string;
  readonly properties?: readonly PropertyStructure[];
  readonly staticBlocks?: readonly { readonly statements: readonly string[] }[];
  readonly ctors?: readonly { readonly parameters?: readonly ParameterStructure[]; readonly statements: readonly string[] }[];
  readonly getAccessors?: readonly MethodStructure[];
  readonly methods?: readonly MethodStructure[];
}

export interface InterfaceDeclarationStructure {
  readonly kind: typeof StructureKind.Interface;
  readonly name: string;
  readonly isExported?: boolean;
  readonly docs?: Docs;
  readonly properties?: readonly PropertyStructure[];
  readonly methods?: readonly (SignatureStructure & { readonly name: string })[];
}

export interface VariableStatementStructure {
  readonly kind: typeof StructureKind.VariableStatement;
  readonly isExported?: boolean;
  readonly docs?: Docs;
  readonly declarationKind: (typeof VariableDeclarationKind)[keyof typeof VariableDeclarationKind];
  readonly declarations: readonly { readonly name: string; readonly type?: string; readonly initializer: string }[];
}

export interface TypeAliasDeclarationStructure {
  readonly kind: typeof StructureKind.TypeAlias;
  readonly name: string;
  readonly isExported?: boolean;
  readonly docs?: Docs;
  readonly type: string;
}

export interface ImportSpecifierStructure {
  readonly name: string;
  readonly alias?: string;
  readonly isTypeOnly?: boolean;
}

export interface ImportDeclarationStructure {
  readonly kind: typeof StructureKind.ImportDeclaration;
  readonly moduleSpecifier: string;
  readonly namedImports: readonly ImportSpecifierStructure[];
}

export interface ExportDeclarationStructure {
  readonly kind: typeof StructureKind.ExportDeclaration;
  readonly moduleSpecifier: string;
  readonly namespaceExport?: string;
  readonly namedExports?: readonly ImportSpecifierStructure[];
  /** `export type { … }`: every name a type. */
  readonly isTypeOnly?: boolean;
}

export type StatementStructures =
  | FunctionDeclarationStructure
  | ClassDeclarationStructure
  | InterfaceDeclarationStructure
  | VariableStatementStructure
  | TypeAliasDeclarationStructure
  | ImportDeclarationStructure
  | ExportDeclarationStructure;

/** A top-level statement: a structure, or text (a comment, a statement the generator wrote whole). */
export type Statement = string | StatementStructures;
