/** The shape of a CLI subcommand. Each lives in its own file in cli/commands/ and is listed in commands/registry.ts. */
import type { OptionSpec, ParsedArgs } from "./args.js";
import type { CliIo } from "./io.js";

export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** `iprotoc check <files|dirs…> [options]`. */
  readonly usage: string;
  readonly options: readonly OptionSpec[];
  /** Returns the exit status; throws UsageError for bad arguments or unreadable files (exit 2). */
  run(args: ParsedArgs, io: CliIo): number | Promise<number>;
}
