/** A space's `SpaceDescriptor` (runtime/box/space/types.ts) as a literal: what MemoryBox and tools read. */
import { boxKeyType } from "../../model/box-key-type.js";
import type { SpaceFieldModel, SpaceModel } from "../../model/model.js";
import { fixedWidth, prefixedValueWidth } from "../../model/wire.js";
import type { DeclEnv } from "./decl-env.js";

/** The field's key type, as the docs and the descriptor write it (`-` when it can't be a key part). */
export function keyTypeOf(field: SpaceFieldModel): string {
  return boxKeyType(field.type) ?? "-";
}

function field(f: SpaceFieldModel, env: DeclEnv): string {
  const width = f.type.kind === "prefixed" && fixedWidth(f.type) !== undefined ? prefixedValueWidth(f.type) : 0;
  const key = boxKeyType(f.type);
  return `{ name: ${JSON.stringify(env.prop(f.name))}, width: ${width}, keyType: ${key === undefined ? "undefined" : JSON.stringify(key)} }`;
}

export function spaceDescriptor(space: SpaceModel, env: DeclEnv): string {
  const indexes = space.indexes.map(
    (i) =>
      `{ name: ${JSON.stringify(i.name)}, no: ${i.no}, kind: "${i.kind}", unique: ${i.unique}, parts: [${i.parts.map((p) => `{ field: ${p.field.no}, type: "${p.type}" }`).join(", ")}] }`,
  );
  return `{
    name: ${JSON.stringify(space.name)},
    no: ${space.no},
    fields: [${space.fields.map((f) => field(f, env)).join(", ")}],
    tail: [${space.tail.map((f) => field(f, env)).join(", ")}],
    indexes: [${indexes.join(", ")}],
  }`;
}
