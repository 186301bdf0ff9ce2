/**
 * pcapng files (tcpdump --pcapng, dumpcap): blocks of type, length, body, length again. Each Section
 * Header Block sets the byte order (its byte-order magic) and starts a new list of interfaces; an
 * Interface Description Block gives an interface's link type, snap length and timestamp resolution;
 * packets come in Enhanced (EPB), Simple (SPB) or obsolete Packet Blocks. Other blocks are skipped.
 */
import { u16, u32 } from "./binary.js";
import type { CapturedPacket } from "./captured-packet.js";
import type { Anomaly, Timestamp } from "./types.js";

const SHB = 0x0a0d0d0a;
const IDB = 1;
const OBSOLETE_PB = 2;
const SPB = 3;
const EPB = 6;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_END = 0;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

interface Interface {
  readonly linkType: number;
  readonly snapLength: number;
  /** Timestamp units per second. */
  readonly unitsPerSecond: bigint;
  readonly offsetSeconds: bigint;
}

export function isPcapng(data: Uint8Array): boolean {
  if (data.length < 12 || u32(data, 0, false) !== SHB) return false;
  const magic = u32(data, 8, true);
  return magic === BYTE_ORDER_MAGIC || magic === 0x4d3c2b1a;
}

function fileAnomaly(type: "truncated-file" | "corrupt-file", fileOffset: number, message: string): Anomaly {
  return { kind: "anomaly", type, where: { fileOffset }, message };
}

function packetAnomaly(packet: number, fileOffset: number, message: string): Anomaly {
  return { kind: "anomaly", type: "undecodable-packet", where: { packet, fileOffset }, message };
}

/** Reads an IDB's options for the timestamp resolution and offset; malformed options end the scan. */
function interfaceOf(data: Uint8Array, body: number, end: number, le: boolean): Interface {
  const linkType = u16(data, body, le);
  const snapLength = u32(data, body + 4, le);
  let unitsPerSecond = 1_000_000n;
  let offsetSeconds = 0n;
  let p = body + 8;
  while (p + 4 <= end) {
    const code = u16(data, p, le);
    const length = u16(data, p + 2, le);
    const value = p + 4;
    if (code === OPT_END || value + length > end) break;
    if (code === IF_TSRESOL && length >= 1) {
      const resolution = data[value] ?? 6;
      const exponent = BigInt(resolution & 0x7f);
      // Above 10^-18 or 2^-63 no clock exists; such a value is damage, keep the default.
      if ((resolution & 0x80) === 0 ? exponent <= 18n : exponent <= 63n) {
        unitsPerSecond = (resolution & 0x80) === 0 ? 10n ** exponent : 2n ** exponent;
      }
    } else if (code === IF_TSOFFSET && length >= 8) {
      const high = BigInt(u32(data, value + (le ? 4 : 0), le));
      const low = BigInt(u32(data, value + (le ? 0 : 4), le));
      offsetSeconds = BigInt.asIntN(64, (high << 32n) | low);
    }
    p = value + ((length + 3) & ~3);
  }
  return { linkType, snapLength, unitsPerSecond, offsetSeconds };
}

function timestampOf(iface: Interface, high: number, low: number): Timestamp {
  const units = (BigInt(high) << 32n) | BigInt(low);
  const seconds = units / iface.unitsPerSecond + iface.offsetSeconds;
  const nanoseconds = ((units % iface.unitsPerSecond) * 1_000_000_000n) / iface.unitsPerSecond;
  return { seconds: Number(seconds), nanoseconds: Number(nanoseconds) };
}

export function* readPcapng(data: Uint8Array): Generator<CapturedPacket | Anomaly> {
  let le = true;
  let interfaces: Interface[] = [];
  let offset = 0;
  let number = 0;
  while (offset < data.length) {
    if (data.length - offset < 12) {
      yield fileAnomaly("truncated-file", offset, `block header cut at ${data.length - offset} bytes`);
      return;
    }
    const type = u32(data, offset, le);
    // The SHB type reads the same in both byte orders (0a0d0d0a).
    if (type === SHB) {
      // The section's own magic decides the byte order of everything up to the next section.
      const magic = u32(data, offset + 8, true);
      if (magic === BYTE_ORDER_MAGIC) le = true;
      else if (magic === 0x4d3c2b1a) le = false;
      else {
        yield fileAnomaly("corrupt-file", offset + 8, `section header byte-order magic ${magic.toString(16)} is neither order of 1a2b3c4d`);
        return;
      }
      interfaces = [];
    }
    const length = u32(data, offset + 4, le);
    if (length < 12 || length % 4 !== 0) {
      yield fileAnomaly("corrupt-file", offset, `block type ${u32(data, offset, le)} has impossible length ${length}; the rest of the file is not read`);
      return;
    }
    if (length > data.length - offset) {
      yield fileAnomaly("truncated-file", offset, `block cut at ${data.length - offset} of ${length} bytes`);
      return;
    }
    const end = offset + length - 4;
    if (u32(data, end, le) !== length) {
      yield fileAnomaly("corrupt-file", end, `block lengths disagree (${length} before, ${u32(data, end, le)} after); the rest of the file is not read`);
      return;
    }
    const blockType = u32(data, offset, le);
    const body = offset + 8;
    if (blockType === IDB && end - body >= 8) {
      interfaces.push(interfaceOf(data, body, end, le));
    } else if (blockType === EPB || blockType === OBSOLETE_PB) {
      number++;
      const enhanced = blockType === EPB;
      const headerSize = 20;
      const interfaceId = enhanced ? u32(data, body, le) : u16(data, body, le);
      const iface = interfaces[interfaceId];
      const captured = u32(data, body + 12, le);
      const original = u32(data, body + 16, le);
      const start = body + headerSize;
      if (end - body < headerSize || captured > end - start) {
        yield packetAnomaly(number, offset, `packet block's captured length ${captured} exceeds its block`);
      } else if (iface === undefined) {
        yield packetAnomaly(number, offset, `packet on interface ${interfaceId}, which no interface block described`);
      } else {
        yield {
          kind: "packet",
          number,
          fileOffset: start,
          linkType: iface.linkType,
          timestamp: timestampOf(iface, u32(data, body + 4, le), u32(data, body + 8, le)),
          data: data.subarray(start, start + captured),
          originalLength: Math.max(original, captured),
        };
      }
    } else if (blockType === SPB && end - body >= 4) {
      number++;
      const iface = interfaces[0];
      const original = u32(data, body, le);
      const start = body + 4;
      // An SPB has no captured length: the packet is the lesser of its length, the snap length, the block.
      let captured = Math.min(original, end - start);
      if (iface !== undefined && iface.snapLength > 0) captured = Math.min(captured, iface.snapLength);
      if (iface === undefined) yield packetAnomaly(number, offset, "simple packet block before any interface block");
      else yield { kind: "packet", number, fileOffset: start, linkType: iface.linkType, data: data.subarray(start, start + captured), originalLength: original };
    }
    offset += length;
  }
}
