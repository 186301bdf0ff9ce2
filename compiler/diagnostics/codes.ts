/**
 * Every diagnostic code the compiler can report: the single source of codes. Codes are stable (CI scripts
 * and tests match on them); a code is never reused for a different problem. docs/cli.md lists them all and
 * a test keeps the two in step, and another test requires a broken-schema sample for each.
 *
 * Ranges: E00xx lexical and syntax, E01xx files and imports, E02xx names, E03xx types, E04xx values and
 * expressions, E05xx layouts, E06xx services and messages, E07xx envelopes.
 */
export const DIAGNOSTIC_CODES = {
  // ------------------------------------------------------------------ lexical and syntax
  E0001: "unexpected character",
  E0002: "unterminated string literal",
  E0003: "unterminated block comment",
  E0004: "invalid escape sequence in a string",
  E0005: "invalid integer literal",
  E0006: "expected a different token (`expected X, found Y`)",
  E0007: "unexpected token where a declaration, item or expression should start",
  E0008: "`as` must be followed by `number` or `bigint`",
  E0009: "a length spec's padding must be `space` or `nul`",
  E0010: "`package` or `import` out of place (package first, then imports, then declarations)",
  E0011: "more than one `package` line",
  E0012: "an expression nested too deeply or with too many operators",
  E0013: "too many syntax errors in one file: parsing stopped",
  // ------------------------------------------------------------------ files and imports
  E0101: "a file given to the compiler cannot be read",
  E0102: "an imported file does not exist",
  E0103: "import cycle",
  E0104: "the same file imported twice",
  E0105: "an import outside the import roots (the working directory, the inputs' directories, --import-path)",
  E0106: "a schema or import that is not a regular file, or larger than the size limit",
  E0107: "invalid UTF-8 in a schema",
  E0108: "imports chained deeper than the nesting limit",
  // ------------------------------------------------------------------ names
  E0201: "duplicate declaration",
  E0202: "duplicate field name in a layout",
  E0203: "duplicate enum or flags member name",
  E0204: "duplicate message name in a service",
  E0205: "unknown type",
  E0206: "unknown name in an expression",
  E0207: "ambiguous name: declared by several imported files",
  E0208: "the name is declared, but is not the kind of thing this place needs",
  E0209: "a declaration uses the name of a built-in type",
  E0210: "unknown enum or flags member",
  E0211: "unknown package in a qualified name",
  // ------------------------------------------------------------------ types
  E0301: "`string` or `bytes` without a length spec",
  E0302: "a length spec on a type that takes none",
  E0303: "invalid length or size prefix (must be an integer type or `varint`)",
  E0304: "a fixed length or count that is zero, negative or too large",
  E0305: "padding (`space`/`nul`) on a length that is not fixed",
  E0306: "`as number`/`as bigint` on a type it does not apply to",
  E0307: "invalid array count",
  E0308: "an enum or flags backing type that is not an integer type",
  E0309: "a constant's declared type is not a number type",
  E0310: "`space` padding on `bytes` (only strings are space-padded)",
  // ------------------------------------------------------------------ values and expressions
  E0401: "a constant's value does not fit its declared type",
  E0402: "an enum or flags value does not fit the backing type",
  E0403: "duplicate enum or flags value",
  E0404: "operand of the wrong type in an expression",
  E0405: "a default value does not fit the field",
  E0406: "a default value of the wrong kind, or on a field that cannot have one",
  E0407: "division or remainder by zero in a constant expression",
  E0408: "a constant expression is required",
  E0409: "a constant that depends on itself",
  E0410: "a field that cannot be used in an expression (float, bytes, struct, array)",
  E0411: "a condition that is neither an integer nor a boolean",
  E0412: "constants defined through a chain deeper than the nesting limit",
  // ------------------------------------------------------------------ layouts
  E0501: "a length or count names no field or constant",
  E0502: "a length or count field that is not earlier in the layout",
  E0503: "a length or count field that is not an integer",
  E0504: "an item that reads to the end of the body is not last",
  E0505: "an array element that reads to the end of the body",
  E0506: "`sizeof` names no field of the layout",
  E0507: "`sizeof` names a field that is not later in the layout",
  E0508: "a `sizeof` field that is not an integer",
  E0509: "a field with two roles (length and sizeof), or a field measured by two sizeof fields",
  E0510: "a conditional length or sizeof field whose measured fields have another condition",
  E0511: "a length or sizeof field with a default value",
  E0512: "a condition names a field that is not earlier in the layout",
  E0513: "`request.x` outside a response layout or a message's `retry_when`",
  E0514: "`request.x` names no field of the request",
  E0515: "a `pad` size that is zero, negative or too large",
  E0516: "a struct that always contains itself",
  E0517: "an expression reaches into a struct field (`a.b`)",
  E0518: "`request.x` names a sizeof field, which only the request's encoder computes",
  E0519: "sizes and conditions that read each other in a circle: no encoder can compute them",
  E0520: "structs nested deeper than the nesting limit",
  // ------------------------------------------------------------------ services and messages
  E0601: "duplicate message code in a service",
  E0602: "a message code outside 0..0xffffffff",
  E0603: "`no_reply` message with a response layout",
  E0604: "`no_reply` message with `retry_when` or `envelope`",
  E0605: "a message or service option given twice",
  E0606: "`key` names no field of the request",
  E0607: "`key` names a field that is not an integer, string or bytes (or a path through a non-struct)",
  E0608: "`key` names a conditional field",
  E0609: "a timeout outside 1..2147483647 milliseconds",
  E0610: "`envelope` names no envelope",
  // ------------------------------------------------------------------ envelopes
  E0701: "an envelope without an unconditional integer field `code`",
  E0702: "an error block without an unconditional string field `message`",
  E0703: "envelope items out of order, or an `error if`/`retry_when` given twice",
  E0704: "an envelope field that reads to the end of the body",
  E0705: "an envelope field with neither a default nor a zero value (a struct or an array)",
  E0706: "an `error if` condition that holds for the envelope's success reply",
  E0707: "a length or count in an error block that names a field of the envelope",
  E0708: "an envelope whose success reply the generated encoder can't write, or a decoder would misread",
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export const ALL_CODES: readonly DiagnosticCode[] = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];
