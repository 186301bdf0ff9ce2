/**
 * Whole-program layout checks, run once every struct's layout exists: items that read to the end of the
 * body must be last (E0504) and can't be array elements (E0505) or envelope fields (E0704); and each
 * layout's fixed byte size, when it has one (model/wire.ts).
 */
import type * as M from "../model/model.js";
import { layoutConstantSize } from "../model/wire.js";
import type { CheckContext } from "./context.js";

/** Does a value of this type read to the end of whatever encloses it? */
function openEnded(ctx: CheckContext, type: M.TypeModel, active: Set<M.StructModel>): boolean {
  switch (type.kind) {
    case "string":
    case "bytes":
      return type.length.kind === "rest";
    case "array":
      return type.count.kind === "rest" || (type.count.kind !== "fixed" ? false : openEnded(ctx, type.element, active));
    case "struct":
      return type.sizePrefix === undefined && structOpenEnded(ctx, type.struct, active);
    default:
      return false;
  }
}

function structOpenEnded(ctx: CheckContext, struct: M.StructModel, active: Set<M.StructModel>): boolean {
  const record = ctx.structLayouts.get(struct);
  if (!record || active.has(struct)) return false;
  active.add(struct);
  const open = record.model.items.some((item) => item.kind === "field" && !record.bounded.has(item) && openEnded(ctx, item.type, active));
  active.delete(struct);
  return open;
}

/** The first array in a type whose element reads to the end (an error wherever it is). */
function openElement(ctx: CheckContext, type: M.TypeModel): boolean {
  if (type.kind !== "array") return false;
  return openEnded(ctx, type.element, new Set()) || openElement(ctx, type.element);
}

export function checkLayoutShapes(ctx: CheckContext): void {
  for (const record of ctx.layouts) {
    const items = record.model.items;
    items.forEach((item, index) => {
      if (item.kind !== "field" || ctx.poisoned.has(item)) return;
      if (openElement(ctx, item.type)) {
        ctx.diagnostics.error("E0505", `the items of \`${item.name}\` would each read to the end of the body; give the element a size prefix or a length`, item.span);
        return;
      }
      if (record.bounded.has(item) || !openEnded(ctx, item.type, new Set())) return;
      if (record.isEnvelopeHead) {
        ctx.diagnostics.error("E0704", `\`${item.name}\` reads to the end of the body, but the response layout follows the envelope's fields`, item.span);
        return;
      }
      const next = items[index + 1];
      if (next) {
        const following = next.kind === "field" ? `\`${next.name}\`` : "a pad";
        ctx.diagnostics.error("E0504", `\`${item.name}\` reads to the end of the body, so it must be the last item of ${record.what}; ${following} follows it`, item.span);
      }
    });
  }
  // Computed from the items alone (never from another layout's fixedSize), once every struct has its items.
  for (const record of ctx.layouts) record.model.fixedSize = layoutConstantSize(record.model);
  for (const struct of ctx.structLayouts.keys()) struct.fixedSize = layoutConstantSize(struct);
}
