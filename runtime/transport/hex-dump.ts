/**
 * Debug output in MR::IProto's format (`MR::IProto::Role::Debuggable::_debug_dump`): the bytes read as
 * little-endian u32s (`unpack 'L*'`, trailing bytes ignored), then `>`, then every byte in hex.
 */
import { readU32 } from "./frame-parser.js";

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
