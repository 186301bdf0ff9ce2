/**
 * Operators of schema expressions that JavaScript does not give the schema's semantics for free.
 * Schema arithmetic is exact integer arithmetic; division or remainder by zero yields 0 (a condition
 * must never throw while decoding), and shifts by huge amounts are clamped.
 */
export function divNum(a: number, b: number): number {
  return b === 0 ? 0 : Math.trunc(a / b);
}

export function modNum(a: number, b: number): number {
  return b === 0 ? 0 : a % b;
}

export function divBig(a: bigint, b: bigint): bigint {
  return b === 0n ? 0n : a / b;
}

export function modBig(a: bigint, b: bigint): bigint {
  return b === 0n ? 0n : a % b;
}

const SHIFT_LIMIT = 1024n;

function clampShift(b: bigint): bigint {
  return b > SHIFT_LIMIT ? SHIFT_LIMIT : b < -SHIFT_LIMIT ? -SHIFT_LIMIT : b;
}

export function shlBig(a: bigint, b: bigint): bigint {
  return a << clampShift(b);
}

export function shrBig(a: bigint, b: bigint): bigint {
  return a >> clampShift(b);
}
