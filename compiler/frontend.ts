/**
 * The front end's entry points: `analyze` checks a set of schema files (and everything they import) into
 * the resolved ProgramModel; `parseSchema` turns one file's text into its AST (for tools such as a
 * formatter). Neither throws for any input; problems come back as diagnostics.
 */
import { readFileSync } from "node:fs";
import { checkProgram } from "./checks/program.js";
import type { SourceHost } from "./checks/load.js";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import type { ProgramModel } from "./model/model.js";

export { parseSchema, type ParsedSchema } from "./parser/parse.js";
export { normalizePath, type SourceHost } from "./checks/load.js";

/** Reads files from disk; anything unreadable (missing, a directory, no permission) is "not there". */
export const fileSystemHost: SourceHost = {
  readFile(path: string): string | undefined {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
};

export interface AnalyzeResult {
  /** The checked program; undefined when any diagnostic is an error. */
  readonly program: ProgramModel | undefined;
  /** Every problem found, sorted by file (imports first) and position. */
  readonly diagnostics: Diagnostic[];
  /** The text of every file read, by normalized path (for formatDiagnostics' code frames). */
  readonly sources: ReadonlyMap<string, string>;
}

export function analyze(entryPaths: readonly string[], host: SourceHost = fileSystemHost): AnalyzeResult {
  return checkProgram(entryPaths, host);
}
