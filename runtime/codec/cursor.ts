/**
 * Decoders return the decoded value and leave the position just past it here: one small mutable object
 * per top-level decode instead of a tuple allocation per field.
 */
import type { TextCache } from "./utf8.js";

export interface DecodeCursor extends TextCache {
  /** Offset just past what the last nested decoder read. */
  pos: number;
  /** Nesting depth of recursive structs, bounded so a hostile body cannot exhaust the stack. */
  depth: number;
}

/** Recursive structs nest at most this deep; deeper bodies fail with a DecodeError. */
export const MAX_DECODE_DEPTH = 512;

const shared: DecodeCursor = { pos: 0, depth: 0, text: "", textOf: undefined, textStart: 0, textEnd: 0, view: undefined };

/**
 * The cursor for a top-level decode. Decoding is synchronous and never calls user code, so one shared
 * cursor, reset here, serves every decode without an allocation.
 */
export function newCursor(): DecodeCursor {
  shared.pos = 0;
  shared.depth = 0;
  // A body's text is valid only within its own decode (the caller may reuse the buffer).
  shared.textOf = undefined;
  shared.text = "";
  shared.view = undefined;
  return shared;
}

/**
 * Arrays whose items may take no bytes (an empty struct, `u8[n]` with n = 0) cannot be bounded by the
 * bytes left; they may claim at most this many items more than there are bytes left.
 */
export const EMPTY_ITEMS_ALLOWANCE = 4096;
