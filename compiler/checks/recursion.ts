/**
 * Recursive structs. A struct may contain itself only through something that can end the recursion: an
 * array whose count is not fixed (it can be empty) or a conditional field. A cycle of structs that always
 * contain each other can never be encoded (E0516). Sets `recursive` on every struct that reaches itself.
 */
import type * as M from "../model/model.js";
import type { CheckContext } from "./context.js";

interface Edge {
  readonly to: M.StructModel;
  readonly field: M.FieldModel;
  /** Something on the way can end the recursion. */
  readonly bounded: boolean;
}

export function edgesOf(struct: M.StructModel): Edge[] {
  const edges: Edge[] = [];
  const walk = (field: M.FieldModel, type: M.TypeModel, bounded: boolean): void => {
    if (type.kind === "array") walk(field, type.element, bounded || type.count.kind !== "fixed");
    else if (type.kind === "struct") edges.push({ to: type.struct, field, bounded });
  };
  for (const item of struct.items) if (item.kind === "field") walk(item, item.type, item.condition !== undefined);
  return edges;
}

/** Strongly connected components (Tarjan), each in discovery order. */
function components(nodes: readonly M.StructModel[], next: (s: M.StructModel) => M.StructModel[]): M.StructModel[][] {
  const index = new Map<M.StructModel, number>();
  const low = new Map<M.StructModel, number>();
  const stack: M.StructModel[] = [];
  const onStack = new Set<M.StructModel>();
  const result: M.StructModel[][] = [];
  let counter = 0;
  const connect = (v: M.StructModel): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: M.StructModel[] = [];
      let w: M.StructModel | undefined;
      do {
        w = stack.pop();
        if (w) {
          onStack.delete(w);
          component.push(w);
        }
      } while (w && w !== v);
      result.push(component.reverse());
    }
  };
  for (const node of nodes) if (!index.has(node)) connect(node);
  return result;
}

export function checkRecursion(ctx: CheckContext): void {
  const structs = [...ctx.structLayouts.keys()];
  const edges = new Map(structs.map((s) => [s, edgesOf(s)] as const));
  const all = (s: M.StructModel) => (edges.get(s) ?? []).map((e) => e.to);
  const unbounded = (s: M.StructModel) => (edges.get(s) ?? []).filter((e) => !e.bounded).map((e) => e.to);

  const recursive = new Set<M.StructModel>();
  for (const component of components(structs, all)) {
    const first = component[0];
    const cyclic = component.length > 1 || (first !== undefined && all(first).includes(first));
    if (cyclic) for (const s of component) recursive.add(s);
  }
  for (const struct of structs) struct.recursive = recursive.has(struct);

  for (const component of components(structs, unbounded)) {
    const first = component[0];
    if (!first || !(component.length > 1 || unbounded(first).includes(first))) continue;
    const members = new Set(component);
    const path = cyclePath(first, members, edges);
    const shown = [...path.map((e) => `${structOf(e, edges)?.name ?? "?"}.${e.field.name}`), first.name].join(" → ");
    ctx.diagnostics.error(
      "E0516",
      `struct \`${first.name}\` always contains itself (${shown}); make the recursive field conditional or an array with a count`,
      path[0]?.field.span ?? first.span,
    );
  }
}

/** The shortest path of unbounded edges from `start` back to itself within its component. */
function cyclePath(start: M.StructModel, members: ReadonlySet<M.StructModel>, edges: ReadonlyMap<M.StructModel, Edge[]>): Edge[] {
  const previous = new Map<M.StructModel, Edge>();
  const queue: M.StructModel[] = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    if (!v) break;
    for (const e of edges.get(v) ?? []) {
      if (e.bounded || !members.has(e.to) || previous.has(e.to)) continue;
      previous.set(e.to, e);
      if (e.to === start) {
        const path: Edge[] = [];
        let at: M.StructModel = start;
        do {
          const edge = previous.get(at);
          if (!edge) break;
          path.unshift(edge);
          at = structOf(edge, edges) ?? start;
        } while (at !== start);
        return path;
      }
      queue.push(e.to);
    }
  }
  return [];
}

/** The struct an edge leaves from. */
function structOf(edge: Edge, edges: ReadonlyMap<M.StructModel, Edge[]>): M.StructModel | undefined {
  for (const [s, list] of edges) if (list.includes(edge)) return s;
  return undefined;
}
