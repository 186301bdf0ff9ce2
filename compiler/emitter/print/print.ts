/**
 * Prints the code model (structures.ts) as prettier would format it: two-space indentation, TSDoc as
 * ts-morph wrote it, a signature's parameters one per line when it does not fit in the print width. Text
 * the printer cannot vouch for (a line of code over the width) is left to prettier by the caller
 * (file/format.ts); test/codegen/canonical.test.ts proves on every test schema that prettier leaves the
 * rest unchanged.
 */
import { indentBlock } from "./indent.js";
import { namedIn, splitTypeList } from "./scan.js";
import { INDENT, PRINT_WIDTH } from "./width.js";
import type {
  ClassDeclarationStructure,
  Docs,
  ExportDeclarationStructure,
  FunctionDeclarationStructure,
  ImportDeclarationStructure,
  ImportSpecifierStructure,
  InterfaceDeclarationStructure,
  MethodStructure,
  ParameterStructure,
  PropertyStructure,
  SignatureStructure,
  Statement,
  TypeAliasDeclarationStructure,
  TypeParameterStructure,
  VariableStatementStructure,
} from "./structures.js";


/** One top-level statement as text, without a trailing newline. */
export function printStatement(s: Statement): string {
  if (typeof s === "string") return indentBlock(s, "");
  switch (s.kind) {
    case "function":
      return printFunction(s);
    case "class":
      return printClass(s);
    case "interface":
      return printInterface(s);
    case "variable":
      return printVariable(s);
    case "type-alias":
      return printTypeAlias(s);
    case "import":
      return printImport(s);
    case "export":
      return printExport(s);
  }
}

/** TSDoc comments at `indent`: one line when the text is one line, else a ` * ` line each. */
export function printDocs(docs: Docs | undefined, indent: string): string {
  let out = "";
  for (const { description } of docs ?? []) {
    const lines = description.replace(/\s+$/, "").split("\n");
    if (lines.length === 1) out += `${indent}/** ${lines[0]} */\n`;
    else out += `${indent}/**\n${lines.map((l) => `${indent} *${l === "" ? "" : ` ${l}`}`).join("\n")}\n${indent} */\n`;
  }
  return out;
}

function exported(s: { readonly isExported?: boolean }): string {
  return s.isExported === true ? "export " : "";
}

function param(p: ParameterStructure): string {
  const mods = `${p.hasOverrideKeyword === true ? "override " : ""}${p.isReadonly === true ? "readonly " : ""}`;
  const type = p.type === undefined ? "" : `: ${p.type}`;
  return `${mods}${p.name}${p.hasQuestionToken === true ? "?" : ""}${type}${p.initializer === undefined ? "" : ` = ${p.initializer}`}`;
}

/**
 * `head(params)tail` on one line when it fits, else prettier's layout: one parameter a line, each with a
 * trailing comma, the closing parenthesis and `tail` on a line of their own.
 */
function signature(indent: string, head: string, params: readonly ParameterStructure[] | undefined, tail: string): string {
  const list = (params ?? []).map(param);
  const flat = `${indent}${head}(${list.join(", ")})${tail}`;
  const firstLine = flat.indexOf("\n");
  if (list.length === 0 || (firstLine < 0 ? flat.length : firstLine) <= PRINT_WIDTH) return flat;
  return `${indent}${head}(\n${list.map((p) => `${indent}${INDENT}${p},`).join("\n")}\n${closeSignature(indent, tail)}`;
}

/**
 * `)tail` of a signature whose parameters were broken. A declaration's return type that is a union and
 * still too wide goes a member a line, as prettier lays it out (a handler's `R | void | Promise<R | void>`
 * under a long message name).
 */
function closeSignature(indent: string, tail: string): string {
  const line = `${indent})${tail}`;
  if (line.length <= PRINT_WIDTH || !tail.startsWith(": ") || !tail.endsWith(";") || tail.includes("\n")) return line;
  const members = splitTypeList(tail.slice(2, -1), "|");
  if (members.length < 2) return line;
  return `${indent}):\n${members.map((m) => `${indent}${INDENT}| ${m}`).join("\n")};`;
}


/**
 * A body's parameters, each its body does not read renamed `_name`: generated code must pass projects'
 * `noUnusedParameters` (a codec's signature is its family's — every `$write` takes the value, a fixed-size
 * message's does not read it). Parameter properties are left alone.
 */
function readParams(params: readonly ParameterStructure[] | undefined, statements: readonly string[]): readonly ParameterStructure[] | undefined {
  if (params === undefined || params.length === 0) return params;
  const text = statements.join("\n");
  return params.map((p) =>
    p.isReadonly === true || p.hasOverrideKeyword === true || !IDENTIFIER.test(p.name) || p.name.startsWith("_") || namedIn(text, p.name) ? p : { ...p, name: `_${p.name}` },
  );
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function returns(s: SignatureStructure): string {
  return s.returnType === undefined ? "" : `: ${s.returnType}`;
}

function body(statements: readonly string[], indent: string): string {
  if (statements.length === 0) return "{}";
  return `{\n${indentBlock(statements.join("\n"), indent + INDENT)}\n${indent}}`;
}

function typeParams(params: readonly TypeParameterStructure[] | undefined): string {
  if (params === undefined || params.length === 0) return "";
  return `<${params.map((p) => (p.default === undefined ? p.name : `${p.name} = ${p.default}`)).join(", ")}>`;
}

function printFunction(f: FunctionDeclarationStructure): string {
  const head = `${exported(f)}function ${f.name}`;
  const overloads = (f.overloads ?? []).map((o) => printDocs(o.docs, "") + signature("", head, o.parameters, `${returns(o)};`));
  const impl = printDocs(f.docs, "") + signature("", head, readParams(f.parameters, f.statements), `${returns(f)} ${body(f.statements, "")}`);
  return [...overloads, impl].join("\n");
}

function property(p: PropertyStructure, indent: string): string {
  const mods = `${p.isStatic === true ? "static " : ""}${p.hasOverrideKeyword === true ? "override " : ""}${p.isReadonly === true ? "readonly " : ""}`;
  const type = p.type === undefined ? "" : `: ${p.type}`;
  const init = p.initializer === undefined ? "" : ` = ${p.initializer}`;
  return `${printDocs(p.docs, indent)}${indent}${mods}${p.name}${p.hasQuestionToken === true ? "?" : ""}${type}${init};`;
}

function method(m: MethodStructure, indent: string, accessor: string): string {
  const mods = `${m.isStatic === true ? "static " : ""}${m.hasOverrideKeyword === true ? "override " : ""}${accessor}`;
  return printDocs(m.docs, indent) + signature(indent, `${mods}${m.name}`, readParams(m.parameters, m.statements), `${returns(m)} ${body(m.statements, indent)}`);
}

function printClass(c: ClassDeclarationStructure): string {
  const i = INDENT;
  const members: string[] = [];
  if (c.properties !== undefined && c.properties.length > 0) members.push(c.properties.map((p) => property(p, i)).join("\n"));
  for (const b of c.staticBlocks ?? []) members.push(`${i}static ${body(b.statements, i)}`);
  for (const k of c.ctors ?? []) members.push(signature(i, "constructor", readParams(k.parameters, k.statements), ` ${body(k.statements, i)}`));
  for (const g of c.getAccessors ?? []) members.push(method(g, i, "get "));
  for (const m of c.methods ?? []) members.push(method(m, i, ""));
  const head = `${printDocs(c.docs, "")}${classHead(c)}`;
  return members.length === 0 ? `${head}}` : `${head}\n${members.join("\n\n")}\n}`;
}

/**
 * `class X extends Base<A, B> {`; when that is too wide, the base's type arguments a line each, as
 * prettier breaks them (`extends $RequestBase<` … `> {`, no trailing comma).
 */
function classHead(c: ClassDeclarationStructure): string {
  const start = `${exported(c)}class ${c.name}${typeParams(c.typeParameters)}`;
  const line = `${start}${c.extends === undefined ? "" : ` extends ${c.extends}`} {`;
  const open = c.extends?.indexOf("<") ?? -1;
  if (line.length <= PRINT_WIDTH || c.extends === undefined || open < 0 || !c.extends.endsWith(">")) return line;
  const args = splitTypeList(c.extends.slice(open + 1, -1), ",");
  if (args.some((a) => INDENT.length + a.length + 1 > PRINT_WIDTH)) return line;
  return `${start} extends ${c.extends.slice(0, open + 1)}\n${args.map((a) => `${INDENT}${a}`).join(",\n")}\n> {`;
}


function printInterface(d: InterfaceDeclarationStructure): string {
  const i = INDENT;
  const members = [
    ...(d.properties ?? []).map((p) => {
      const text = `${p.isReadonly === true ? "readonly " : ""}${p.name}${p.hasQuestionToken === true ? "?" : ""}: ${p.type};`;
      return `${printDocs(p.docs, i)}${i}${text}`;
    }),
    ...(d.methods ?? []).map((m) => printDocs(m.docs, i) + signature(i, m.name, m.parameters, `${returns(m)};`)),
  ];
  const head = `${printDocs(d.docs, "")}${exported(d)}interface ${d.name} {`;
  return members.length === 0 ? `${head}}` : `${head}\n${members.join("\n")}\n}`;
}

function printVariable(v: VariableStatementStructure): string {
  const decls = v.declarations.map((d) => `${d.name}${d.type === undefined ? "" : `: ${d.type}`} = ${d.initializer}`);
  return printDocs(v.docs, "") + indentBlock(`${exported(v)}${v.declarationKind} ${decls.join(", ")};`, "");
}

function printTypeAlias(t: TypeAliasDeclarationStructure): string {
  return `${printDocs(t.docs, "")}${exported(t)}type ${t.name} = ${t.type};`;
}

function specifier(s: ImportSpecifierStructure): string {
  return `${s.isTypeOnly === true ? "type " : ""}${s.name}${s.alias === undefined ? "" : ` as ${s.alias}`}`;
}

/** `{ a, b }` on one line when the statement fits, else a specifier a line (prettier's layout). */
function namedList(head: string, names: readonly ImportSpecifierStructure[], tail: string): string {
  const list = names.map(specifier);
  const flat = `${head}{ ${list.join(", ")} }${tail}`;
  if (flat.length <= PRINT_WIDTH) return flat;
  return `${head}{\n${list.map((n) => `${INDENT}${n},`).join("\n")}\n}${tail}`;
}

function printImport(d: ImportDeclarationStructure): string {
  return namedList("import ", d.namedImports, ` from ${JSON.stringify(d.moduleSpecifier)};`);
}

function printExport(d: ExportDeclarationStructure): string {
  const from = ` from ${JSON.stringify(d.moduleSpecifier)};`;
  if (d.namespaceExport !== undefined) return `export * as ${d.namespaceExport}${from}`;
  return namedList(d.isTypeOnly === true ? "export type " : "export ", d.namedExports ?? [], from);
}
