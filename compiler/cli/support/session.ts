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
}

export function newSession(): CompileSession {
  return { parses: new Map(), emitCaches: new Map() };
}
