/**
 * Box stored procedures (CALL): the arguments and the result fields are fields of a Box tuple, each behind
 * its BER length, typed as a space's fields are (spaces.ts tupleFieldType); `returns` names a space of the
 * program or lists the result fields. Reports E0810–E0813; a failed qualified lookup of the result space
 * keeps its general code (E0207 when ambiguous).
 */
import type * as A from "../ast/ast.js";
import type * as M from "../model/model.js";
import type { CheckContext, ProcedureEntry } from "./context.js";
import { describeDecl } from "./describe.js";
import { reportLookup } from "./lookup-errors.js";
import type { FileScope } from "./scope.js";
import { tupleFieldType, type TupleFieldRole } from "./spaces.js";
import { didYouMean } from "./suggest.js";

const ARGUMENT: TupleFieldRole = { what: "a procedure argument", code: "E0812", end: "" };
const RESULT: TupleFieldRole = { what: "a result field", code: "E0812", end: "" };

export function checkProcedure(ctx: CheckContext, entry: ProcedureEntry): void {
  const { ast, model } = entry;
  const scope = entry.file.scope;
  if (!scope) return;
  model.args = tupleFields(ctx, ast.args, scope, ARGUMENT, "argument");
  const returns = ast.returns;
  if (!returns) model.returns = { kind: "none" };
  else if (returns.kind === "fields") {
    if (returns.fields.length === 0) {
      ctx.diagnostics.error("E0811", "`returns ()` lists no field: leave `returns` out when the procedure's answer holds no tuples to read", returns.span);
    }
    model.returns = { kind: "fields", fields: tupleFields(ctx, returns.fields, scope, RESULT, "result field") };
  }
  else {
    const space = resultSpace(ctx, returns.space, scope);
    model.returns = space ? { kind: "space", space } : { kind: "none" };
  }
}

/** Two procedures of the program with one name: the server has one function per Lua name. */
export function checkProcedureNames(ctx: CheckContext): void {
  const byName = new Map<string, ProcedureEntry>();
  for (const file of ctx.files) {
    for (const entry of file.procedures) {
      const name = entry.model.name;
      if (name === "") continue;
      const first = byName.get(name);
      if (first) {
        ctx.diagnostics.error("E0810", `procedure \`${name}\` is declared twice`, entry.ast.name.span, [{ message: "first declared here", span: first.ast.name.span }]);
      } else byName.set(name, entry);
    }
  }
}

function tupleFields(ctx: CheckContext, decls: readonly A.FieldDecl[], scope: FileScope, role: TupleFieldRole, noun: string): M.SpaceFieldModel[] {
  const out: M.SpaceFieldModel[] = [];
  const names = new Map<string, A.FieldDecl>();
  for (const decl of decls) {
    const name = decl.name.name;
    const first = names.get(name);
    if (first) {
      ctx.diagnostics.error("E0813", `duplicate ${noun} \`${name}\``, decl.name.span, [{ message: "first declared here", span: first.name.span }]);
      continue;
    }
    if (name !== "") names.set(name, decl);
    const type = tupleFieldType(ctx, decl, scope, role);
    if (type) out.push({ name, doc: decl.doc?.text, no: out.length, type, span: decl.span });
  }
  return out;
}

function resultSpace(ctx: CheckContext, name: A.QualifiedName, scope: FileScope): M.SpaceModel | undefined {
  if (name.parts.length === 0) return undefined;
  const lookup = scope.resolve(name);
  if (lookup.kind === "decl") {
    if (lookup.symbol.kind === "space") return lookup.symbol.model;
    ctx.diagnostics.error("E0811", `\`returns\` names a space; \`${name.text}\` is ${describeDecl(lookup.symbol.kind)}: list the result fields as \`returns (name: type, …)\``, name.span, [
      { message: "declared here", span: lookup.symbol.ast.name.span },
    ]);
    return undefined;
  }
  if (lookup.kind === "ambiguous") {
    reportLookup(ctx, lookup, name, "type");
    return undefined;
  }
  const spaces = scope.visibleNames((s) => s.kind === "space");
  ctx.diagnostics.error("E0811", `unknown space \`${name.text}\`${didYouMean(name.text, spaces)}`, name.span);
  return undefined;
}
