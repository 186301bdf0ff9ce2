/**
 * Perl debug dumps to items. The dump draws the frame boundaries itself (a header line, then a payload
 * line), so frames are taken as drawn and checked against each other instead of being re-framed.
 */
import { endpointText } from "./tcp-connections.js";
import type { ResolvedOptions } from "./options.js";
import { readPerlDump, type PerlDumpPart } from "./perl-dump.js";
import type { Anomaly, AnomalyKind, CaptureItem, ConnectionId, Direction, IProtoHeader } from "./types.js";

interface Stream {
  offset: number;
  header: { readonly value: IProtoHeader; readonly line: number } | undefined;
}

interface Context {
  readonly connection: ConnectionId;
  /** A client's dump: send = request. A server's: send = reply. */
  readonly client: boolean;
  readonly request: Stream;
  readonly reply: Stream;
}

function u32le(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16) | ((bytes[at + 3] ?? 0) << 24)) >>> 0;
}

function anomaly(type: AnomalyKind, line: number, message: string, connection?: ConnectionId, direction?: Direction): Anomaly {
  return { kind: "anomaly", type, where: { line, ...(connection === undefined ? {} : { connection }), ...(direction === undefined ? {} : { direction }) }, message };
}

export function* framesFromPerlDump(text: string, options: ResolvedOptions): Generator<CaptureItem> {
  const contexts = new Map<string, Context>();
  const openContext = (part: PerlDumpPart): Context => {
    const client = part.verb === "send";
    const peer = part.peer;
    const id = contexts.size + 1;
    const label = peer === undefined ? "perl dump" : client ? `(dump writer) <-> ${endpointText(peer)}` : `${endpointText(peer)} <-> (dump writer)`;
    const connection: ConnectionId = { id, label, ...(peer === undefined ? {} : client ? { server: peer } : { client: peer }) };
    const context: Context = { connection, client, request: { offset: 0, header: undefined }, reply: { offset: 0, header: undefined } };
    contexts.set(part.context, context);
    return context;
  };
  for (const item of readPerlDump(text)) {
    if ("unreadable" in item) {
      yield anomaly("unreadable-line", item.line, item.unreadable);
      continue;
    }
    let context = contexts.get(item.context);
    if (context === undefined) {
      context = openContext(item);
      yield { kind: "connection-opened", connection: context.connection, fromStart: true };
    }
    const direction: Direction = (item.verb === "send") === context.client ? "request" : "reply";
    const stream = direction === "request" ? context.request : context.reply;
    const { connection } = context;
    if (item.part === "header") {
      if (stream.header !== undefined) yield anomaly("truncated-frame", stream.header.line, "header line without its payload line", connection, direction);
      stream.header = undefined;
      if (item.bytes.length !== 12) {
        yield anomaly("unreadable-line", item.line, `header line has ${item.bytes.length} bytes, not 12`, connection, direction);
        continue;
      }
      const header = { msg: u32le(item.bytes, 0), length: u32le(item.bytes, 4), sync: u32le(item.bytes, 8) };
      if (header.length > options.maxFrameSize) {
        yield anomaly("absurd-length", item.line, `header msg=${header.msg} sync=${header.sync} announces ${header.length} body bytes, above the ${options.maxFrameSize} limit`, connection, direction);
        continue;
      }
      stream.header = { value: header, line: item.line };
      continue;
    }
    const pending = stream.header;
    stream.header = undefined;
    if (pending === undefined) {
      yield anomaly("unreadable-line", item.line, "payload line without a header line before it", connection, direction);
      continue;
    }
    if (item.bytes.length !== pending.value.length) {
      yield anomaly("truncated-frame", item.line, `payload line has ${item.bytes.length} bytes, its header announces ${pending.value.length}`, connection, direction);
      continue;
    }
    yield { kind: "frame", direction, connection, header: pending.value, body: item.bytes, offset: stream.offset };
    stream.offset += 12 + item.bytes.length;
  }
  for (const context of contexts.values()) {
    for (const direction of ["request", "reply"] as const) {
      const header = context[direction].header;
      if (header !== undefined) yield anomaly("truncated-frame", header.line, "header line without its payload line at the end of the dump", context.connection, direction);
    }
    yield { kind: "connection-closed", connection: context.connection, reason: "end-of-input" };
  }
}
