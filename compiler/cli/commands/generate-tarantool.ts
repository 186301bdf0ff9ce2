/**
 * `iprotoc generate --target tarantool <files|dirs…> -o <file.cfg|dir> [--check]`: the `space[N]…` lines
 * of a Tarantool 1.5 configuration for the schemas' Box spaces (compiler/tarantool), `<dir>/spaces.cfg`
 * unless `-o` names a `.cfg` file.
 */
import { COMPILER_VERSION } from "../../emitter/file/version.js";
import { tarantoolSpaceConfig } from "../../tarantool/space-config.js";
import type { ParsedArgs } from "../support/args.js";
import type { CliIo } from "../support/io.js";
import { generateFile } from "./generate-file.js";

export function generateTarantool(args: ParsedArgs, io: CliIo, outDir: string): number {
  return generateFile(
    { name: "tarantool", extension: ".cfg", defaultName: "spaces.cfg", render: (program, schemaPaths) => tarantoolSpaceConfig(program, { schemaPaths, version: COMPILER_VERSION }) },
    args,
    io,
    outDir,
  );
}
