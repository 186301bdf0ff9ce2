/**
 * Tarantool 1.5 error codes (include/errcode.h of 1.5.5-45-g22e4265906), so that a Box ServerError can
 * be named: the reply's return code is (error code << 8) | severity, which ServerError keeps as
 * `returnCode`. Severity 1 is temporary (MR::Tarantool::Box retries it), 2 permanent.
 *
 * The table is the server's own list, unused and reserved slots included, so that a code is never
 * unnamed; the message is the server's printf template, as it fills it into the reply's text.
 */

/** One Tarantool 1.5 error: its severity flag (as errcode.h declares it) and message template. */
export interface BoxErrorInfo {
  readonly code: number;
  readonly name: BoxErrorName;
  /** 0 success, 1 temporary (try again), 2 permanent. */
  readonly severity: 0 | 1 | 2;
  /** The server's printf template for the error text. */
  readonly message: string;
}

type Entry = readonly [code: number, severity: 0 | 1 | 2, message: string];

/** By name: [code, severity, message template]. */
const TABLE = {
  ER_OK: [0, 0, "OK"],
  ER_NONMASTER: [1, 2, "Can't modify data on a replication slave. My master is: %s"],
  ER_ILLEGAL_PARAMS: [2, 2, "Illegal parameters, %s"],
  ER_SECONDARY: [3, 2, "Can't modify data upon a request on the secondary port."],
  ER_TUPLE_IS_RO: [4, 1, "Tuple is marked as read-only"],
  ER_INDEX_TYPE: [5, 2, "Unsupported index type: %s"],
  ER_SPACE_EXISTS: [6, 2, "Space %u already exists"],
  ER_MEMORY_ISSUE: [7, 1, "Failed to allocate %u bytes in %s for %s"],
  ER_UNUSED8: [8, 2, "Unused8"],
  ER_INJECTION: [9, 2, "Error injection '%s'"],
  ER_UNSUPPORTED: [10, 2, "%s does not support %s"],
  ER_RESERVED11: [11, 0, "Reserved11"],
  ER_RESERVED12: [12, 0, "Reserved12"],
  ER_RESERVED13: [13, 0, "Reserved13"],
  ER_RESERVED14: [14, 0, "Reserved14"],
  ER_RESERVED15: [15, 0, "Reserved15"],
  ER_RESERVED16: [16, 0, "Reserved16"],
  ER_RESERVED17: [17, 0, "Reserved17"],
  ER_RESERVED18: [18, 0, "Reserved18"],
  ER_RESERVED19: [19, 0, "Reserved19"],
  ER_RESERVED20: [20, 0, "Reserved20"],
  ER_RESERVED21: [21, 0, "Reserved21"],
  ER_RESERVED22: [22, 0, "Reserved22"],
  ER_RESERVED23: [23, 0, "Reserved23"],
  ER_UNUSED24: [24, 2, "Unused24"],
  ER_UNUSED25: [25, 2, "Unused25"],
  ER_FIBER_STACK: [26, 2, "Can not create a new fiber: recursion limit reached"],
  ER_UNUSED27: [27, 2, "Unused27"],
  ER_UNUSED28: [28, 2, "Unused28"],
  ER_UNUSED29: [29, 2, "Unused29"],
  ER_UNUSED30: [30, 2, "Unused30"],
  ER_UNUSED31: [31, 2, "Unused31"],
  ER_UNUSED32: [32, 2, "Unused32"],
  ER_UNUSED33: [33, 2, "Unused33"],
  ER_UNUSED34: [34, 2, "Unused34"],
  ER_UNUSED35: [35, 2, "Unused35"],
  ER_UNUSED36: [36, 2, "Unused36"],
  ER_UNUSED37: [37, 2, "Unused37"],
  ER_KEY_FIELD_TYPE: [38, 2, "Supplied key field type does not match index type: expected %s"],
  ER_WAL_IO: [39, 2, "Failed to write to disk"],
  ER_FIELD_TYPE: [40, 2, "Field type does not match one required by operation: expected a %s"],
  ER_ARG_TYPE: [41, 2, "Argument type in operation on field %u does not match field type: expected a %s"],
  ER_SPLICE: [42, 2, "Field SPLICE error: %s"],
  ER_TUPLE_IS_TOO_LONG: [43, 2, "Tuple is too long %u"],
  ER_UNKNOWN_UPDATE_OP: [44, 2, "Unknown UPDATE operation"],
  ER_EXACT_MATCH: [45, 2, "Invalid key part count in an exact match (expected %u, got %u)"],
  ER_UNUSED46: [46, 2, "Unused46"],
  ER_KEY_PART_COUNT: [47, 2, "Invalid key part count (expected [0..%u], got %u)"],
  ER_PROC_RET: [48, 2, "Return type '%s' is not supported in the binary protocol"],
  ER_TUPLE_NOT_FOUND: [49, 2, "Tuple doesn't exist in index %u"],
  ER_NO_SUCH_PROC: [50, 2, "Procedure '%.*s' is not defined"],
  ER_PROC_LUA: [51, 2, "Lua error: %s"],
  ER_SPACE_DISABLED: [52, 2, "Space %u is disabled"],
  ER_NO_SUCH_INDEX: [53, 2, "No index #%u is defined in space %u"],
  ER_NO_SUCH_FIELD: [54, 2, "Field %u was not found in the tuple"],
  ER_TUPLE_FOUND: [55, 2, "Duplicate key exists in unique index %u"],
  ER_UPDATE_FIELD: [56, 2, "Field %u UPDATE error: %s"],
  ER_NO_SUCH_SPACE: [57, 2, "Space %u does not exist"],
} as const;
// Checked apart from the declaration, which stays a plain `as const` literal (isolatedDeclarations).
TABLE satisfies Record<string, Entry>;

/** The name of a Tarantool 1.5 error code, e.g. `"ER_TUPLE_FOUND"`. */
export type BoxErrorName = keyof typeof TABLE;

/** Every Tarantool 1.5 error, indexed by code (1.5's codes run from 0 to 57 without a gap). */
export const BOX_ERRORS: readonly BoxErrorInfo[] = (Object.keys(TABLE) as BoxErrorName[])
  .map((name): BoxErrorInfo => {
    const [code, severity, message] = TABLE[name];
    return { code, name, severity, message };
  })
  .sort((a, b) => a.code - b.code);

/** Error codes by name: `BoxErrorCode.ER_TUPLE_FOUND === 55`. */
export const BoxErrorCode = Object.fromEntries(BOX_ERRORS.map((e) => [e.name, e.code])) as {
  readonly [N in BoxErrorName]: (typeof TABLE)[N][0];
};

/** The error code of a Box return code (`ServerError.returnCode`): the bits above the severity byte. */
export function boxErrorCode(returnCode: number): number {
  return returnCode >>> 8;
}

/** The error of a Box return code (`ServerError.returnCode`), or undefined for a code Tarantool 1.5 does not have. */
export function boxErrorInfo(returnCode: number): BoxErrorInfo | undefined {
  const info = BOX_ERRORS[boxErrorCode(returnCode)];
  return info?.code === boxErrorCode(returnCode) ? info : undefined;
}

/** The name of a Box return code (`ServerError.returnCode`): `boxErrorName(0x3702) === "ER_TUPLE_FOUND"`. */
export function boxErrorName(returnCode: number): BoxErrorName | undefined {
  return boxErrorInfo(returnCode)?.name;
}

/**
 * Whether `error` is a server error reply carrying the named Box error (any ServerError-shaped value:
 * `code` "ESERVER" and a numeric `returnCode`).
 */
export function isBoxError(error: unknown, name: BoxErrorName): error is Error & { readonly returnCode: number } {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== "ESERVER") return false;
  const returnCode = (error as { returnCode?: unknown }).returnCode;
  return typeof returnCode === "number" && boxErrorName(returnCode) === name;
}
