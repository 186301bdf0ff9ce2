/**
 * What a `generate` run outside `--watch` keeps for the next one, in the cache directory beside the emit
 * cache, and what the next makes of it: nothing to do when nothing changed (run-record.ts); after an edit
 * inside one message, that message's code spliced into its module (edit-splice.ts over edit-record.ts);
 * otherwise a compile, which records itself again.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { resolve } from "node:path";
import type { CompiledFile, CompileOptions } from "./compile.js";
import { editRecordOf, readEditRecord, writeEditRecord } from "./edit-record.js";
import { dropRecordFile } from "./record-file.js";
import { changedSince, digestOf, recordingHost, runRecordFor, withRead, writeRunRecord, type ChangedSince } from "./run-record.js";
import { fileSystemHostAt } from "./source-host.js";

export class RunRecords {
  readonly #runFile: string;
  readonly #editFile: string;
  readonly #cwd: string;
  readonly #outDir: string;
  readonly #inputs: string;
  #since: ChangedSince | undefined;
  /** The host a compile reads through, so that its record says what it read. */
  readonly host: ReturnType<typeof recordingHost>;

  /** `outDir` absolute; `inputs`: everything but the schemas' text the output depends on. */
  constructor(cacheDir: string, outDir: string, cwd: string, inputs: string) {
    this.#runFile = runRecordFor(cacheDir, outDir);
    this.#editFile = this.#runFile.replace(/\.run$/, ".edit");
    this.#cwd = cwd;
    this.#outDir = outDir;
    this.#inputs = inputs;
    this.host = recordingHost(fileSystemHostAt(cwd));
  }

  /** How many files the last run wrote, when nothing it depends on changed since. */
  upToDate(): number | undefined {
    this.#since = changedSince(this.#runFile, this.#inputs, fileSystemHostAt(this.#cwd), this.#outDir);
    return this.#since !== undefined && this.#since.changed.length === 0 ? this.#since.record.outputs.length : undefined;
  }

  /**
   * After `upToDate`: when one schema changed, inside one message, writes that message's new code into its
   * module and records the run. Returns the module written and the message, or undefined (compile).
   */
  async splice(entryPaths: readonly string[], options: CompileOptions): Promise<{ readonly path: string; readonly message: string } | undefined> {
    const since = this.#since;
    const [change, more] = since?.changed ?? [];
    if (since === undefined || change === undefined || more !== undefined || change[1] === undefined) return undefined;
    const [path, text] = change;
    const record = readEditRecord(this.#editFile, this.#inputs);
    if (record === undefined) return undefined;
    // The edit record must be of the run the run record describes: the texts that run read.
    const host = fileSystemHostAt(this.#cwd);
    for (const [p, t] of record.schemas) {
      const read = since.record.reads.find(([r]) => r === p);
      if (read === undefined || read[1] !== digestOf(t) || (p !== path && host.readFile(p) !== t)) return undefined;
    }
    // Loaded here: a run with nothing to do loads as little as it can.
    const { spliceEdit } = await import("./edit-splice.js");
    const spliced = await spliceEdit({ entryPaths, options: { ...options, host, cwd: this.#cwd }, record, path, text });
    if (spliced === undefined) return undefined;
    dropRecordFile(this.#editFile);
    writePieces(resolve(this.#cwd, spliced.module.path), spliced.module.pieces);
    const outputs = since.record.outputs.map(([p]) => p);
    if (writeRunRecord(this.#runFile, this.#inputs, withRead(since.record, path, text), outputs, this.#outDir)) writeEditRecord(this.#editFile, spliced.record);
    return { path: spliced.module.path, message: spliced.message };
  }

  /**
   * Records a compile that reported nothing (`files` written, from `sources`); forgets the last one
   * otherwise (its warnings must show again).
   */
  save(clean: boolean, files: readonly CompiledFile[], sources: ReadonlyMap<string, string>): void {
    // The edit record goes first and comes back last: it is only ever read beside the run record it matches.
    dropRecordFile(this.#editFile);
    if (!clean) return dropRecordFile(this.#runFile);
    const written = writeRunRecord(this.#runFile, this.#inputs, this.host.answers(), files.map((f) => resolve(this.#cwd, f.path)), this.#outDir);
    const edits = written ? editRecordOf(this.#inputs, sources, files) : undefined;
    if (edits !== undefined) writeEditRecord(this.#editFile, edits);
  }
}

/** Writes `pieces` one after another as the file's content (no copy of megabytes into one buffer). */
function writePieces(path: string, pieces: readonly Buffer[]): void {
  const fd = openSync(path, "w");
  try {
    for (const piece of pieces) for (let at = 0; at < piece.length; ) at += writeSync(fd, piece, at);
  } finally {
    closeSync(fd);
  }
}
