/**
 * What `readFrames` yields. Plain data (no classes) so that a CLI can print it as JSON and a dissector
 * can map it back to packets: every item says where it came from.
 */

/** Which way a frame travelled: client to server ("request"), back ("reply"), or not known. */
export type Direction = "request" | "reply" | "unknown";

/** The input format `readFrames` recognised. */
export type CaptureFormat = "pcap" | "pcapng" | "hex" | "perl-dump" | "raw";

/** The 12-byte iproto header: three little-endian u32. */
export interface IProtoHeader {
  readonly msg: number;
  /** Body length in bytes, header excluded. */
  readonly length: number;
  readonly sync: number;
}

export interface Endpoint {
  /** Dotted IPv4 or RFC 5952 IPv6 text; for a Perl dump, the host as the dump names it. */
  readonly address: string;
  readonly port: number;
}

/**
 * One conversation. `id` numbers connections in the order they first appear (from 1), so two
 * connections that reuse the same ports stay apart; `label` is "client ip:port <-> server ip:port".
 * A raw or hex stream has no endpoints: one synthetic connection.
 */
export interface ConnectionId {
  readonly id: number;
  readonly label: string;
  readonly client?: Endpoint;
  readonly server?: Endpoint;
}

/** Capture time: seconds since the epoch plus nanoseconds (pcap resolution is at best 1 ns). */
export interface Timestamp {
  readonly seconds: number;
  readonly nanoseconds: number;
}

/** Where an item came from; every field is absent when it does not apply to the input. */
export interface Location {
  /** 1-based packet (record) number, as Wireshark counts frames. */
  readonly packet?: number;
  /** Byte offset of that record, or of the byte concerned, in the input. */
  readonly fileOffset?: number;
  readonly connection?: ConnectionId;
  readonly direction?: Direction;
  /** Byte offset in the reassembled stream of that direction. */
  readonly streamOffset?: number;
  /** 1-based line number, for text input. */
  readonly line?: number;
}

export interface Frame {
  readonly kind: "frame";
  readonly direction: Direction;
  readonly connection: ConnectionId;
  /** Time of the packet that carried the frame's first byte, when the input has times. */
  readonly timestamp?: Timestamp;
  readonly header: IProtoHeader;
  /** Exactly `header.length` bytes. */
  readonly body: Uint8Array;
  /** Offset of the header's first byte in its direction's stream (0 = first byte after the SYN). */
  readonly offset: number;
  /** Packet that carried the frame's first byte / its last byte (absent for non-packet input). */
  readonly firstPacket?: number;
  readonly lastPacket?: number;
}

export type AnomalyKind =
  /** The stream (or file) ended inside a frame. */
  | "truncated-frame"
  /** A header's length exceeds `maxFrameSize`: not allocated, the reader resyncs. */
  | "absurd-length"
  /** A header the `isPlausible` hook rejected in a synchronised stream: the reader resyncs. */
  | "implausible-header"
  /** Bytes skipped while looking for a plausible header (mid-stream start, after a gap or a bad header). */
  | "resync"
  /** Bytes of a TCP stream never seen (lost by the capture, or beyond the out-of-order buffer). */
  | "gap"
  /** A packet was captured shorter than it was sent (snap length): the rest counts as a gap. */
  | "truncated-packet"
  /** A packet whose link, IP or TCP header cannot be decoded. */
  | "undecodable-packet"
  /** An IPv4 fragment: fragments are not reassembled. */
  | "ip-fragment"
  /** An interface or file whose link type is not supported: its packets are skipped. */
  | "unsupported-link-type"
  /** The capture file ends inside a header, record or block. */
  | "truncated-file"
  /** A record or block whose structure is impossible: the rest of the file is not read. */
  | "corrupt-file"
  /** A text line that looks like data but cannot be read as hex. */
  | "unreadable-line";

export interface Anomaly {
  readonly kind: "anomaly";
  readonly type: AnomalyKind;
  readonly where: Location;
  readonly message: string;
  readonly timestamp?: Timestamp;
  /** Bytes concerned (skipped, missing, truncated), when meaningful. */
  readonly bytes?: number;
}

export interface ConnectionOpened {
  readonly kind: "connection-opened";
  readonly connection: ConnectionId;
  readonly timestamp?: Timestamp;
  readonly packet?: number;
  /**
   * The conversation was seen from its start: the TCP handshake was captured, or the input is a file
   * stream or dump. False for a TCP connection first seen mid-stream.
   */
  readonly fromStart: boolean;
}

/**
 * "evicted": more than `maxConnections` were open at once and this one was the least recently active.
 * "superseded": a new SYN on the same endpoints started another connection before a FIN or RST was seen.
 */
export type CloseReason = "fin" | "rst" | "end-of-input" | "evicted" | "superseded";

export interface ConnectionClosed {
  readonly kind: "connection-closed";
  readonly connection: ConnectionId;
  readonly timestamp?: Timestamp;
  readonly packet?: number;
  /** "end-of-input": the input ended with the connection still open. */
  readonly reason: CloseReason;
}

export type CaptureItem = Frame | Anomaly | ConnectionOpened | ConnectionClosed;
