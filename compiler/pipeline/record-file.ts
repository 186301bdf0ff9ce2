/**
 * The file format the run's records share (run-record.ts, edit-record.ts): one JSON object stamped with
 * its format, the compiler build that wrote it and the run's inputs. A record is only an optimisation:
 * unreadable, malformed, of another format, build or inputs, it is not there.
 */
import { readFileSync, unlinkSync } from "node:fs";
import { compilerDigest } from "./emit-cache-file.js";
import { writeAtomically } from "./write-atomically.js";

interface Stamp {
  readonly format: string;
  readonly compiler: string;
  readonly inputs: string;
}

/** The record at `file` if it is of `format`, this compiler build and these `inputs` (its shape unchecked). */
export function readRecordFile<T extends object>(file: string, format: string, inputs: string): T | undefined {
  let record: Partial<Stamp> | null;
  try {
    record = JSON.parse(readFileSync(file, "utf8")) as Partial<Stamp> | null;
  } catch {
    return undefined;
  }
  if (typeof record !== "object" || record === null) return undefined;
  return record.format === format && record.compiler === compilerDigest() && record.inputs === inputs ? (record as T) : undefined;
}

/** Saves `body` at `file`, stamped; false when it can't. */
export function writeRecordFile(file: string, format: string, inputs: string, body: object): boolean {
  return writeAtomically(file, JSON.stringify({ format, compiler: compilerDigest(), inputs, ...body }));
}

/** Forgets the record at `file`. */
export function dropRecordFile(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // none
  }
}
