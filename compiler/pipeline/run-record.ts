/**
 * What a `generate` run read and wrote, so that the next run can tell, without parsing anything, that
 * nothing it depends on changed and the output directory still holds what it wrote: then it writes
 * nothing and says so (a build script that runs `iprotoc` every time pays for start-up and a few hashes,
 * not for a compile). Kept beside the emit cache (emit-cache-file.ts), under the same rules: only an
 * optimisation, ignored when unreadable, malformed or written by another build of the compiler.
 *
 * The front end reads schemas only through its SourceHost, and resolves an import to exactly one path, so
 * the files it read — and the answers it got, text or "missing" or "refused" — are everything the program
 * depends on besides the entry files and the options. A run is recorded only when it reported nothing at
 * all (a warning would have to be shown again).
 */
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { SourceHost } from "../checks/load.js";
import { cacheFileFor } from "./emit-cache-file.js";
import { readRecordFile, writeRecordFile } from "./record-file.js";
import { tsFilesBelow } from "./ts-files-below.js";

const FORMAT = "iprotoc-run 1";

/** Each answer the host gave: a file's text by its digest (null: not there), a refusal by its reason. */
export interface HostAnswers {
  readonly reads: readonly (readonly [path: string, digest: string | null])[];
  readonly refusals: readonly (readonly [path: string, reason: string | null])[];
}

/** Stamped (record-file.ts) with the entry files and every option the output depends on (cwd, output directory, runtime import…). */
export interface RunRecord extends HostAnswers {
  /** Each file written: path, size and modification time after the run. */
  readonly outputs: readonly (readonly [path: string, size: number, mtimeMs: number])[];
  /** The TypeScript files below the output directory after the run, relative to it: one added or removed is a change. */
  readonly listing: readonly string[];
}

/** A host that remembers what it answered (`answers()`): the record of a run's reads. */
export function recordingHost(host: SourceHost): SourceHost & { answers(): HostAnswers } {
  const reads = new Map<string, string | null>();
  const refusals = new Map<string, string | null>();
  return {
    readFile(path) {
      const text = host.readFile(path);
      reads.set(path, text === undefined ? null : digestOf(text));
      return text;
    },
    refuse(path) {
      const reason = host.refuse?.(path);
      refusals.set(path, reason ?? null);
      return reason;
    },
    answers: () => ({ reads: [...reads], refusals: [...refusals] }),
  };
}

/** The record file of the output directory `outDir` (absolute) in `cacheDir`. */
export function runRecordFor(cacheDir: string, outDir: string): string {
  return cacheFileFor(cacheDir, outDir).replace(/\.cache$/, ".run");
}

/** What changed since a recorded run whose inputs, refusals and output directory are as it left them. */
export interface ChangedSince {
  readonly record: RunRecord;
  /** The files read whose text is not what the run read: path and current text (undefined: gone). */
  readonly changed: readonly (readonly [path: string, text: string | undefined])[];
}

/**
 * The schema files that changed since the run recorded at `file`, when that is all that changed: undefined
 * when its `inputs`, compiler or refusals differ, or the output directory is not as the run left it.
 */
export function changedSince(file: string, inputs: string, host: SourceHost, outDir: string): ChangedSince | undefined {
  const record = readRecordFile<RunRecord>(file, FORMAT, inputs);
  if (record === undefined) return undefined;
  try {
    for (const [path, reason] of record.refusals) if ((host.refuse?.(path) ?? null) !== reason) return undefined;
    const changed: (readonly [string, string | undefined])[] = [];
    for (const [path, digest] of record.reads) {
      const text = host.readFile(path);
      if ((text === undefined ? null : digestOf(text)) !== digest) changed.push([path, text]);
    }
    for (const [path, size, mtimeMs] of record.outputs) {
      const stat = statSync(path);
      if (stat.size !== size || stat.mtimeMs !== mtimeMs) return undefined;
    }
    if (JSON.stringify(listing(outDir)) !== JSON.stringify(record.listing)) return undefined;
    return { record, changed };
  } catch {
    // Malformed (not the shapes above), or an output gone: not up to date.
    return undefined;
  }
}

/** `answers` with the file at `path` now reading `text`. */
export function withRead(answers: HostAnswers, path: string, text: string): HostAnswers {
  return { reads: answers.reads.map(([p, digest]) => [p, p === path ? digestOf(text) : digest] as const), refusals: answers.refusals };
}

/** Saves the record of a run that read `answers` and wrote `outputs` (absolute paths); false when it can't. */
export function writeRunRecord(file: string, inputs: string, answers: HostAnswers, outputs: readonly string[], outDir: string): boolean {
  let body: RunRecord;
  try {
    body = {
      ...answers,
      outputs: outputs.map((path) => {
        const stat = statSync(path);
        return [path, stat.size, stat.mtimeMs] as const;
      }),
      listing: listing(outDir),
    };
  } catch {
    return false; // an output gone already: nothing to record
  }
  return writeRecordFile(file, FORMAT, inputs, body);
}

/** The digest a record keeps of a file's text. */
export function digestOf(text: string): string {
  return createHash("sha1").update(text).digest("base64");
}

/**
 * The TypeScript files below `dir`, relative to it: those a run would remove were they generated and not
 * its own (generated-files.ts walks the same, skipping node_modules and hidden directories).
 */
function listing(dir: string): string[] {
  const root = resolve(dir);
  return tsFilesBelow(root).map((path) => relative(root, path).split("\\").join("/"));
}
