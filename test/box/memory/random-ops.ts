/**
 * Seeded random Box requests over the spaces of spaces.ts, as raw iproto bodies: small key universes so
 * that keys collide (duplicates, replaces, non-unique runs), and a share of deliberately bad requests —
 * wrong key part counts and sizes, bad field numbers and argument sizes in UPDATE, tuples whose indexed
 * fields have the wrong size, spaces and indexes that do not exist, unknown UPDATE op codes, and
 * bodies cut short or with trailing bytes.
 */

import { seeded } from "../../support/seeded.js";

/** The suite's seeded generator (mulberry32): the same sequence for a seed everywhere. */
export const prng = seeded;

export interface RandomRequest {
  readonly msg: number;
  readonly data: Uint8Array;
  /** What it is, for a failure message. */
  readonly what: string;
  /** For SELECT: the space and index (to compare ties in non-unique indexes as sets). */
  readonly select?: { readonly space: number; readonly index: number; readonly offset: number; readonly limit: number };
}

export const u32 = (n: number): Uint8Array => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, true);
  return b;
};
export const u64 = (n: bigint): Uint8Array => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, n), true);
  return b;
};
export const str = (s: string): Uint8Array => new TextEncoder().encode(s);

function ber(n: number): number[] {
  const out = [n & 0x7f];
  for (n = Math.floor(n / 128); n > 0; n = Math.floor(n / 128)) out.unshift((n & 0x7f) | 0x80);
  return out;
}

export const field = (b: Uint8Array): Uint8Array => concat([new Uint8Array(ber(b.length)), b]);
export const fields = (fs: readonly Uint8Array[]): Uint8Array => concat([u32(fs.length), ...fs.map(field)]);

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let p = 0;
  for (const part of parts) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}

/** STR keys and names: few, so that they collide; the only keys space 1 (HASH) ever holds. */
export const NAMES = ["a", "b", "ab", "", "zz", "b\u0000", "ba", "\u00ff"];
const names = NAMES;

export function randomRequests(seed: number, count: number): RandomRequest[] {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => rnd() < p;

  const ids = () => u32(chance(0.05) ? 0xffffffff : int(12));
  const users = [0n, 1n, 2n, 0x100000000n, 0x8000000000000000n, 0xffffffffffffffffn];
  const user = () => (chance(0.1) ? u32(int(3)) : u64(pick(users)));
  const rank = () => u32(int(5));
  const blob = () => str(pick(["", "x", "yy", "hello", "\u0001\u0002\u0003\u0004"]));
  const numberish = () => pick([u32(int(1000)), u32(0xffffffff), u64(BigInt(int(1000))), u64(-1n), str("ab"), new Uint8Array(0)]);
  const tail = () => Array.from({ length: int(3) }, () => (chance(0.5) ? numberish() : blob()));
  /** Indexed fields of a wrong size now and then. */
  const badNum = (good: Uint8Array) => (chance(0.04) ? pick([str("abc"), u64(1n), new Uint8Array(0)]) : good);

  const tuple = (space: number): Uint8Array[] => {
    let t: Uint8Array[];
    if (space === 0) t = [badNum(ids()), str(pick(names)), chance(0.5) ? u32(int(100)) : numberish(), ...tail()];
    else if (space === 1) t = [str(pick(names)), ...tail()];
    else t = [chance(0.05) ? u32(1) : user(), str(pick(names)), badNum(rank()), ...tail()];
    if (chance(0.03)) t = t.slice(0, int(t.length));
    return t;
  };
  /** A primary key: right most of the time, a wrong part count or size now and then. */
  const primaryKey = (space: number): Uint8Array[] => {
    let k: Uint8Array[] = space === 0 ? [badNum(ids())] : space === 1 ? [str(pick(names))] : [user(), str(pick(names))];
    if (chance(0.05)) k = chance(0.5) ? k.slice(0, k.length - 1) : [...k, str("x")];
    return k;
  };
  const searchKey = (space: number, index: number): Uint8Array[] => {
    let k: Uint8Array[];
    if (space === 0) k = index === 0 ? [badNum(ids())] : [str(pick(names))];
    else if (space === 1) k = [str(pick(names))];
    else if (index === 0) k = [user(), str(pick(names))];
    else if (index === 1) k = [badNum(rank())];
    else k = [badNum(rank()), str(pick(names))];
    // TREE indexes take prefixes, empty included (everything); too many parts is an error.
    if (chance(0.2)) k = k.slice(0, int(k.length + 1));
    if (chance(0.03)) k = [...k, u32(0)];
    return k;
  };
  const space = () => (chance(0.02) ? 7 : int(3));
  const indexes = [2, 1, 3];

  /**
   * Tarantool 1.5.5 crashes (abort or segfault) on an UPDATE that deletes every field of a tuple: its
   * field-number check underflows on an empty tuple. So an UPDATE deletes fewer fields than the
   * smallest tuple of its space has (space 0: 2, space 1: 1, space 2: 3).
   */
  const MAX_DELETES = [1, 0, 2];
  const updateOp = (space: number, deletes: { n: number }): Uint8Array => {
    const fieldNo = chance(0.9) ? int(5) : pick([6, 9, 100]);
    let code = chance(0.03) ? pick([10, 11, 200]) : int(8);
    if (code === 6 && deletes.n++ >= (MAX_DELETES[space] ?? 0)) code = 0;
    let arg: Uint8Array;
    if (code === 0 || code === 7) arg = chance(0.5) ? numberish() : blob();
    else if (code >= 1 && code <= 4) arg = pick([u32(int(10)), u32(0xffffffff), u64(BigInt(int(10))), u64(-1n), str("ab")]);
    else if (code === 5) {
      const offset = pick([0, 1, 2, -1, -3, 100, -100, -100, -50]);
      const length = pick([0, 1, 2, -1, -2, 100]);
      arg = concat([field(chance(0.05) ? str("ab") : u32(offset)), field(u32(length)), field(blob())]);
      if (chance(0.05)) arg = arg.slice(0, int(arg.length));
    } else arg = new Uint8Array(0);
    return concat([u32(fieldNo), new Uint8Array([code]), field(arg)]);
  };

  const requests: RandomRequest[] = [];
  for (let i = 0; i < count; i++) {
    const roll = rnd();
    const s = space();
    if (roll < 0.35) {
      const flags = int(8);
      requests.push({ msg: 13, what: `INSERT space ${s} flags ${flags}`, data: concat([u32(s), u32(flags), fields(tuple(s))]) });
    } else if (roll < 0.65) {
      const index = chance(0.03) ? 4 : int(indexes[s] ?? 1);
      const offset = chance(0.7) ? 0 : int(4);
      const limit = pick([0xffffffff, 0xffffffff, 100, 0, 1, 2, 3]);
      const keys = Array.from({ length: 1 + int(3) }, () => fields(searchKey(s, index)));
      requests.push({
        msg: 17,
        what: `SELECT space ${s} index ${index} offset ${offset} limit ${limit} keys ${keys.length}`,
        data: concat([u32(s), u32(index), u32(offset), u32(limit), u32(keys.length), ...keys]),
        select: { space: s, index, offset, limit },
      });
    } else if (roll < 0.85) {
      const flags = int(2);
      const deletes = { n: 0 };
      const ops = Array.from({ length: chance(0.02) ? 0 : 1 + int(3) }, () => updateOp(s, deletes));
      requests.push({ msg: 19, what: `UPDATE space ${s} ops ${ops.length}`, data: concat([u32(s), u32(flags), fields(primaryKey(s)), u32(ops.length), ...ops]) });
    } else if (roll < 0.98) {
      const old = chance(0.3);
      const flags = int(2);
      const body = old ? concat([u32(s), fields(primaryKey(s))]) : concat([u32(s), u32(flags), fields(primaryKey(s))]);
      requests.push({ msg: old ? 20 : 21, what: `DELETE${old ? " (20)" : ""} space ${s}`, data: body });
    } else if (chance(0.6)) {
      requests.push({ msg: 0xff00, what: "PING", data: new Uint8Array(0) });
    } else if (chance(0.5)) {
      // A procedure the server's init.lua does not define (MemoryBox has none).
      requests.push({ msg: 22, what: "CALL", data: concat([u32(0), field(str("no_such_proc")), fields([str("x")])]) });
    } else {
      requests.push({ msg: pick([1, 14, 99, 0xff01]), what: "an unknown message code", data: u32(0) });
    }
  }
  // Malformed bodies: a share of the requests cut short or given trailing bytes.
  return requests.map((r) => {
    if (r.msg === 0xff00 || !chance(0.06)) return r;
    if (chance(0.5)) return { ...r, what: `${r.what}, cut to ${r.data.length}`, data: r.data.slice(0, int(r.data.length)) };
    return { ...r, what: `${r.what}, trailing bytes`, data: concat([r.data, new Uint8Array(1 + int(4)).fill(int(256))]) };
  });
}
