/** Capture-file packets to items: link layer, IP, TCP, then the connections' streams. */
import type { CapturedPacket } from "./captured-packet.js";
import type { ChunkOrigin } from "./frame-assembler.js";
import { decodeIp } from "./ip-tcp.js";
import { ipOffset } from "./link-layer.js";
import type { ResolvedOptions } from "./options.js";
import { TcpConnections } from "./tcp-connections.js";
import type { Anomaly, AnomalyKind, CaptureItem } from "./types.js";

function packetAnomaly(packet: CapturedPacket, type: AnomalyKind, message: string): Anomaly {
  return { kind: "anomaly", type, where: { packet: packet.number, fileOffset: packet.fileOffset }, message, ...(packet.timestamp === undefined ? {} : { timestamp: packet.timestamp }) };
}

export function* framesFromPackets(records: Iterable<CapturedPacket | Anomaly>, options: ResolvedOptions): Generator<CaptureItem> {
  const connections = new TcpConnections(options);
  const reportedLinkTypes = new Set<number>();
  const out: CaptureItem[] = [];
  for (const record of records) {
    if (record.kind === "anomaly") {
      yield record;
      continue;
    }
    const link = ipOffset(record.linkType, record.data);
    if (link.kind === "unsupported") {
      // Once per link type: a capture of an unsupported interface would otherwise repeat it per packet.
      if (!reportedLinkTypes.has(record.linkType)) {
        reportedLinkTypes.add(record.linkType);
        yield packetAnomaly(record, "unsupported-link-type", `link type ${record.linkType} is not supported; its packets are skipped`);
      }
      continue;
    }
    if (link.kind === "not-ip") continue;
    if (link.kind === "undecodable") {
      yield packetAnomaly(record, "undecodable-packet", link.message);
      continue;
    }
    const ip = decodeIp(record.data, link.offset);
    if (ip.kind === "not-tcp") continue;
    if (ip.kind === "fragment") {
      yield packetAnomaly(record, "ip-fragment", ip.message);
      continue;
    }
    if (ip.kind === "undecodable") {
      yield packetAnomaly(record, "undecodable-packet", ip.message);
      continue;
    }
    const segment = ip.segment;
    const payloadOffset = record.fileOffset + (segment.payload.byteOffset - record.data.byteOffset);
    const origin: ChunkOrigin = {
      packet: record.number,
      fileOffset: payloadOffset,
      ...(record.timestamp === undefined ? {} : { timestamp: record.timestamp }),
    };
    connections.segment(segment, origin, out);
    yield* out;
    out.length = 0;
  }
  connections.finish(out);
  yield* out;
}
