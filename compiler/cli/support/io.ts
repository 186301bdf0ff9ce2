/** What a CLI command may touch: its output streams and the working directory. Tests pass their own. */
import type { CompileSession } from "./session.js";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  /** Whether each stream is a terminal (colour's default); absent means not. */
  readonly isTTY?: { readonly stdout: boolean; readonly stderr: boolean };
  /** The environment (`NO_COLOR`); absent means empty. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** What the runs of one process share (`--watch`): parses and generated code to reuse. */
  readonly session?: CompileSession;
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
  isTTY: { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
  env: process.env,
};

/**
 * Whether text diagnostics written to `stream` get ANSI colours: `--color` / `--no-color` when given
 * (`color` is the parsed option); otherwise `FORCE_COLOR` when set (on, unless it is `0` or `false`, as
 * Node and the npm colour libraries read it), so CI logs that render colours can have them; otherwise
 * never with a non-empty `NO_COLOR` (no-color.org); otherwise only on a terminal, so pipes, files and CI
 * logs get plain text.
 */
export function useColor(color: string | boolean | undefined, io: CliIo, stream: "stdout" | "stderr"): boolean {
  if (typeof color === "boolean") return color;
  const force = io.env?.["FORCE_COLOR"];
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  if ((io.env?.["NO_COLOR"] ?? "") !== "") return false;
  return io.isTTY?.[stream] === true;
}
