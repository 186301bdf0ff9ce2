/**
 * Byte builders for capture tests: iproto frames, TCP/IP packets on several link layers, and pcap /
 * pcapng files in either byte order. Written from the specifications, independently of the reader.
 */
export interface FrameSpec {
  readonly msg: number;
  readonly sync: number;
  readonly body: Uint8Array;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function le32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

export function frameBytes(frame: FrameSpec): Uint8Array {
  return concat([Uint8Array.from([...le32(frame.msg), ...le32(frame.body.length), ...le32(frame.sync)]), frame.body]);
}

export function body(...bytes: number[]): Uint8Array {
  return Uint8Array.from(bytes);
}

export { seeded } from "../support/seeded.js";

export function randomBytes(random: () => number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(random() * 256);
  return out;
}

export interface Address {
  readonly ip: string;
  readonly port: number;
}

export interface TcpSpec {
  readonly from: Address;
  readonly to: Address;
  readonly seq: number;
  readonly ack?: number;
  readonly flags?: { syn?: boolean; ack?: boolean; fin?: boolean; rst?: boolean; psh?: boolean };
  readonly payload?: Uint8Array;
}

function ipBytes(ip: string): number[] {
  if (!ip.includes(":")) return ip.split(".").map(Number);
  const [head = "", tail = ""] = ip.split("::");
  const h = head === "" ? [] : head.split(":");
  const t = ip.includes("::") ? (tail === "" ? [] : tail.split(":")) : [];
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t];
  return groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
}

function be16(v: number): number[] {
  return [(v >> 8) & 0xff, v & 0xff];
}

function be32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

export function tcpSegment(spec: TcpSpec): Uint8Array {
  const f = spec.flags ?? { ack: true, psh: true };
  const flags = (f.fin ? 1 : 0) | (f.syn ? 2 : 0) | (f.rst ? 4 : 0) | (f.psh ? 8 : 0) | (f.ack ? 16 : 0);
  const header = [...be16(spec.from.port), ...be16(spec.to.port), ...be32(spec.seq >>> 0), ...be32(spec.ack ?? 0), 5 << 4, flags, ...be16(65535), 0, 0, 0, 0];
  return concat([Uint8Array.from(header), spec.payload ?? new Uint8Array(0)]);
}

export interface IpOptions {
  /** IPv4 options bytes (padded to 4 by the caller). */
  readonly ipv4Options?: number[];
  /** IPv4 flags/fragment field. */
  readonly fragment?: number;
  /** IPv6 extension headers to chain before TCP: [type, bytes-including-next-and-length]. */
  readonly ipv6Extensions?: { type: number; bytes: number[] }[];
}

export function ipPacket(spec: TcpSpec, options: IpOptions = {}): Uint8Array {
  const tcp = tcpSegment(spec);
  if (!spec.from.ip.includes(":")) {
    const opts = options.ipv4Options ?? [];
    const ihl = 5 + opts.length / 4;
    const total = ihl * 4 + tcp.length;
    const header = [0x40 | ihl, 0, ...be16(total), 0x12, 0x34, ...be16(options.fragment ?? 0x4000), 64, 6, 0, 0, ...ipBytes(spec.from.ip), ...ipBytes(spec.to.ip), ...opts];
    return concat([Uint8Array.from(header), tcp]);
  }
  const extensions = options.ipv6Extensions ?? [];
  const chain: number[] = [];
  extensions.forEach((ext, i) => {
    const next = extensions[i + 1]?.type ?? 6;
    chain.push(next, ...ext.bytes.slice(1));
  });
  const first = extensions[0]?.type ?? 6;
  const header = [0x60, 0, 0, 0, ...be16(chain.length + tcp.length), first, 64, ...ipBytes(spec.from.ip), ...ipBytes(spec.to.ip)];
  return concat([Uint8Array.from(header), Uint8Array.from(chain), tcp]);
}

export type LinkKind = "ethernet" | "vlan" | "sll" | "sll2" | "null-le" | "null-be" | "loop" | "raw";

export const LINK_TYPE: Record<LinkKind, number> = { ethernet: 1, vlan: 1, sll: 113, sll2: 276, "null-le": 0, "null-be": 0, loop: 108, raw: 101 };

export function linkFrame(kind: LinkKind, ip: Uint8Array): Uint8Array {
  const v6 = (ip[0] ?? 0) >> 4 === 6;
  const etherType = v6 ? 0x86dd : 0x0800;
  const macs = [2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2];
  switch (kind) {
    case "ethernet":
      return concat([Uint8Array.from([...macs, ...be16(etherType)]), ip]);
    case "vlan":
      return concat([Uint8Array.from([...macs, 0x81, 0x00, 0x00, 0x2a, ...be16(etherType)]), ip]);
    case "sll":
      return concat([Uint8Array.from([0, 0, 0, 1, 0, 6, ...macs.slice(0, 6), 0, 0, ...be16(etherType)]), ip]);
    case "sll2":
      return concat([Uint8Array.from([...be16(etherType), 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, ...macs.slice(0, 6), 0, 0]), ip]);
    case "null-le":
      return concat([Uint8Array.from(le32(v6 ? 30 : 2)), ip]);
    case "null-be":
      return concat([Uint8Array.from(be32(v6 ? 24 : 2)), ip]);
    case "loop":
      return concat([Uint8Array.from(be32(v6 ? 28 : 2)), ip]);
    case "raw":
      return ip;
  }
}

export interface PacketRecord {
  readonly data: Uint8Array;
  readonly seconds?: number;
  readonly nanoseconds?: number;
  readonly originalLength?: number;
  readonly interfaceId?: number;
}

function u32(v: number, little: boolean): number[] {
  return little ? le32(v) : be32(v);
}

function u16(v: number, little: boolean): number[] {
  return little ? [v & 0xff, (v >> 8) & 0xff] : be16(v);
}

export function pcapFile(linkType: number, packets: readonly PacketRecord[], options: { littleEndian?: boolean; nano?: boolean } = {}): Uint8Array {
  const little = options.littleEndian ?? true;
  const magic = options.nano === true ? 0xa1b23c4d : 0xa1b2c3d4;
  const parts: Uint8Array[] = [Uint8Array.from([...u32(magic, little), ...u16(2, little), ...u16(4, little), ...u32(0, little), ...u32(0, little), ...u32(262144, little), ...u32(linkType, little)])];
  for (const p of packets) {
    const fraction = options.nano === true ? (p.nanoseconds ?? 0) : Math.floor((p.nanoseconds ?? 0) / 1000);
    parts.push(Uint8Array.from([...u32(p.seconds ?? 0, little), ...u32(fraction, little), ...u32(p.data.length, little), ...u32(p.originalLength ?? p.data.length, little)]), p.data);
  }
  return concat(parts);
}

function pad4(bytes: number[]): number[] {
  while (bytes.length % 4 !== 0) bytes.push(0);
  return bytes;
}

function block(type: number, bodyBytes: number[], little: boolean): Uint8Array {
  const length = 12 + bodyBytes.length;
  return Uint8Array.from([...u32(type, little), ...u32(length, little), ...bodyBytes, ...u32(length, little)]);
}

export interface PcapngInterface {
  readonly linkType: number;
  /** if_tsresol byte; default none (microseconds). */
  readonly tsresol?: number;
  readonly snapLength?: number;
}

export function pcapngFile(
  interfaces: readonly PcapngInterface[],
  packets: readonly PacketRecord[],
  options: { littleEndian?: boolean; simple?: boolean; extraBlocks?: boolean } = {},
): Uint8Array {
  const little = options.littleEndian ?? true;
  const parts: Uint8Array[] = [block(0x0a0d0d0a, [...u32(0x1a2b3c4d, little), ...u16(1, little), ...u16(0, little), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], little)];
  for (const iface of interfaces) {
    const opts = iface.tsresol === undefined ? [] : [...u16(9, little), ...u16(1, little), ...pad4([iface.tsresol]), ...u16(0, little), ...u16(0, little)];
    parts.push(block(1, [...u16(iface.linkType, little), 0, 0, ...u32(iface.snapLength ?? 0, little), ...opts], little));
  }
  if (options.extraBlocks === true) parts.push(block(0x00000bad, [1, 2, 3, 4], little)); // custom block: skipped
  for (const p of packets) {
    const data = pad4([...p.data]);
    if (options.simple === true) {
      parts.push(block(3, [...u32(p.originalLength ?? p.data.length, little), ...data], little));
      continue;
    }
    const iface = interfaces[p.interfaceId ?? 0] as PcapngInterface;
    const perSecond = iface.tsresol === undefined ? 1_000_000n : (iface.tsresol & 0x80) !== 0 ? 2n ** BigInt(iface.tsresol & 0x7f) : 10n ** BigInt(iface.tsresol);
    const units = BigInt(p.seconds ?? 0) * perSecond + (BigInt(p.nanoseconds ?? 0) * perSecond) / 1_000_000_000n;
    const high = Number(units >> 32n);
    const low = Number(units & 0xffffffffn);
    parts.push(block(6, [...u32(p.interfaceId ?? 0, little), ...u32(high, little), ...u32(low, little), ...u32(p.data.length, little), ...u32(p.originalLength ?? p.data.length, little), ...data], little));
  }
  return concat(parts);
}
