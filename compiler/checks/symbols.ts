/**
 * Declaration tables: one model object per declaration, created empty (filled by the later passes), and
 * the per-file name table. Reports duplicate declarations (E0201) and declarations that take a built-in
 * type's name (E0209).
 */
import type * as A from "../ast/ast.js";
import type * as M from "../model/model.js";
import { BUILTINS } from "./builtins.js";
import type { CheckContext, DeclSymbol, FileInfo } from "./context.js";
import type { LoadedFile } from "./load.js";

const PLACEHOLDER_INT: M.IntType = { kind: "int", bits: 32, signed: false, endian: "le", repr: "number" };
const EMPTY_LAYOUT: M.LayoutModel = { items: [], fixedSize: 0 };

/** A field that stands in until the real one is known (an envelope's `code` before the envelope is checked). */
export function placeholderField(span: M.FieldModel["span"]): M.FieldModel {
  return { kind: "field", name: "", doc: undefined, type: PLACEHOLDER_INT, role: { kind: "value" }, defaultValue: undefined, condition: undefined, span };
}

function shell(decl: Exclude<A.Declaration, A.ProcedureDecl>, file: FileInfo): DeclSymbol {
  const base = { name: decl.name.name, doc: decl.doc?.text, span: decl.span, file: file.path };
  switch (decl.kind) {
    case "const":
      return { kind: "const", ast: decl, file, model: { ...base, kind: "const", type: undefined, value: 0n } };
    case "enum":
      return { kind: "enum", ast: decl, file, model: { ...base, kind: "enum", backing: PLACEHOLDER_INT, members: [] } };
    case "flags":
      return { kind: "flags", ast: decl, file, model: { ...base, kind: "flags", backing: PLACEHOLDER_INT, members: [] } };
    case "struct":
      return { kind: "struct", ast: decl, file, model: { ...base, kind: "struct", items: [], fixedSize: undefined, recursive: false } };
    case "envelope":
      return {
        kind: "envelope",
        ast: decl,
        file,
        model: {
          ...base,
          kind: "envelope",
          layout: EMPTY_LAYOUT,
          codeField: placeholderField(decl.span),
          errorCondition: undefined,
          errorLayout: undefined,
          messageField: undefined,
          retryWhen: undefined,
        },
      };
    case "service":
      return { kind: "service", ast: decl, file, model: { ...base, kind: "service", messages: [], envelope: undefined, timeout: undefined } };
    case "space":
      return { kind: "space", ast: decl, file, model: { ...base, kind: "space", no: -1, fields: [], tail: [], indexes: [] } };
  }
}

export function declareFile(ctx: CheckContext, loaded: LoadedFile): FileInfo {
  const ast = loaded.parsed.ast;
  const pkg = ast.package?.name;
  const file: FileInfo = {
    path: loaded.path,
    loaded,
    ast,
    packageName: pkg && pkg.parts.length > 0 ? pkg.text : undefined,
    symbols: [],
    procedures: [],
    byName: new Map(),
    scope: undefined,
  };
  for (const decl of ast.declarations) {
    if (decl.kind === "procedure") {
      const base = { name: decl.name.name, doc: decl.doc?.text, span: decl.span, file: file.path };
      file.procedures.push({ ast: decl, file, model: { ...base, kind: "procedure", args: [], returns: { kind: "none" } } });
      continue;
    }
    const symbol = shell(decl, file);
    file.symbols.push(symbol);
    ctx.symbolOfModel.set(symbol.model, symbol);
    const name = decl.name.name;
    if (name === "") continue; // missing after a syntax error
    if (BUILTINS.has(name)) {
      ctx.diagnostics.error("E0209", `\`${name}\` is a built-in type; choose another name for this ${decl.kind}`, decl.name.span);
      continue;
    }
    const first = file.byName.get(name);
    if (first) {
      ctx.diagnostics.error("E0201", `\`${name}\` is declared twice in this file`, decl.name.span, [
        { message: `first declared here (as a ${first.kind})`, span: first.ast.name.span },
      ]);
      continue;
    }
    file.byName.set(name, symbol);
  }
  ctx.files.push(file);
  return file;
}
