/**
 * Every subcommand of `iprotoc`, by name, each loaded when it is run (or for `--help`): a command's module
 * brings what it needs — the parser, the emitter, the runtime — and no command pays for loading the
 * others' (`iprotoc generate` with nothing to do: test/cli/up-to-date.test.ts). To add one, write
 * compiler/cli/commands/<name>.ts exporting a Command (cli/support/command.ts) and list it here; a test
 * checks that each loads under its name. `DEFAULT_COMMAND` runs when the first argument is not a command
 * name (`iprotoc <files> -o dir` runs the code generator).
 */
import type { Command } from "../support/command.js";

const LOADERS = {
  check: async () => (await import("./check.js")).checkCommand,
  generate: async () => (await import("./generate.js")).generateCommand,
  format: async () => (await import("./format.js")).formatCommand,
  breaking: async () => (await import("./breaking.js")).breakingCommand,
  decode: async () => (await import("./decode.js")).decodeCommand,
  call: async () => (await import("./call.js")).callCommand,
} satisfies Record<string, () => Promise<Command>>;

export type CommandName = keyof typeof LOADERS;

/** The commands' names, in the order `iprotoc --help` lists them. */
export const COMMAND_NAMES = Object.keys(LOADERS) as readonly CommandName[];

export const DEFAULT_COMMAND: CommandName = "generate";

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(LOADERS, name);
}

export function loadCommand(name: CommandName): Promise<Command> {
  return LOADERS[name]();
}

/** Every command (for the list of them). */
export function loadCommands(): Promise<Command[]> {
  return Promise.all(COMMAND_NAMES.map(loadCommand));
}
