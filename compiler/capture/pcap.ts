/**
 * Classic libpcap files (tcpdump -w): a 24-byte global header whose magic gives the byte order and the
 * timestamp resolution (a1b2c3d4 microseconds, a1b23c4d nanoseconds), then 16-byte record headers.
 */
import { u16, u32 } from "./binary.js";
import type { CapturedPacket } from "./captured-packet.js";
import type { Anomaly } from "./types.js";

const GLOBAL_HEADER_SIZE = 24;
const RECORD_HEADER_SIZE = 16;
/** No link layer carries more in one packet; a larger record length means the file is damaged. */
export const MAX_RECORD_SIZE = 16 * 1024 * 1024;

interface PcapVariant {
  readonly littleEndian: boolean;
  readonly nanoseconds: boolean;
}

/** The variant a file's first four bytes announce, if they are a pcap magic. */
export function pcapVariant(data: Uint8Array): PcapVariant | undefined {
  if (data.length < 4) return undefined;
  const magic = u32(data, 0, false);
  switch (magic) {
    case 0xa1b2c3d4:
      return { littleEndian: false, nanoseconds: false };
    case 0xd4c3b2a1:
      return { littleEndian: true, nanoseconds: false };
    case 0xa1b23c4d:
      return { littleEndian: false, nanoseconds: true };
    case 0x4d3cb2a1:
      return { littleEndian: true, nanoseconds: true };
    default:
      return undefined;
  }
}

function fileAnomaly(type: "truncated-file" | "corrupt-file", fileOffset: number, message: string, packet?: number): Anomaly {
  return { kind: "anomaly", type, where: { fileOffset, ...(packet === undefined ? {} : { packet }) }, message };
}

export function* readPcap(data: Uint8Array): Generator<CapturedPacket | Anomaly> {
  const variant = pcapVariant(data);
  if (variant === undefined) return;
  if (data.length < GLOBAL_HEADER_SIZE) {
    yield fileAnomaly("truncated-file", 0, `pcap global header cut at ${data.length} of ${GLOBAL_HEADER_SIZE} bytes`);
    return;
  }
  const le = variant.littleEndian;
  // The upper bits of the link-type field carry FCS information (pcap-savefile(5)); the type is below.
  const linkType = u32(data, 20, le) & 0x0fffffff;
  const versionMajor = u16(data, 4, le);
  if (versionMajor !== 2) {
    yield fileAnomaly("corrupt-file", 4, `pcap version ${versionMajor}.${u16(data, 6, le)} is not 2.x`);
    return;
  }
  let offset = GLOBAL_HEADER_SIZE;
  let number = 0;
  while (offset < data.length) {
    number++;
    if (data.length - offset < RECORD_HEADER_SIZE) {
      yield fileAnomaly("truncated-file", offset, `record header cut at ${data.length - offset} of ${RECORD_HEADER_SIZE} bytes`, number);
      return;
    }
    const seconds = u32(data, offset, le);
    const fraction = u32(data, offset + 4, le);
    const capturedLength = u32(data, offset + 8, le);
    const originalLength = u32(data, offset + 12, le);
    if (capturedLength > MAX_RECORD_SIZE) {
      yield fileAnomaly("corrupt-file", offset, `record announces ${capturedLength} captured bytes; the rest of the file is not read`, number);
      return;
    }
    const start = offset + RECORD_HEADER_SIZE;
    if (data.length - start < capturedLength) {
      yield fileAnomaly("truncated-file", offset, `record data cut at ${data.length - start} of ${capturedLength} bytes`, number);
      return;
    }
    const nanos = variant.nanoseconds ? fraction : fraction * 1000;
    yield {
      kind: "packet",
      number,
      fileOffset: start,
      linkType,
      timestamp: { seconds: seconds + Math.floor(nanos / 1e9), nanoseconds: nanos % 1e9 },
      data: data.subarray(start, start + capturedLength),
      originalLength: Math.max(originalLength, capturedLength),
    };
    offset = start + capturedLength;
  }
}
