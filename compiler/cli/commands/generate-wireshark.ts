/**
 * `iprotoc generate --target wireshark <files|dirs…> -o <file.lua|dir> [--port <ports>] [--check]`: the
 * schemas as one Lua dissector (compiler/wireshark), `<dir>/iproto.lua` unless `-o` names a `.lua` file.
 */
import { emitWireshark } from "../../wireshark/emit.js";
import type { ParsedArgs } from "../support/args.js";
import { UsageError, type CliIo } from "../support/io.js";
import { generateFile } from "./generate-file.js";

/** Default of the dissector's TCP ports preference: Tarantool 1.5's primary port. */
export const DEFAULT_WIRESHARK_PORTS = "33013";

export function generateWireshark(args: ParsedArgs, io: CliIo, outDir: string): number {
  const port = args.options.get("port");
  const ports = typeof port === "string" ? port.replace(/\s+/g, "") : DEFAULT_WIRESHARK_PORTS;
  if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(ports) || ports.split(/[,-]/).some((p) => Number(p) > 65535)) {
    throw new UsageError(`--port: expected TCP ports like 33013 or 33013,34000-34010, got \`${ports}\``);
  }
  return generateFile(
    { name: "wireshark", extension: ".lua", defaultName: "iproto.lua", render: (program, schemaPaths) => emitWireshark(program, { ports, schemaPaths }).text },
    args,
    io,
    outDir,
  );
}
