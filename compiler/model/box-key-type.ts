/** The key type Tarantool 1.5 gives a space field: what index parts, the configuration and MemoryBox use. */
import type { BoxKeyType, SpaceFieldModel } from "./model.js";
import { byteWidth } from "./wire.js";

/** NUM for a 32-bit integer (or an enum or flag set over one), NUM64 for a 64-bit one, STR for strings and bytes; undefined otherwise. */
export function boxKeyType(type: SpaceFieldModel["type"]): BoxKeyType | undefined {
  if (type.kind !== "prefixed") return "STR";
  const v = type.value;
  if (v.kind === "float") return undefined;
  const width = byteWidth(v.kind === "enum" ? v.enum.backing : v.kind === "flags" ? v.flags.backing : v);
  return width === 4 ? "NUM" : width === 8 ? "NUM64" : undefined;
}
