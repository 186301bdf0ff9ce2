/**
 * `iprotoc decode [--schema <files|dirs>] [--service S] [--port P] [--format text|json] [input|-]`:
 * reads iproto frames from a capture (pcap, pcapng), a hex or MR::IProto dump or a raw stream
 * (compiler/capture) and prints every frame, decoded with the schemas when given (compiler/wire).
 * Exit 0 when every frame decoded; 1 when anything did not (unknown message, body that fails, anomaly);
 * 2 for usage errors.
 */
import { CaptureError, readFrames } from "../../capture/index.js";
import { FrameDecoder, recordText, type DecodeRecord } from "../../wire/index.js";
import { IMPORT_PATH_OPTION } from "../support/args.js";
import { EXIT, UsageError, type CliIo } from "../support/io.js";
import { BYTES_OPTION, SCHEMA_OPTION, SERVICE_OPTION, loadSchemas, readInput, type StdinIo } from "../support/wire-schemas.js";
import type { Command } from "../support/command.js";

function ports(values: readonly string[]): number[] {
  return values.flatMap((v) => v.split(",")).map((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`\`--port\` must be a TCP port (1-65535); got \`${v}\``);
    return n;
  });
}

function tally(counts: Map<string, number>, r: DecodeRecord): void {
  const key = r.kind === "frame" ? r.status : r.kind === "anomaly" ? "anomaly" : "event";
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function summary(counts: Map<string, number>): string {
  const n = (k: string): number => counts.get(k) ?? 0;
  const frames = ["decoded", "server-error", "undecodable", "unknown-message", "no-schema"].reduce((a, k) => a + n(k), 0);
  const parts = [
    `${n("decoded")} decoded`,
    `${n("server-error")} server error${n("server-error") === 1 ? "" : "s"}`,
    `${n("undecodable")} undecodable`,
    `${n("unknown-message")} unknown`,
  ];
  if (n("no-schema") > 0) parts.push(`${n("no-schema")} without schema`);
  return `${frames} frame${frames === 1 ? "" : "s"}: ${parts.join(", ")}; ${n("anomaly")} anomal${n("anomaly") === 1 ? "y" : "ies"}\n`;
}

export const decodeCommand: Command = {
  name: "decode",
  summary: "decode iproto frames from a capture, hex dump or raw stream with the schemas",
  usage: "iprotoc decode [--schema <files|dirs>] [--service <name>] [--port <port>…] [--format text|json] [--bytes hex|base64] [<input>|-|--hex <bytes>]",
  options: [
    SCHEMA_OPTION,
    SERVICE_OPTION,
    { name: "port", short: "p", kind: "string", repeatable: true, valueName: "<port>", description: "server port(s): tells requests from replies in a capture (repeatable)" },
    { name: "hex", kind: "string", valueName: "<bytes>", description: "decode these hex bytes (as pasted from a log) instead of an input file" },
    { name: "format", kind: "string", choices: ["text", "json"], description: "readable text (default) or one JSON object per line" },
    BYTES_OPTION,
    IMPORT_PATH_OPTION,
  ],
  async run(args, io: CliIo & StdinIo): Promise<number> {
    const hex = args.options.get("hex");
    if (args.positionals.length > (typeof hex === "string" ? 0 : 1)) throw new UsageError("`decode` reads one input (a file, - for stdin, or --hex <bytes>)");
    const { index, failed } = loadSchemas(args, io, false);
    if (failed) return EXIT.schemaErrors;
    const input = typeof hex === "string" ? new TextEncoder().encode(hex) : await readInput(args.positionals[0], io);
    const json = args.options.get("format") === "json";
    const decoder = new FrameDecoder(index, { bytes: args.options.get("bytes") === "base64" ? "base64" : "hex" });
    const counts = new Map<string, number>();
    let items;
    try {
      items = readFrames(input, { serverPorts: ports(args.lists.get("port") ?? []) });
    } catch (e) {
      if (!(e instanceof CaptureError)) throw e;
      io.stderr(`iprotoc: cannot read the input: ${e.message}\n`);
      return EXIT.schemaErrors;
    }
    for (const item of items) {
      const record = decoder.record(item);
      tally(counts, record);
      io.stdout(json ? `${JSON.stringify(record)}\n` : `${recordText(record)}\n`);
    }
    if (!json) io.stdout(summary(counts));
    const bad = (counts.get("undecodable") ?? 0) + (counts.get("unknown-message") ?? 0) + (counts.get("anomaly") ?? 0);
    return bad === 0 ? EXIT.ok : EXIT.schemaErrors;
  },
};
