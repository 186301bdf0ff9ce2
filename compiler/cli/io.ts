/** What a CLI command may touch: its output streams and the working directory. Tests pass their own. */

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
}

/** Exit statuses: every command uses these. */
export const EXIT = {
  ok: 0,
  /** The schemas have errors. */
  schemaErrors: 1,
  /** Bad arguments, or a file that can't be read or written. */
  usage: 2,
} as const;

/** A problem with the command line or the file system: reported on stderr, exit status 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
};
