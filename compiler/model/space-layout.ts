/**
 * A Box space's tuple as an ordinary layout, so the code generator writes its encoder and decoder with
 * the same unrolled code as any struct's: the fields in order, each behind its BER length (prefixed
 * values, `string<varint>`, `bytes<varint>`), then — for a long tuple — the tail group repeated to the
 * end of the tuple (`Tail[rest]`). The tuple's cardinality and size prefix are not part of it: the
 * runtime's Box operations write and check those (runtime/box/space).
 */
import type { FieldModel, ProcedureModel, SpaceFieldModel, SpaceModel, StructModel, TypeModel } from "./model.js";
import { layoutConstantSize } from "./wire.js";

export interface SpaceLayouts {
  /** The tuple: the space's fields, then `tail: <Tail>[rest]` when it has a tail. */
  readonly tuple: StructModel;
  /** One repetition of the tail group; undefined when the space has none. */
  readonly tail: StructModel | undefined;
}

/** The property holding a long tuple's repeated group. */
export const TAIL_FIELD = "tail";

const cache = new WeakMap<SpaceModel, SpaceLayouts>();

function field(f: SpaceFieldModel): FieldModel {
  return { kind: "field", name: f.name, doc: f.doc, type: f.type, role: { kind: "value" }, defaultValue: undefined, condition: undefined, span: f.span };
}

function struct(owner: SpaceModel | ProcedureModel, name: string, items: FieldModel[]): StructModel {
  const layout = { items, fixedSize: undefined };
  return { kind: "struct", name, doc: owner.doc, span: owner.span, file: owner.file, recursive: false, items, fixedSize: layoutConstantSize(layout) };
}

/** The layouts of a space's tuple (the same objects on every call, so plans and emitters agree). */
export function spaceLayouts(space: SpaceModel): SpaceLayouts {
  let layouts = cache.get(space);
  if (layouts === undefined) {
    const tail = space.tail.length === 0 ? undefined : struct(space, `${space.name}TailItem`, space.tail.map(field));
    const items = space.fields.map(field);
    if (tail !== undefined) {
      const type: TypeModel = { kind: "array", element: { kind: "struct", struct: tail, sizePrefix: undefined }, count: { kind: "rest" } };
      items.push({ kind: "field", name: TAIL_FIELD, doc: "The repeated tail group, to the end of the tuple.", type, role: { kind: "value" }, defaultValue: undefined, condition: undefined, span: space.span });
    }
    layouts = { tuple: struct(space, `${space.name}Tuple`, items), tail };
    cache.set(space, layouts);
  }
  return layouts;
}

export interface ProcedureLayouts {
  /** The argument tuple (`<Procedure>Args`). */
  readonly args: StructModel;
  /** The result tuple of a procedure declared `returns (…)`; a space's tuple for `returns Space`; undefined without `returns`. */
  readonly result: StructModel | undefined;
}

/** `box.select_by_name` → `BoxSelectByName`: a Lua or schema name as a TypeScript type name. */
export function pascalCase(name: string): string {
  return name.replace(/(?:^|[_.])([a-zA-Z0-9])/g, (_m, c: string) => c.toUpperCase());
}

const procedureCache = new WeakMap<ProcedureModel, ProcedureLayouts>();

/** The layouts of a procedure's argument and result tuples (the same objects on every call). */
export function procedureLayouts(proc: ProcedureModel): ProcedureLayouts {
  let layouts = procedureCache.get(proc);
  if (layouts === undefined) {
    const base = pascalCase(proc.name);
    const r = proc.returns;
    const result = r.kind === "fields" ? struct(proc, `${base}Result`, r.fields.map(field)) : r.kind === "space" ? spaceLayouts(r.space).tuple : undefined;
    layouts = { args: struct(proc, `${base}Args`, proc.args.map(field)), result };
    procedureCache.set(proc, layouts);
  }
  return layouts;
}
