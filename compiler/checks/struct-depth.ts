/**
 * How deep structs contain structs, found without recursion (an explicit stack): the whole-program
 * passes after it (layout shapes, recursion, the emitter) walk that nesting recursively, so a chain of
 * thousands of structs must stop here with a located diagnostic (E0520) rather than overflow the stack.
 */
import type * as M from "../model/model.js";
import type { CheckContext } from "./context.js";
import { MAX_STRUCT_NESTING } from "./limits.js";
import { edgesOf } from "./recursion.js";

/** Reports every struct nested deeper than MAX_STRUCT_NESTING; returns whether any was. */
export function checkStructDepth(ctx: CheckContext): boolean {
  const structs = ctx.files.flatMap((f) => f.symbols).filter((s) => s.kind === "struct");
  const depth = new Map<M.StructModel, number>();
  const onPath = new Set<M.StructModel>();
  let tooDeep = false;
  for (const symbol of structs) {
    if (depth.has(symbol.model)) continue;
    // Post-order: a struct's depth is 1 + its deepest child's. A struct on the current path is a
    // recursive reference (the recursion check judges it), counted as 0 here.
    const stack: { struct: M.StructModel; children: M.StructModel[]; next: number }[] = [];
    const enter = (struct: M.StructModel): void => {
      onPath.add(struct);
      stack.push({ struct, children: edgesOf(struct).map((e) => e.to), next: 0 });
    };
    enter(symbol.model);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as (typeof stack)[number];
      const child = top.children[top.next++];
      if (child !== undefined) {
        if (!depth.has(child) && !onPath.has(child)) enter(child);
        continue;
      }
      let deepest = 0;
      for (const c of top.children) deepest = Math.max(deepest, depth.get(c) ?? 0);
      depth.set(top.struct, deepest + 1);
      onPath.delete(top.struct);
      stack.pop();
    }
  }
  for (const symbol of structs) {
    const d = depth.get(symbol.model) ?? 0;
    // Report where the chain starts to exceed the limit, once per chain, not at every struct above it.
    if (d === MAX_STRUCT_NESTING + 1) {
      tooDeep = true;
      ctx.diagnostics.error("E0520", `struct \`${symbol.model.name}\` nests structs ${d} levels deep; the limit is ${MAX_STRUCT_NESTING}`, symbol.ast.name.span);
    } else if (d > MAX_STRUCT_NESTING) tooDeep = true;
  }
  return tooDeep;
}
