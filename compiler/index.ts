/**
 * The public compiler API (`import … from "iprotoc"`): parse and check schemas, format diagnostics.
 * The code generator adds its exports below.
 */
export { parseSchema, type ParsedSchema } from "./parser/parse.js";
export type * as Ast from "./ast/ast.js";
export type * from "./model/model.js";
export type { Diagnostic, RelatedInformation, Severity } from "./diagnostics/diagnostic.js";
export type { Position, Span } from "./diagnostics/span.js";
export { DIAGNOSTIC_CODES, type DiagnosticCode } from "./diagnostics/codes.js";
