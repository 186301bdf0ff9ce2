/**
 * Decoders return the decoded value and leave the position just past it here: one small mutable object
 * per top-level decode instead of a tuple allocation per field.
 */
export interface DecodeCursor {
  /** Offset just past what the last nested decoder read. */
  pos: number;
  /** Nesting depth of recursive structs, bounded so a hostile body cannot exhaust the stack. */
  depth: number;
}

/** Recursive structs nest at most this deep; deeper bodies fail with a DecodeError. */
export const MAX_DECODE_DEPTH = 512;

export function newCursor(): DecodeCursor {
  return { pos: 0, depth: 0 };
}
