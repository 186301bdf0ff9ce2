/**
 * Hand-written codecs of two spaces of test/box/real/spaces.cfg, as generated code would write them: the
 * runtime half (runtime/box/space) is tested with these, independently of the emitter.
 *   space 0 Scores = (NUM id, STR name, NUM score, tail of bytes); index 0 TREE (id), index 1 TREE (name)
 *   space 2 Ranks  = (NUM64 user, STR tag, NUM rank); index 0 TREE (user, tag), index 2 TREE (rank, tag)
 */
import {
  badValue,
  checkCardinality,
  readU64LE,
  readUtf8,
  readVarint,
  varintSize,
  writeU64LE,
  writeVarint,
  type DecodeCursor,
  type KeyCodec,
  type TupleCodec,
  type UpdateCodec,
} from "../../../runtime/index.js";

export interface Score {
  id: number;
  name: string;
  score: number;
  tail: Uint8Array[];
}

const enc = new TextEncoder();

function u32At(t: Uint8Array, p: number, v: number): number {
  t[p] = 4;
  t[p + 1] = v;
  t[p + 2] = v >>> 8;
  t[p + 3] = v >>> 16;
  t[p + 4] = v >>> 24;
  return p + 5;
}

function u64At(t: Uint8Array, p: number, v: bigint): number {
  t[p] = 8;
  writeU64LE(t, p + 1, v);
  return p + 9;
}

function bytesAt(t: Uint8Array, p: number, b: Uint8Array): number {
  p = writeVarint(t, p, b.length);
  t.set(b, p);
  return p + b.length;
}

const bytesSize = (b: Uint8Array): number => varintSize(b.length) + b.length;

function field(name: string, body: Uint8Array, p: number, end: number, c: DecodeCursor): [number, number] {
  const n = readVarint(body, p, end, c);
  if (n < 0 || n > end - c.pos) throw badValue(name, "", p, "bad field length");
  return [c.pos, c.pos + n];
}

function u32Field(name: string, body: Uint8Array, p: number, end: number, c: DecodeCursor): number {
  const [s, e] = field(name, body, p, end, c);
  if (e - s !== 4) throw badValue(name, "", p, "length prefix is not 4");
  c.pos = e;
  return (body[s]! | (body[s + 1]! << 8) | (body[s + 2]! << 16) | (body[s + 3]! << 24)) >>> 0;
}

function strField(name: string, body: Uint8Array, p: number, end: number, c: DecodeCursor): string {
  const [s, e] = field(name, body, p, end, c);
  const v = readUtf8(body, s, e);
  if (v === undefined) throw badValue(name, "", s, "invalid UTF-8");
  c.pos = e;
  return v;
}

export const scoresTuple: TupleCodec<Score> = {
  name: "Scores",
  fieldCount: 3,
  tailWidth: 1,
  count: (t) => 3 + t.tail.length,
  size: (t) => 10 + bytesSize(enc.encode(t.name)) + t.tail.reduce((n, b) => n + bytesSize(b), 0),
  write(t, p, v) {
    p = u32At(t, p, v.id);
    p = bytesAt(t, p, enc.encode(v.name));
    p = u32At(t, p, v.score);
    for (const b of v.tail) p = bytesAt(t, p, b);
    return p;
  },
  read(body, p, end, cardinality, c) {
    const tails = checkCardinality(scoresTuple, cardinality, p);
    const id = u32Field("Scores", body, p, end, c);
    const name = strField("Scores", body, c.pos, end, c);
    const score = u32Field("Scores", body, c.pos, end, c);
    const tail: Uint8Array[] = [];
    for (let i = 0; i < tails; i++) {
      const [s, e] = field("Scores", body, c.pos, end, c);
      tail.push(body.slice(s, e));
      c.pos = e;
    }
    return { id, name, score, tail };
  },
};

export const scoresPrimary: KeyCodec<readonly [id: number]> = {
  name: "Scores.primary",
  index: 0,
  parts: 1,
  prefix: true,
  size: () => 5,
  write: (t, p, k) => u32At(t, p, k[0]),
};

export const scoresByName: KeyCodec<readonly [name: string]> = {
  name: "Scores.by_name",
  index: 1,
  parts: 1,
  prefix: true,
  size: (k) => bytesSize(enc.encode(k[0])),
  write: (t, p, k) => bytesAt(t, p, enc.encode(k[0])),
};

/** set/add on `score`, splice on `name`, delete of a field: enough to pin the operation bytes. */
export type ScoresUpdate =
  | { readonly op: "set"; readonly field: "score"; readonly value: number }
  | { readonly op: "add"; readonly field: "score"; readonly value: number }
  | { readonly op: "splice"; readonly field: "name"; readonly offset: number; readonly length: number; readonly text: string }
  | { readonly op: "delete"; readonly field: "tail0" };

const FIELD_NO = { name: 1, score: 2, tail0: 3 } as const;
const OP_CODE = { set: 0, add: 1, splice: 5, delete: 6 } as const;

function argument(u: ScoresUpdate): Uint8Array {
  const t = new Uint8Array(64);
  switch (u.op) {
    case "set":
    case "add":
      return t.subarray(1, u32At(t, 0, u.value));
    case "splice": {
      let p = u32At(t, 0, u.offset);
      p = u32At(t, p, u.length);
      return t.subarray(0, bytesAt(t, p, enc.encode(u.text)));
    }
    case "delete":
      return new Uint8Array(0);
  }
}

export const scoresUpdate: UpdateCodec<ScoresUpdate> = {
  name: "Scores",
  size: (u) => 5 + bytesSize(argument(u)),
  write(t, p, u) {
    t.set([FIELD_NO[u.field], 0, 0, 0, OP_CODE[u.op]], p);
    return bytesAt(t, p + 5, argument(u));
  },
};

export interface Rank {
  user: bigint;
  tag: string;
  rank: number;
  extra: Uint8Array[];
}

export const ranksTuple: TupleCodec<Rank> = {
  name: "Ranks",
  fieldCount: 3,
  tailWidth: 1,
  count: (t) => 3 + t.extra.length,
  size: (t) => 14 + bytesSize(enc.encode(t.tag)) + t.extra.reduce((n, b) => n + bytesSize(b), 0),
  write(t, p, v) {
    p = u64At(t, p, v.user);
    p = bytesAt(t, p, enc.encode(v.tag));
    p = u32At(t, p, v.rank);
    for (const b of v.extra) p = bytesAt(t, p, b);
    return p;
  },
  read(body, p, end, cardinality, c) {
    const tails = checkCardinality(ranksTuple, cardinality, p);
    const [s, e] = field("Ranks", body, p, end, c);
    if (e - s !== 8) throw badValue("Ranks", "user", s, "length prefix is not 8");
    const user = readU64LE(body, s);
    const tag = strField("Ranks", body, e, end, c);
    const rank = u32Field("Ranks", body, c.pos, end, c);
    const extra: Uint8Array[] = [];
    for (let i = 0; i < tails; i++) {
      const [a, b] = field("Ranks", body, c.pos, end, c);
      extra.push(body.slice(a, b));
      c.pos = b;
    }
    return { user, tag, rank, extra };
  },
};

export const ranksPrimary: KeyCodec<readonly [user: bigint, tag?: string]> = {
  name: "Ranks.primary",
  index: 0,
  parts: 2,
  prefix: true,
  size: (k) => 9 + (k[1] === undefined ? 0 : bytesSize(enc.encode(k[1]))),
  write(t, p, k) {
    p = u64At(t, p, k[0]);
    return k[1] === undefined ? p : bytesAt(t, p, enc.encode(k[1]));
  },
};

export const ranksByRankTag: KeyCodec<readonly [rank: number, tag?: string]> = {
  name: "Ranks.by_rank_tag",
  index: 2,
  parts: 2,
  prefix: true,
  size: (k) => 5 + (k[1] === undefined ? 0 : bytesSize(enc.encode(k[1]))),
  write(t, p, k) {
    p = u32At(t, p, k[0]);
    return k[1] === undefined ? p : bytesAt(t, p, enc.encode(k[1]));
  },
};

export const noUpdates: UpdateCodec<never> = { name: "Ranks", size: () => 0, write: (_t, p) => p };
