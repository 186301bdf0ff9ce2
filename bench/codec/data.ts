/** The benchmark's values: the same information for every implementation. */
import type { Ten } from "./handwritten.js";

const text = new TextEncoder();

function num(n: number): Uint8Array {
  return Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);
}

export const TEN: Ten = { a: 200, b: -5, c: 60000, d: -3000, e: 4_000_000_000, f: -2_000_000_000, g: 2 ** 40 + 5, h: -(2 ** 40), i: 1.5, j: Math.PI };

/** A realistic 8-field tuple: numbers (4-byte NUM fields) and short strings. */
export function tuple(i: number): Uint8Array[] {
  return [
    num(i),
    text.encode(`user${i}`),
    num(1_700_000_000 + i),
    text.encode(`user${i}@example.com`),
    num(i * 7),
    text.encode("RU"),
    num(42),
    text.encode("a somewhat longer text value"),
  ];
}

export const INSERT = { space: 1, flags: 1, fields: tuple(7) };
export const SELECT_TUPLES = Array.from({ length: 100 }, (_, i) => ({ fields: tuple(i) }));
