/**
 * Every subcommand of `iprotoc`. To add one, write compiler/cli/commands/<name>.ts exporting a Command
 * (cli/support/command.ts) and list it here. `DEFAULT_COMMAND` runs when the first argument is not a
 * command name (`iprotoc <files> -o dir` runs the code generator once it is registered).
 */
import { checkCommand } from "./check.js";
import { generateCommand } from "./generate.js";
import { breakingCommand } from "./breaking.js";
import { formatCommand } from "./format.js";
import { decodeCommand } from "./decode.js";
import { callCommand } from "./call.js";
import type { Command } from "../support/command.js";

export const COMMANDS: readonly Command[] = [checkCommand, generateCommand, formatCommand, breakingCommand, decodeCommand, callCommand];

export const DEFAULT_COMMAND: string | undefined = "generate";
