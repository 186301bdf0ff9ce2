import type { Timestamp } from "./types.js";

/** One record of a capture file, before any protocol is decoded. */
export interface CapturedPacket {
  readonly kind: "packet";
  /** 1-based, counting every packet record of the file (as Wireshark numbers frames). */
  readonly number: number;
  /** Offset of the packet's first data byte in the file. */
  readonly fileOffset: number;
  /** LINKTYPE_* value (tcpdump.org/linktypes.html). */
  readonly linkType: number;
  readonly timestamp?: Timestamp;
  /** The captured bytes: a view into the input, no copy. */
  readonly data: Uint8Array;
  /** Length on the wire; more than `data.length` when the snap length cut the packet. */
  readonly originalLength: number;
}
