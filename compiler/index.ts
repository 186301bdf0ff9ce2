/**
 * The public compiler API (`import … from "iprotoc"`): parse and check schemas, format diagnostics.
 * The code generator adds its exports below.
 */
export { parseSchema, type ParsedSchema } from "./parser/parse.js";
export { checkProgram, type CheckResult } from "./checks/program.js";
export type { SourceHost } from "./checks/load.js";
export { fileSystemHost } from "./pipeline/source-host.js";
export { formatDiagnostics, DIAGNOSTIC_FORMATS, type DiagnosticFormat, type FormatOptions } from "./diagnostics/render.js";
export { DIAGNOSTIC_CODES, ALL_CODES, type DiagnosticCode } from "./diagnostics/codes.js";
export { SourceText } from "./diagnostics/source.js";
export type * as Ast from "./ast/ast.js";
export type * from "./model/model.js";
export type { Diagnostic, RelatedInformation, Severity } from "./diagnostics/diagnostic.js";
export type { Position, Span } from "./diagnostics/span.js";
// The code generator.
export { compile, type CompileOptions, type CompileResult, type CompiledFile } from "./pipeline/compile.js";
export type { FieldNaming } from "./model/property-names.js";
export { writeCompiled } from "./pipeline/write-compiled.js";
export { checkCompiled, type StaleReport } from "./pipeline/check-compiled.js";
export { emitProgram, type EmitOptions, type EmitResult, type GeneratedFile } from "./emitter/emit.js";
// Schema evolution: the canonical printer and the wire-compatibility check.
export { formatSchema, type FormatResult } from "./format/format.js";
export { checkBreaking, type BreakingInput, type BreakingOptions, type BreakingResult, type SchemaSide } from "./breaking/breaking.js";
