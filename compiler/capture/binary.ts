/**
 * Fixed-width integer reads. Callers check bounds first (every format reader compares lengths before
 * reading), so these stay plain; reading past the end would give NaN-free garbage, never an exception.
 */
export function u16(data: Uint8Array, offset: number, littleEndian: boolean): number {
  const a = data[offset] ?? 0;
  const b = data[offset + 1] ?? 0;
  return littleEndian ? a | (b << 8) : (a << 8) | b;
}

export function u32(data: Uint8Array, offset: number, littleEndian: boolean): number {
  const a = data[offset] ?? 0;
  const b = data[offset + 1] ?? 0;
  const c = data[offset + 2] ?? 0;
  const d = data[offset + 3] ?? 0;
  return (littleEndian ? a | (b << 8) | (c << 16) | (d << 24) : (a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

export const u16be = (data: Uint8Array, offset: number): number => u16(data, offset, false);
export const u32be = (data: Uint8Array, offset: number): number => u32(data, offset, false);
