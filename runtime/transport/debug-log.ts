/**
 * Debug output in MR::IProto's format (`MR::IProto::Role::Debuggable::_debug_dump`): the bytes read as
 * little-endian u32s (`unpack 'L*'`, trailing bytes ignored), then `>`, then every byte in hex.
 */
import { readU32 } from "../framing/header.js";

export type DebugSink = (line: string) => void;

export function hexDump(label: string, bytes: Uint8Array, withInts = true): string {
  let line = label;
  if (withInts) {
    const ints: number[] = [];
    for (let i = 0; i + 4 <= bytes.length; i += 4) ints.push(readU32(bytes, i));
    line += `${ints.join(" ")} > `;
  }
  const hex: string[] = [];
  for (const byte of bytes) hex.push(byte.toString(16).padStart(2, "0"));
  return line + hex.join(" ");
}

/** Debug levels, as in MR::IProto: what each level adds to the ones below it. */
export const DebugLevel = {
  /** Connected, closing, errors. */
  CONNECTIONS: 1,
  /** Each try of each request (message code, try n of m). */
  TRIES: 2,
  /** Connection attempts. */
  CONNECTING: 4,
  /** Hex dumps of frames sent. */
  DUMP_SENT: 5,
  /** Hex dumps of frames received. */
  DUMP_RECEIVED: 6,
  /** IProtoServer (MR::IProto::Server::Connection) dumps the other way round: frames received… */
  SERVER_DUMP_RECEIVED: 5,
  /** …and frames sent. */
  SERVER_DUMP_SENT: 6,
} as const;

export interface DebugOptions {
  /** MR::IProto debug level: 0 silent; see `DebugLevel`. */
  readonly level: number;
  /** Where lines go; default: standard error, as Perl's `warn`. */
  readonly sink: DebugSink;
  /** Perl's `dump_no_ints`: hex only. */
  readonly noInts: boolean;
  /** Put before every line, as Perl's `prefix`. */
  readonly prefix: string;
}

export const defaultDebugSink: DebugSink = (line) => {
  process.stderr.write(`${line}\n`);
};

/**
 * MR::IProto's debug output for one context (a server address, a peer): `prefix: context: line`, each
 * line only from its level on. Disabled (level 0) it costs one comparison per call site.
 */
export class DebugLog {
  readonly level: number;

  constructor(
    private readonly options: DebugOptions | undefined,
    private readonly context: string | undefined,
  ) {
    this.level = options?.level ?? 0;
  }

  /** Whether lines of `level` are written (levels below 1 count as 1: errors show from level 1). */
  on(level: number): boolean {
    return this.level >= Math.max(level, 1);
  }

  line(level: number, text: string): void {
    if (!this.on(level)) return;
    const options = this.options as DebugOptions;
    options.sink(this.context === undefined ? `${options.prefix}: ${text}` : `${options.prefix}: ${this.context}: ${text}`);
  }

  /** A frame part in Perl's dump format, at `level`. */
  dump(level: number, label: string, bytes: Uint8Array): void {
    if (this.on(level)) this.line(level, hexDump(label, bytes, !(this.options as DebugOptions).noInts));
  }
}
