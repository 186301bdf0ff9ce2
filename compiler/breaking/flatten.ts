/**
 * Layouts as byte-level sequences. A struct written in place, unconditionally and without a size, is
 * nothing on the wire but its fields, so it is flattened into the layout that uses it: `a: u32; b: u32;`
 * and `p: Point` (Point = `a: u32; b: u32;`) are the same sequence. What has its own boundary stays one
 * item (a *leaf*) whose inside is compared as a nested sequence: arrays, size-prefixed structs, conditional
 * structs, and fields bounded by a `sizeof` field.
 */
import type * as M from "../model/model.js";

/** The declaration a leaf is written in, when it is not the message's own layout. */
export type Container =
  | { readonly kind: "struct"; readonly decl: M.StructModel }
  | { readonly kind: "envelope"; readonly decl: M.EnvelopeModel }
  | { readonly kind: "enum" | "flags"; readonly decl: M.EnumModel | M.FlagsModel };

export interface Leaf {
  readonly item: M.FieldModel | M.PadModel;
  /**
   * The fields from the layout's root down to the leaf, through flattened structs (`tuple`, `cardinality`);
   * for a pad, the fields of the structs around it.
   */
  readonly path: readonly M.FieldModel[];
  readonly container: Container | undefined;
  /** The container of the whole sequence (where `path[0]` is declared). */
  readonly root: Container | undefined;
  /** The field's byte size is given by a `sizeof` field: its content ends at a known boundary. */
  readonly bounded: boolean;
}

export function flatten(items: readonly M.LayoutItem[], container: Container | undefined): Leaf[] {
  return flattenInto(items, container, [], container);
}

function flattenInto(
  items: readonly M.LayoutItem[],
  container: Container | undefined,
  path: readonly M.FieldModel[],
  root: Container | undefined,
): Leaf[] {
  const bounded = new Set<M.FieldModel>();
  for (const item of items) if (item.kind === "field" && item.role.kind === "sizeof") bounded.add(item.role.target);
  const out: Leaf[] = [];
  for (const item of items) {
    if (item.kind === "pad") {
      out.push({ item, path, container, root, bounded: false });
      continue;
    }
    const t = item.type;
    if (t.kind === "struct" && t.sizePrefix === undefined && item.condition === undefined && !bounded.has(item)) {
      out.push(...flattenInto(t.struct.items, { kind: "struct", decl: t.struct }, [...path, item], root));
    } else {
      out.push({ item, path: [...path, item], container, root, bounded: bounded.has(item) });
    }
  }
  return out;
}

/**
 * The flattened struct field at `depth` of a leaf's path as a leaf of its own: how a struct written in
 * place on one side is compared with the same field kept whole (size-prefixed, conditional) on the other.
 */
export function groupLeaf(leaf: Leaf, depth: number): Leaf | undefined {
  const field = leaf.path[depth];
  const nestedBelow = leaf.item.kind === "pad" ? depth < leaf.path.length : depth < leaf.path.length - 1;
  if (!field || !nestedBelow) return undefined;
  const outer = leaf.path[depth - 1];
  const container: Container | undefined =
    depth === 0 ? leaf.root : outer?.type.kind === "struct" ? { kind: "struct", decl: outer.type.struct } : leaf.root;
  return { item: field, path: leaf.path.slice(0, depth + 1), container, root: leaf.root, bounded: false };
}

/** The leaf's name for alignment: its path (`tuple.cardinality`), or undefined for a pad. */
export function leafKey(leaf: Leaf): string | undefined {
  return leaf.item.kind === "pad" ? undefined : leaf.path.map((f) => f.name).join(".");
}

/**
 * `field \`tuple.cardinality\`` or `3-byte padding`, for messages. A leaf inside a struct or envelope is
 * named as that declaration names it, so a change in a shared struct reads the same from every use.
 */
export function leafName(leaf: Leaf): string {
  if (leaf.item.kind === "pad") return `${leaf.item.size}-byte padding`;
  return `field \`${leaf.container ? leaf.item.name : leaf.path.map((f) => f.name).join(".")}\``;
}

/** Where a leaf is: its struct or envelope, or else the given body. */
export function placeOf(leaf: Leaf, body: string): string {
  return leaf.container ? `${leaf.container.kind} \`${leaf.container.decl.name}\`` : body;
}
