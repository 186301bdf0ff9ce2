/**
 * unique-spaces.cfg as SpaceDescriptors, and seeded random requests over them that collide on every
 * unique index: INSERT with every flag, UPDATE moving keys (SET, ADD, INSERT and DELETE of fields),
 * DELETE, SELECT on every index.
 */
import type { SpaceDescriptor } from "../../../runtime/box/space/types.js";
import { concat, fields, prng, str, u32, u64, type RandomRequest } from "./random-ops.js";

const field = (name: string, width: number, keyType?: "NUM" | "NUM64" | "STR") => ({ name, width, keyType });

export const UNIQUE_SPACES: readonly SpaceDescriptor[] = [
  {
    name: "users",
    no: 0,
    fields: [field("id", 4, "NUM"), field("email", 0, "STR"), field("phone", 8, "NUM64"), field("group", 4, "NUM")],
    tail: [field("extra", 0)],
    indexes: [
      { name: "primary", no: 0, kind: "tree", unique: true, parts: [{ field: 0, type: "NUM" }] },
      { name: "email", no: 1, kind: "tree", unique: true, parts: [{ field: 1, type: "STR" }] },
      { name: "phone", no: 2, kind: "hash", unique: true, parts: [{ field: 2, type: "NUM64" }] },
      { name: "group", no: 3, kind: "tree", unique: false, parts: [{ field: 3, type: "NUM" }] },
    ],
  },
  {
    name: "docs",
    no: 1,
    fields: [field("id", 4, "NUM"), field("name", 0, "STR"), field("version", 4, "NUM")],
    tail: [field("extra", 0)],
    indexes: [
      { name: "primary", no: 0, kind: "hash", unique: true, parts: [{ field: 0, type: "NUM" }] },
      { name: "name_version", no: 1, kind: "tree", unique: true, parts: [{ field: 1, type: "STR" }, { field: 2, type: "NUM" }] },
    ],
  },
];

/** The ids requests use: space 1's HASH primary index is emptied and compared by them. */
export const UNIQUE_IDS = [0, 1, 2, 3, 4, 5];

export function randomUniqueRequests(seed: number, count: number): RandomRequest[] {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => rnd() < p;
  const id = () => u32(pick(UNIQUE_IDS));
  const name = () => str(pick(["a", "b", "c", "ab"]));
  const small = () => u32(int(3));
  const phone = () => (chance(0.05) ? u32(int(4)) : u64(BigInt(int(4))));
  const extra = () => Array.from({ length: int(2) }, () => str("x"));
  const tuple = (space: number) => (space === 0 ? [id(), name(), phone(), small(), ...extra()] : [id(), name(), small(), ...extra()]);
  const value = (space: number, f: number): Uint8Array =>
    f === 0 ? id() : f === 1 ? name() : f === 2 ? (space === 0 ? phone() : small()) : chance(0.5) ? small() : str("x");

  const requests: RandomRequest[] = [];
  for (let i = 0; i < count; i++) {
    const s = int(2);
    const roll = rnd();
    if (roll < 0.4) {
      const flags = int(8);
      requests.push({ msg: 13, what: `INSERT space ${s} flags ${flags}`, data: concat([u32(s), u32(flags), fields(tuple(s))]) });
    } else if (roll < 0.65) {
      // At most one DELETE of a field per UPDATE: the smallest tuple has 3 fields (see random-ops.ts on
      // the server's crash when every field goes).
      const ops = Array.from({ length: 1 + int(2) }, (_, k) => {
        const f = int(s === 0 ? 5 : 4);
        const code = pick([0, 0, 0, 1, 7, k === 0 ? 6 : 0]);
        const arg = code === 1 ? u32(pick([1, 0xffffffff])) : code === 6 ? new Uint8Array(0) : value(s, f);
        return concat([u32(f), new Uint8Array([code]), fields([arg]).slice(4)]);
      });
      requests.push({ msg: 19, what: `UPDATE space ${s} ops ${ops.length}`, data: concat([u32(s), u32(1), fields([id()]), u32(ops.length), ...ops]) });
    } else if (roll < 0.75) {
      requests.push({ msg: 21, what: `DELETE space ${s}`, data: concat([u32(s), u32(1), fields([id()])]) });
    } else {
      const index = int(s === 0 ? 4 : 2);
      const desc = UNIQUE_SPACES[s]!.indexes[index]!;
      let key = desc.parts.map((p) => value(s, p.field));
      if (desc.kind === "tree" && chance(0.3)) key = key.slice(0, int(key.length + 1));
      const limit = pick([0xffffffff, 1, 2]);
      requests.push({
        msg: 17,
        what: `SELECT space ${s} index ${index}`,
        data: concat([u32(s), u32(index), u32(0), u32(limit), u32(1), fields(key)]),
        select: { space: s, index, offset: 0, limit },
      });
    }
  }
  return requests;
}
