/**
 * The spaces of test/box/real/spaces.cfg as SpaceDescriptors, written by hand the way code generated
 * from a schema's `space` declarations hands them over, so MemoryBox and the real server hold the same.
 */
import type { SpaceDescriptor } from "../../../runtime/box/space/types.js";

const field = (name: string, width: number, keyType?: "NUM" | "NUM64" | "STR") => ({ name, width, keyType });

export const SPACES: readonly SpaceDescriptor[] = [
  {
    name: "scores",
    no: 0,
    // (NUM id, STR name, NUM score, tail...): TREE unique on id, TREE non-unique on name.
    fields: [field("id", 4, "NUM"), field("name", 0, "STR"), field("score", 4, "NUM")],
    tail: [field("extra", 0)],
    indexes: [
      { name: "primary", no: 0, kind: "tree", unique: true, parts: [{ field: 0, type: "NUM" }] },
      { name: "by_name", no: 1, kind: "tree", unique: false, parts: [{ field: 1, type: "STR" }] },
    ],
  },
  {
    name: "kv",
    no: 1,
    // (STR key, tail...): HASH unique on key.
    fields: [field("key", 0, "STR")],
    tail: [field("value", 0)],
    indexes: [{ name: "primary", no: 0, kind: "hash", unique: true, parts: [{ field: 0, type: "STR" }] }],
  },
  {
    name: "tags",
    no: 2,
    // (NUM64 user, STR tag, NUM rank, tail...): TREE unique (user, tag), TREE non-unique (rank),
    // TREE non-unique (rank, tag).
    fields: [field("user", 8, "NUM64"), field("tag", 0, "STR"), field("rank", 4, "NUM")],
    tail: [field("extra", 0)],
    indexes: [
      { name: "primary", no: 0, kind: "tree", unique: true, parts: [{ field: 0, type: "NUM64" }, { field: 1, type: "STR" }] },
      { name: "by_rank", no: 1, kind: "tree", unique: false, parts: [{ field: 2, type: "NUM" }] },
      { name: "by_rank_tag", no: 2, kind: "tree", unique: false, parts: [{ field: 2, type: "NUM" }, { field: 1, type: "STR" }] },
    ],
  },
];
