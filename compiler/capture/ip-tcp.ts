/**
 * IPv4 / IPv6 down to the TCP segment. IPv4 options are skipped by the header length; IPv6 extension
 * headers by their chain. Fragments are reported, not reassembled: iproto over TCP is never fragmented
 * by a sane stack, so a fragment is worth showing to the engineer rather than guessing around.
 */
import { u16be, u32be } from "./binary.js";
import { ipv4Text, ipv6Text } from "./ip-address.js";
import type { Endpoint } from "./types.js";

const PROTOCOL_TCP = 6;
const NO_NEXT_HEADER = 59;
const FRAGMENT_HEADER = 44;
const AUTH_HEADER = 51;
/** Extension headers whose length is (byte 1 + 1) * 8: hop-by-hop, routing, destination, mobility, HIP, shim6. */
const GENERIC_EXTENSIONS = new Set([0, 43, 60, 135, 139, 140]);

export interface TcpSegment {
  readonly source: Endpoint;
  readonly destination: Endpoint;
  readonly seq: number;
  readonly ack: number;
  readonly syn: boolean;
  readonly ackFlag: boolean;
  readonly fin: boolean;
  readonly rst: boolean;
  /** The captured payload (a view); shorter than `payloadLength` when the capture cut the packet. */
  readonly payload: Uint8Array;
  /** The payload length the IP header announces. */
  readonly payloadLength: number;
}

export type IpResult =
  | { readonly kind: "tcp"; readonly segment: TcpSegment }
  | { readonly kind: "not-tcp" }
  | { readonly kind: "fragment"; readonly message: string }
  | { readonly kind: "undecodable"; readonly message: string };

function undecodable(message: string): IpResult {
  return { kind: "undecodable", message };
}

export function decodeIp(data: Uint8Array, offset: number): IpResult {
  if (data.length <= offset) return undecodable("no IP header captured");
  const version = (data[offset] ?? 0) >> 4;
  if (version === 4) return decodeIpv4(data, offset);
  if (version === 6) return decodeIpv6(data, offset);
  return undecodable(`IP version ${version}`);
}

function decodeIpv4(data: Uint8Array, offset: number): IpResult {
  if (data.length - offset < 20) return undecodable(`IPv4 header needs 20 bytes, ${data.length - offset} captured`);
  const headerLength = ((data[offset] ?? 0) & 0x0f) * 4;
  let totalLength = u16be(data, offset + 2);
  // A sender using segmentation offload is captured before the NIC fills the length in: 0 means "all".
  if (totalLength === 0) totalLength = data.length - offset;
  if (headerLength < 20 || totalLength < headerLength) return undecodable(`IPv4 header length ${headerLength}, total length ${totalLength}`);
  if (data.length - offset < headerLength) return undecodable(`IPv4 options cut by the capture`);
  const flagsAndFragment = u16be(data, offset + 6);
  const moreFragments = (flagsAndFragment & 0x2000) !== 0;
  const fragmentOffset = (flagsAndFragment & 0x1fff) * 8;
  const protocol = data[offset + 9] ?? 0;
  const source = ipv4Text(data, offset + 12);
  const destination = ipv4Text(data, offset + 16);
  if (moreFragments || fragmentOffset !== 0) {
    if (protocol !== PROTOCOL_TCP) return { kind: "not-tcp" };
    return { kind: "fragment", message: `IPv4 fragment ${source} -> ${destination} id ${u16be(data, offset + 4)} at offset ${fragmentOffset}; fragments are not reassembled` };
  }
  if (protocol !== PROTOCOL_TCP) return { kind: "not-tcp" };
  return decodeTcp(data, offset + headerLength, offset + totalLength, source, destination);
}

function decodeIpv6(data: Uint8Array, offset: number): IpResult {
  if (data.length - offset < 40) return undecodable(`IPv6 header needs 40 bytes, ${data.length - offset} captured`);
  const payloadLength = u16be(data, offset + 4);
  // 0 is a jumbogram or offloaded segment: take what was captured.
  const end = payloadLength === 0 ? data.length : offset + 40 + payloadLength;
  const source = ipv6Text(data, offset + 8);
  const destination = ipv6Text(data, offset + 24);
  let next = data[offset + 6] ?? NO_NEXT_HEADER;
  let p = offset + 40;
  // Every extension header is at least 8 bytes, so this walk ends within the packet.
  while (next !== PROTOCOL_TCP) {
    if (next === NO_NEXT_HEADER) return { kind: "not-tcp" };
    if (data.length - p < 8) return undecodable("IPv6 extension header cut by the capture");
    if (next === FRAGMENT_HEADER) {
      const fragment = u16be(data, p + 2);
      if ((fragment & 0xfff8) !== 0 || (fragment & 1) !== 0) {
        return { kind: "fragment", message: `IPv6 fragment ${source} -> ${destination} id ${u32be(data, p + 4)} at offset ${fragment & 0xfff8}; fragments are not reassembled` };
      }
      next = data[p] ?? NO_NEXT_HEADER;
      p += 8;
    } else if (next === AUTH_HEADER) {
      next = data[p] ?? NO_NEXT_HEADER;
      p += ((data[p + 1] ?? 0) + 2) * 4;
    } else if (GENERIC_EXTENSIONS.has(next)) {
      next = data[p] ?? NO_NEXT_HEADER;
      p += ((data[p + 1] ?? 0) + 1) * 8;
    } else {
      return { kind: "not-tcp" };
    }
  }
  if (p > end) return undecodable("IPv6 extension headers run past the payload length");
  return decodeTcp(data, p, end, source, destination);
}

function decodeTcp(data: Uint8Array, offset: number, end: number, source: string, destination: string): IpResult {
  if (data.length - offset < 20) return undecodable(`TCP header needs 20 bytes, ${Math.max(0, data.length - offset)} captured`);
  const headerLength = ((data[offset + 12] ?? 0) >> 4) * 4;
  if (headerLength < 20 || offset + headerLength > end) return undecodable(`TCP header length ${headerLength} does not fit the IP payload`);
  if (data.length - offset < headerLength) return undecodable("TCP options cut by the capture");
  const flags = data[offset + 13] ?? 0;
  const payloadStart = offset + headerLength;
  return {
    kind: "tcp",
    segment: {
      source: { address: source, port: u16be(data, offset) },
      destination: { address: destination, port: u16be(data, offset + 2) },
      seq: u32be(data, offset + 4),
      ack: u32be(data, offset + 8),
      fin: (flags & 0x01) !== 0,
      syn: (flags & 0x02) !== 0,
      rst: (flags & 0x04) !== 0,
      ackFlag: (flags & 0x10) !== 0,
      payload: data.subarray(payloadStart, Math.min(end, data.length)),
      payloadLength: end - payloadStart,
    },
  };
}
