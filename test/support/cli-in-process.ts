/** Runs the iprotoc CLI in this process (its `main` with captured output): what most CLI tests need. */
import type { CliIo } from "../../compiler/cli/support/io.js";
import { main } from "../../compiler/cli/main.js";

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `iprotoc <argv>` run in `cwd`; `io` replaces parts of the captured I/O (a stdin, say). */
export async function runCli(argv: readonly string[], cwd: string, io: Partial<CliIo> = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const status = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, ...io });
  return { status, stdout, stderr };
}
