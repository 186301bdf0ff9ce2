/**
 * MR::IProto's ketama ring: 11 points per server, `crc32(host . port . i)` for i in 0..10, looked up
 * with `crc32(key)`: the first point >= the key's hash, else the ring's first point.
 *
 * Perl sorts the points with `cmp`, which compares their decimal text, and then scans that order
 * linearly: "first point >= hash" means first *in string order*, which is neither the nearest point
 * clockwise nor stable as points are added. `ketama` reproduces that exactly (so keys land where a
 * Perl fleet puts them); `ketama-numeric` sorts numerically, the ring as ketama is usually meant.
 */
import { crc32Text } from "./crc32.js";
import type { ServerAddress } from "./servers.js";

export const POINTS_PER_SERVER = 11;

interface Point {
  readonly hash: number;
  readonly server: number;
}

export class KetamaRing {
  /** Points in lookup order (string order in Perl mode, numeric otherwise). */
  private readonly points: readonly Point[];
  /**
   * For binary search: in numeric mode the hashes themselves; in Perl mode the running maximum of the
   * hashes, because the first point in string order whose hash >= h is the first index where that
   * running maximum reaches h.
   */
  private readonly reach: Float64Array;

  constructor(servers: readonly ServerAddress[], perlOrder: boolean) {
    const points: Point[] = [];
    servers.forEach((s, server) => {
      for (let i = 0; i < POINTS_PER_SERVER; i++) points.push({ hash: crc32Text(`${s.host}${s.port}${i}`), server });
    });
    // Array.prototype.sort is stable, as Perl's mergesort is: equal hashes keep server order.
    if (perlOrder) points.sort((a, b) => compareText(String(a.hash), String(b.hash)));
    else points.sort((a, b) => a.hash - b.hash);
    this.points = points;
    this.reach = new Float64Array(points.length);
    let max = 0;
    points.forEach((p, i) => {
      max = Math.max(max, p.hash);
      this.reach[i] = max;
    });
  }

  /** Position in lookup order of the point a key hash lands on (Perl's `_balance_ketama`). */
  position(hash: number): number {
    let lo = 0;
    let hi = this.reach.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.reach[mid]! >= hash) hi = mid;
      else lo = mid + 1;
    }
    return lo === this.reach.length ? 0 : lo;
  }

  serverAt(position: number): number {
    return this.points[position]!.server;
  }

  /**
   * The first server at or after `position`, in lookup order and wrapping, that `isActive` accepts;
   * undefined when none is.
   */
  activeFrom(position: number, isActive: (index: number) => boolean): number | undefined {
    const n = this.points.length;
    for (let k = 0; k < n; k++) {
      const server = this.points[(position + k) % n]!.server;
      if (isActive(server)) return server;
    }
    return undefined;
  }
}

/** Perl's `cmp` on ASCII digit strings: byte order. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
