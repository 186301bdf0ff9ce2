/**
 * What one process keeps between the runs of a command (`--watch`, watch.ts): the parses of the schemas
 * it read, and per output directory the generated code of the messages (emitter/file/emit-cache.ts). A run
 * after an edit then parses the edited files and prints the edited messages only.
 */
import type { ParseCache } from "../../checks/load.js";
import type { EmitCache } from "../../emitter/file/emit-cache.js";

export interface CompileSession {
  readonly parses: ParseCache;
  /** By absolute output directory. */
  readonly emitCaches: Map<string, EmitCache>;
  /**
   * Saving the caches to their files, by file: done once, when watching stops, rather than after every
   * run — a run after an edit should cost what the edit changed, not a rewrite of megabytes of cache.
   */
  readonly saves: Map<string, () => void>;
}

export function newSession(): CompileSession {
  return { parses: new Map(), emitCaches: new Map(), saves: new Map() };
}

/** Saves what the session's runs left in their caches. */
export function saveSession(session: CompileSession): void {
  for (const save of session.saves.values()) save();
  session.saves.clear();
}
