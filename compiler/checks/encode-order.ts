/**
 * An encoder resolves a layout's values before writing: a size from its target (present when the target's
 * condition holds), a conditional field read by a condition from that condition. A length counts the
 * values given, whether they are written or not, so it depends on no condition. When these read each other in a circle (`s1 = sizeof(t1); s2 = sizeof(t2); t1 if s2 > 0;
 * t2 if s1 > 0`) no order computes them, though a decoder reads the bytes fine: E0519.
 */
import type * as A from "../ast/ast.js";
import type * as M from "../model/model.js";
import { exprFields, sizesItself } from "../model/refs.js";
import type { CheckContext } from "./context.js";

/** What the encoder needs before it can resolve `f` (emitter/codec/encode-values.ts, conservatively). */
function needs(f: M.FieldModel): M.FieldModel[] {
  // A length counts the values the caller gave, written or not: it waits for nothing.
  if (f.role.kind === "length") return [];
  if (f.role.kind === "sizeof") {
    const target = f.role.target;
    const read = [...exprFields(target.condition, false)].filter((d) => d !== f);
    return sizesItself(f, target) ? read : [target, ...read];
  }
  return [...exprFields(f.condition, false)];
}

export function checkEncodeOrder(ctx: CheckContext, items: readonly M.LayoutItem[], astOf: ReadonlyMap<M.FieldModel, A.FieldDecl>): void {
  const done = new Set<M.FieldModel>();
  const path: M.FieldModel[] = [];
  const visit = (f: M.FieldModel): boolean => {
    if (done.has(f)) return true;
    const at = path.indexOf(f);
    if (at >= 0) {
      const circle = [...path.slice(at), f].map((x) => `\`${x.name}\``).join(" -> ");
      const ast = astOf.get(f);
      if (ast) ctx.diagnostics.error("E0519", `no encoder can compute \`${f.name}\`: sizes and conditions read each other in a circle (${circle})`, ast.name.span);
      return false;
    }
    path.push(f);
    const ok = needs(f).every((d) => !astOf.has(d) || visit(d));
    path.pop();
    done.add(f);
    return ok;
  };
  for (const item of items) if (item.kind === "field" && !visit(item)) return;
}
