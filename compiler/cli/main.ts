#!/usr/bin/env node
/**
 * `iprotoc`: dispatches to a subcommand (compiler/cli/commands/). Usage problems print to stderr and exit
 * with status 2. `--version` answers before the commands (and the parser they load) are imported, and
 * watch mode is imported only for `--watch`: start-up is docs/benchmarks.md's "CLI start-up".
 */
import { existsSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describeOptions, parseArgs } from "./support/args.js";
import type { Command } from "./support/command.js";
import { EXIT, processIo, UsageError, type CliIo } from "./support/io.js";
import { COMPILER_VERSION } from "../emitter/file/version.js";
import { closest } from "../checks/suggest.js";
import { COMMAND_NAMES, DEFAULT_COMMAND, isCommandName, loadCommand, loadCommands } from "./commands/registry.js";

type Commands = readonly Command[];

function usage(commands: Commands): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "usage: iprotoc <command> [options]",
    "       iprotoc <files|dirs…> -o <dir>   (the same as `iprotoc generate`)",
    "       iprotoc --help | --version",
    "",
    "commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `iprotoc <command> --help` (or `iprotoc help <command>`) for a command's options.",
    "",
  ].join("\n");
}

/**
 * A first argument that names no command, no file and no glob, and has no `/` or `.` of a path: a
 * misspelt command (`fromat`, `chek`), not an input of the default command.
 */
function unknownCommand(first: string, cwd: string): string | undefined {
  if (first.startsWith("-") || /[/\\.*?[\]{}]/.test(first) || existsSync(resolve(cwd, first))) return undefined;
  return unknownCommandMessage(first, COMMAND_NAMES);
}

function unknownCommandMessage(name: string, names: readonly string[]): string {
  const best = closest(name, names);
  return `unknown command \`${name}\`${best === undefined ? `; commands: ${names.join(", ")}` : `; did you mean \`${best}\`?`}`;
}

function commandHelp(command: Command): string {
  const help = { name: "help", short: "h", kind: "boolean", description: "show this help" } as const;
  return `usage: ${command.usage}\n\n${command.summary}\n\noptions:\n${describeOptions([...command.options, help])}\n`;
}

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === "--version" || first === "-v") {
    io.stdout(`iprotoc ${COMPILER_VERSION}\n`);
    return EXIT.ok;
  }
  if (first === undefined) {
    io.stderr(usage(await loadCommands()));
    return EXIT.usage;
  }
  if (first === "-h" || first === "--help" || first === "help") {
    const topic = first === "help" ? rest[0] : undefined;
    if (topic !== undefined && !isCommandName(topic)) {
      io.stderr(`iprotoc: ${unknownCommandMessage(topic, COMMAND_NAMES)}\n`);
      return EXIT.usage;
    }
    io.stdout(topic !== undefined ? commandHelp(await loadCommand(topic)) : usage(await loadCommands()));
    return EXIT.ok;
  }
  const named = isCommandName(first);
  const typo = named ? undefined : unknownCommand(first, io.cwd);
  if (typo !== undefined) {
    io.stderr(`iprotoc: ${typo}\nRun \`iprotoc --help\` for the commands.\n`);
    return EXIT.usage;
  }
  // Only the command that runs is loaded (commands/registry.ts).
  const command = await loadCommand(named ? first : DEFAULT_COMMAND);
  const commandArgs = named ? rest : argv;
  try {
    const options = commandArgs.includes("--") ? commandArgs.slice(0, commandArgs.indexOf("--")) : commandArgs;
    if (options.includes("-h") || options.includes("--help")) {
      io.stdout(commandHelp(command));
      return EXIT.ok;
    }
    if (options.includes("--version")) {
      io.stdout(`iprotoc ${COMPILER_VERSION}\n`);
      return EXIT.ok;
    }
    const args = parseArgs(commandArgs, command.options);
    if (args.options.get("watch") === true) return await (await import("./support/watch.js")).watchCommand(command, args, io);
    return await command.run(args, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`iprotoc: ${error.message}\n`);
    io.stderr(`usage: ${command.usage}\n`);
    return EXIT.usage;
  }
}

/** True when this module is the program (also through npm's bin symlink), not imported by a test. */
function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  main(process.argv.slice(2)).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      process.stderr.write(`iprotoc: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 70;
    },
  );
}
