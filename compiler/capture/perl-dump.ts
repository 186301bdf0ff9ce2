/**
 * Debug output of MR::IProto (`debug => 5` or more) and of this project's runtime, which prints the
 * same: one line per frame part,
 *
 *   PREFIX: host:port: send header: 13 28 1 > 0d 00 00 00 1c 00 00 00 01 00 00 00
 *   PREFIX: host:port: send payload: 0 0 3 > 00 00 00 00 ...
 *   PREFIX: hostname(host:port): recv header: ...      (MR::IProto::Server's connections)
 *
 * The integers before ">" are `unpack 'L*'` of the same bytes and are absent with `dump_no_ints`.
 * A client sends requests and receives replies; a server the reverse. Which one wrote a context's lines
 * is told by its first line: a client's first dump is a "send", a server's a "recv".
 */
import type { Endpoint } from "./types.js";

export const PERL_DUMP_LINE = /\b(send|recv) (header|payload):(.*)$/;
const HEX_BYTES = /^\s*((?:[0-9a-fA-F]{2}(?:\s+|$))*)\s*$/;
const PEER = /(?:^|[\s(])([^\s():]+|\[[^\]]+\]):(\d{1,5})\)?:?\s*$/;

export interface PerlDumpPart {
  readonly line: number;
  /** The peer named by the line (host:port), or "" when it names none. */
  readonly context: string;
  readonly peer?: Endpoint;
  readonly verb: "send" | "recv";
  readonly part: "header" | "payload";
  readonly bytes: Uint8Array;
}

export type PerlDumpLine = PerlDumpPart | { readonly line: number; readonly unreadable: string };

export function looksLikePerlDump(text: string): boolean {
  return text.split(/\r?\n/, 2000).some((line) => PERL_DUMP_LINE.test(line));
}

export function* readPerlDump(text: string): Generator<PerlDumpLine> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const source = lines[i] as string;
    const m = PERL_DUMP_LINE.exec(source);
    if (m === null) continue;
    const before = source.slice(0, m.index).replace(/:\s*$/, "");
    let rest = m[3] as string;
    const arrow = rest.indexOf(">");
    if (arrow >= 0) {
      if (!/^[\d\s]*$/.test(rest.slice(0, arrow))) {
        yield { line: i + 1, unreadable: `"${m[1]} ${m[2]}" line: the text before ">" is not integers` };
        continue;
      }
      rest = rest.slice(arrow + 1);
    }
    const hex = HEX_BYTES.exec(rest);
    if (hex === null) {
      yield { line: i + 1, unreadable: `"${m[1]} ${m[2]}" line: the dump is not space-separated hex bytes` };
      continue;
    }
    const tokens = (hex[1] as string).trim().split(/\s+/).filter((t) => t !== "");
    const peer = PEER.exec(before);
    const endpoint = peer === null ? undefined : { address: (peer[1] as string).replace(/^\[|\]$/g, ""), port: Number(peer[2]) };
    yield {
      line: i + 1,
      context: peer === null ? "" : `${peer[1]}:${peer[2]}`,
      ...(endpoint === undefined ? {} : { peer: endpoint }),
      verb: m[1] as "send" | "recv",
      part: m[2] as "header" | "payload",
      bytes: Uint8Array.from(tokens.map((t) => parseInt(t, 16))),
    };
  }
}
