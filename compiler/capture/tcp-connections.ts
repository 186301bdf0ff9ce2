/**
 * The TCP conversations of a capture: which side is the server, one reassembler and one frame
 * assembler per direction, and the opened/closed markers.
 *
 * The server is the side whose port is in `serverPorts`, else the side that received the SYN (or sent
 * the SYN-ACK), else the lower port: a capture that starts mid-conversation still has to pick one.
 */
import { FrameAssembler, type ChunkOrigin } from "./frame-assembler.js";
import type { TcpSegment } from "./ip-tcp.js";
import type { ResolvedOptions } from "./options.js";
import { TcpReassembler } from "./tcp-reassembler.js";
import type { CaptureItem, CloseReason, ConnectionId, Endpoint, Timestamp } from "./types.js";

interface Side {
  readonly reassembler: TcpReassembler<ChunkOrigin>;
  frames: FrameAssembler | undefined;
  ended: boolean;
}

interface Connection {
  readonly key: string;
  readonly id: ConnectionId;
  readonly request: Side;
  readonly reply: Side;
  lastActive: number;
}

export function endpointText(endpoint: Endpoint): string {
  return endpoint.address.includes(":") ? `[${endpoint.address}]:${endpoint.port}` : `${endpoint.address}:${endpoint.port}`;
}

function pairKey(a: Endpoint, b: Endpoint): string {
  const x = endpointText(a);
  const y = endpointText(b);
  return x < y ? `${x} ${y}` : `${y} ${x}`;
}

export class TcpConnections {
  private readonly byKey = new Map<string, Connection>();
  private count = 0;
  private clock = 0;
  /** Items produced by the packet being handled. */
  private out: CaptureItem[] = [];

  constructor(private readonly options: ResolvedOptions) {}

  segment(segment: TcpSegment, origin: ChunkOrigin, out: CaptureItem[]): void {
    this.out = out;
    const key = pairKey(segment.source, segment.destination);
    let connection = this.byKey.get(key);
    if (connection !== undefined && segment.syn && !segment.ackFlag && connection.request.reassembler.isNewSyn(segment.seq)) {
      // The ports were reused without a FIN or RST captured: the old conversation is over.
      this.close(connection, "superseded", origin);
      connection = undefined;
    }
    if (connection === undefined) {
      // A lone ACK, FIN or RST of a conversation never seen (or already closed) carries nothing to show.
      if (!segment.syn && segment.payloadLength === 0) return;
      connection = this.open(key, segment, origin);
    }
    connection.lastActive = ++this.clock;
    const fromClient = segment.source.port === connection.id.client?.port && segment.source.address === connection.id.client.address;
    const side = fromClient ? connection.request : connection.reply;
    if (segment.payload.length < segment.payloadLength) {
      out.push({
        kind: "anomaly",
        type: "truncated-packet",
        where: { ...this.located(origin), connection: connection.id, direction: fromClient ? "request" : "reply" },
        message: `packet captured with ${segment.payload.length} of its ${segment.payloadLength} TCP payload bytes (snap length); the rest is a gap`,
        bytes: segment.payloadLength - segment.payload.length,
      });
    }
    if (segment.syn) side.reassembler.syn(segment.seq);
    const synAdjusted = segment.syn ? (segment.seq + 1) >>> 0 : segment.seq;
    side.reassembler.segment(synAdjusted, segment.payload, segment.payloadLength, segment.fin, origin);
    if (segment.rst) {
      this.close(connection, "rst", origin);
      return;
    }
    for (const s of [connection.request, connection.reply]) {
      if (!s.ended && s.reassembler.finished) this.endSide(s);
    }
    if (connection.request.ended && connection.reply.ended) this.close(connection, "fin", origin);
  }

  /** The input is over: every open connection is flushed and marked closed. */
  finish(out: CaptureItem[]): void {
    this.out = out;
    for (const connection of [...this.byKey.values()]) this.close(connection, "end-of-input", {});
  }

  private open(key: string, segment: TcpSegment, origin: ChunkOrigin): Connection {
    if (this.byKey.size >= this.options.maxConnections) this.evictOldest();
    const serverIsDestination = this.serverIsDestination(segment);
    const client = serverIsDestination ? segment.source : segment.destination;
    const server = serverIsDestination ? segment.destination : segment.source;
    const id: ConnectionId = { id: ++this.count, label: `${endpointText(client)} <-> ${endpointText(server)}`, client, server };
    const connection: Connection = { key, id, request: this.side(id, "request"), reply: this.side(id, "reply"), lastActive: this.clock };
    this.byKey.set(key, connection);
    this.out.push({ kind: "connection-opened", connection: id, ...this.stamped(origin), fromStart: segment.syn });
    return connection;
  }

  private serverIsDestination(segment: TcpSegment): boolean {
    const ports = this.options.serverPorts;
    const toServerPort = ports.has(segment.destination.port);
    const fromServerPort = ports.has(segment.source.port);
    if (toServerPort !== fromServerPort) return toServerPort;
    if (segment.syn) return !segment.ackFlag;
    return segment.destination.port <= segment.source.port;
  }

  private side(id: ConnectionId, direction: "request" | "reply"): Side {
    // The frame assembler is made at the first byte: only then is it known whether the stream was
    // seen from its start (handshake) or joined in the middle.
    const framesOf = (side: Side): FrameAssembler =>
      (side.frames ??= new FrameAssembler(id, direction, this.options, side.reassembler.handshake));
    const side: Side = {
      reassembler: new TcpReassembler<ChunkOrigin>(
        {
          data: (bytes, origin) => framesOf(side).push(bytes, origin, this.out),
          gap: (missing) => {
            const frames = framesOf(side);
            this.out.push({
              kind: "anomaly",
              type: "gap",
              where: { connection: id, direction, streamOffset: frames.nextOffset },
              message: `${missing} bytes of the ${direction} stream were not captured`,
              bytes: missing,
            });
            frames.gap(missing, this.out);
          },
        },
        this.options.maxOutOfOrderBytes,
      ),
      frames: undefined,
      ended: false,
    };
    return side;
  }

  private endSide(side: Side): void {
    if (side.ended) return;
    side.ended = true;
    side.reassembler.close();
    side.frames?.end(this.out);
  }

  private close(connection: Connection, reason: CloseReason, origin: ChunkOrigin): void {
    this.endSide(connection.request);
    this.endSide(connection.reply);
    // Forgotten at once: what still comes for these endpoints is either noise or a new connection.
    this.byKey.delete(connection.key);
    this.out.push({ kind: "connection-closed", connection: connection.id, ...this.stamped(origin), reason });
  }

  private evictOldest(): void {
    let oldest: Connection | undefined;
    for (const connection of this.byKey.values()) {
      if (oldest === undefined || connection.lastActive < oldest.lastActive) oldest = connection;
    }
    if (oldest !== undefined) this.close(oldest, "evicted", {});
  }

  private stamped(origin: ChunkOrigin): { timestamp?: Timestamp; packet?: number } {
    return { ...(origin.timestamp === undefined ? {} : { timestamp: origin.timestamp }), ...(origin.packet === undefined ? {} : { packet: origin.packet }) };
  }

  private located(origin: ChunkOrigin): { packet?: number; fileOffset?: number } {
    return { ...(origin.packet === undefined ? {} : { packet: origin.packet }), ...(origin.fileOffset === undefined ? {} : { fileOffset: origin.fileOffset }) };
  }
}
