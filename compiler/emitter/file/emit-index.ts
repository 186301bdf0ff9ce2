/**
 * index.ts: every generated module as a namespace (`box.SelectRequest`), plus the public names of every
 * module at top level unless two modules export the same name (those stay reachable through namespaces).
 */
import { type Statement, StructureKind } from "../print/structures.js";
import { namespaceName } from "../plan/names.js";
import type { FileNames } from "../plan/plan.js";

/** Public names a module exports (helpers with `$` are left to the namespaces), split by kind. */
function publicNames(plan: FileNames): { values: string[]; types: string[] } {
  const values: string[] = [];
  const types: string[] = [];
  for (const name of plan.consts.values()) values.push(name);
  for (const name of plan.named.values()) values.push(name); // value and type of the same name
  for (const s of plan.structs.values()) {
    types.push(s.layout.type, s.layout.init);
    values.push(s.encode, s.decode);
  }
  for (const [msg, m] of plan.messages) {
    values.push(m.request);
    types.push(m.requestInit, m.requestFields);
    if (!msg.noReply) {
      values.push(m.response);
      types.push(m.responseInit);
    }
  }
  for (const s of plan.services.values()) {
    values.push(s.client, s.dispatcher);
    types.push(s.handler);
  }
  return { values, types };
}

function moduleSpecifier(outPath: string): string {
  return `./${outPath.replace(/\.ts$/, ".js")}`;
}

export function emitIndex(plans: readonly FileNames[], header: string): Statement[] {
  const count = new Map<string, number>();
  const names = plans.map(publicNames);
  for (const n of names) for (const x of new Set([...n.values, ...n.types])) count.set(x, (count.get(x) ?? 0) + 1);
  const spaces = new Set<string>();
  const statements: Statement[] = [header];
  plans.forEach((plan, i) => {
    let ns = namespaceName(plan.file.path);
    while (spaces.has(ns) || count.has(ns)) ns = `${ns}_`;
    spaces.add(ns);
    statements.push({ kind: StructureKind.ExportDeclaration, moduleSpecifier: moduleSpecifier(plan.outPath), namespaceExport: ns });
    const n = names[i]!;
    const unique = (x: string): boolean => count.get(x) === 1;
    // Values, then types in an `export type` of their own (one `type` for all, not one a name).
    const values = n.values.filter(unique).map((name) => ({ name }));
    const types = n.types.filter(unique).map((name) => ({ name }));
    const from = moduleSpecifier(plan.outPath);
    if (values.length > 0) statements.push({ kind: StructureKind.ExportDeclaration, moduleSpecifier: from, namedExports: values });
    if (types.length > 0) statements.push({ kind: StructureKind.ExportDeclaration, moduleSpecifier: from, namedExports: types, isTypeOnly: true });
  });
  return statements;
}
