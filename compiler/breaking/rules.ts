/**
 * Every rule `iprotoc breaking` reports: the single source of rule codes. Codes are stable (CI scripts
 * match on them) and never reused. docs/cli.md lists them; a test keeps the two in step.
 *
 * Ranges: B00x messages and services, B01x a field's wire type, B02x the shape of a layout, B03x struct
 * and envelope uses, B05x behaviour that is not wire layout (warnings), B06x enum and flags values,
 * B07x renames (reported only with `--strict-names`), B08x Box spaces (stored tuples and indexes) and stored procedures.
 */
export const BREAKING_RULES = {
  B001: "a message was removed",
  B002: "a message's code changed",
  B003: "a message's code is reused by another message",
  B004: "a service was removed",
  B005: "`no_reply` added or removed",
  B006: "a message's response envelope added or removed",
  B010: "a field's type changed to another kind of value",
  B011: "an integer's or float's width changed",
  B012: "an integer's signedness changed",
  B013: "an integer's or float's byte order changed",
  B014: "a length, count or size prefix changed (its type, or added or removed)",
  B015: "a string, bytes or array length form changed (fixed, prefix, field, nul, rest, or fixed padding)",
  B016: "a fixed length, count or pad size changed",
  B017: "a length, count or sizeof relation changed (which field measures which)",
  B018: "a field's condition added, removed or changed",
  B021: "a field inserted before the end of a layout",
  B022: "a field removed",
  B023: "fields reordered",
  B024: "a field appended at the end of a layout whose old readers reject trailing bytes",
  B025: "fields appended to both the request and the response of a message (no safe upgrade order)",
  B030: "a message's layout changed through a struct it uses",
  B031: "an envelope's `error if` condition changed",
  B050: "`retry` removed from a message (warning)",
  B051: "a `retry_when` condition added, removed or changed (warning)",
  B052: "a message's balancing key changed (warning)",
  B060: "an enum or flags member removed",
  B061: "an enum or flags member's value changed",
  B070: "a field renamed (with --strict-names)",
  B071: "a message renamed (with --strict-names)",
  B072: "a service renamed (with --strict-names)",
  B073: "a struct, enum, flags or envelope used by a message renamed (with --strict-names)",
  B074: "an enum or flags member renamed (with --strict-names)",
  B080: "a Box space was removed",
  B081: "a Box space's number changed",
  B082: "a space field's type changed (stored tuples hold the old value)",
  B083: "space fields added, removed or reordered (stored tuples keep the old positions)",
  B084: "an index removed, or its kind, uniqueness or parts changed",
  B085: "a Box stored procedure was removed",
  B086: "a procedure's arguments changed: one added, removed, reordered or of another type",
  B087: "a procedure's result tuples changed: removed, or their fields of other types, added, removed or reordered",
} as const;

export type BreakingRule = keyof typeof BREAKING_RULES;

export const ALL_BREAKING_RULES: readonly BreakingRule[] = Object.keys(BREAKING_RULES) as BreakingRule[];

/** Rules about behaviour rather than bytes: reported as warnings, which do not fail the command. */
export const WARNING_RULES: ReadonlySet<BreakingRule> = new Set<BreakingRule>(["B050", "B051", "B052"]);
