/**
 * `iprotoc breaking` without the command line: check both versions of the schemas, then compare their
 * resolved models. Schema errors on either side are returned instead of findings (a broken schema cannot
 * be compared). Old and new files must have different paths (the old side is read from a directory or
 * named `ref:path`), so every location in a finding names one file.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceHost } from "../checks/load.js";
import { checkProgram } from "../checks/program.js";
import { compareProgramModels } from "./compare-program.js";
import type { BreakingOptions } from "./context.js";
import { applyIgnores, NO_IGNORES, type BreakingIgnores } from "./ignore.js";

export type { BreakingOptions } from "./context.js";
export type { BreakingIgnores, IgnoreEntry } from "./ignore.js";

export interface SchemaSide {
  /** Entry files (their imports are loaded through the host). */
  readonly paths: readonly string[];
  readonly host: SourceHost;
}

export interface BreakingInput {
  readonly old: SchemaSide;
  readonly neu: SchemaSide;
  readonly options: BreakingOptions;
  /** The new path of an old file, to place findings about things removed with their file. */
  readonly newPathOf?: (oldPath: string) => string | undefined;
  /** Findings accepted by configuration (compiler/breaking/ignore.ts); `iprotoc:ignore-breaking` comments always count. */
  readonly ignores?: BreakingIgnores;
}

export interface BreakingResult {
  /** Breaking findings (errors), behaviour warnings, or — when `schemaErrors` — the schemas' diagnostics. */
  readonly diagnostics: readonly Diagnostic[];
  readonly schemaErrors: boolean;
  /** The text of every file read on either side, by path (for the code frames of text output). */
  readonly sources: ReadonlyMap<string, string>;
  /** Findings accepted by an ignore (configured or a comment): not in `diagnostics`, and they do not fail. */
  readonly ignored: readonly Diagnostic[];
}

export function checkBreaking(input: BreakingInput): BreakingResult {
  const neu = checkProgram(input.neu.paths, input.neu.host);
  const old = input.old.paths.length > 0 ? checkProgram(input.old.paths, input.old.host) : { program: { files: [] }, diagnostics: [], sources: new Map() };
  const sources = new Map([...old.sources, ...neu.sources]);
  if (!neu.program || !old.program) {
    return { diagnostics: [...old.diagnostics, ...neu.diagnostics].filter((d) => d.severity === "error"), schemaErrors: true, sources, ignored: [] };
  }
  const findings = compareProgramModels(old.program, neu.program, input.options, input.newPathOf);
  const { kept, ignored } = applyIgnores(findings, neu.program, neu.sources, input.ignores ?? NO_IGNORES);
  return { diagnostics: kept, schemaErrors: false, sources, ignored };
}
