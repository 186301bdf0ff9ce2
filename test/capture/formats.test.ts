/** Capture files built here: pcap and pcapng in both byte orders, every link type, IPv4 and IPv6. */
import { describe, expect, it } from "vitest";
import { detectFormat, readFrames, type Frame } from "../../compiler/capture/index.js";
import { ipPacket, LINK_TYPE, linkFrame, pcapFile, pcapngFile, type Address, type FrameSpec, type IpOptions, type LinkKind, type PacketRecord, type TcpSpec } from "./builders.js";
import { collect, dataSegments, finishing, handshake, streamOf, view } from "./conversation.js";

const REQUESTS: FrameSpec[] = [
  { msg: 17, sync: 1, body: Uint8Array.from([1, 2, 3]) },
  { msg: 65280, sync: 2, body: new Uint8Array(0) },
];
const REPLIES: FrameSpec[] = REQUESTS.map((r) => ({ msg: r.msg, sync: r.sync, body: Uint8Array.from([0, 0, 0, 0, r.sync]) }));
const EXPECTED = [...REQUESTS.map((f) => view(f, "request")), ...REPLIES.map((f) => view(f, "reply"))];

function segmentsBetween(client: Address, server: Address): TcpSpec[] {
  const requests = streamOf(REQUESTS);
  const replies = streamOf(REPLIES);
  return [
    ...handshake(client, server, 5000, 9000),
    ...dataSegments(client, server, 5000, requests, [7]),
    ...dataSegments(server, client, 9000, replies, [3]),
    ...finishing(client, server, 5001 + requests.length, 9001 + replies.length),
  ];
}

function records(kind: LinkKind, client: Address, server: Address, ip: IpOptions = {}): PacketRecord[] {
  return segmentsBetween(client, server).map((s, i) => ({ data: linkFrame(kind, ipPacket(s, ip)), seconds: 1700000000 + i, nanoseconds: 123456789 }));
}

const V4 = { client: { ip: "192.168.1.10", port: 51000 }, server: { ip: "192.168.1.20", port: 33013 } };
const V6 = { client: { ip: "fe80::1", port: 51000 }, server: { ip: "2001:db8::7:0:0:2", port: 33013 } };
const LINKS: LinkKind[] = ["ethernet", "vlan", "sll", "sll2", "null-le", "null-be", "loop", "raw"];

describe("pcap", () => {
  for (const littleEndian of [true, false]) {
    for (const nano of [false, true]) {
      it(`reads ${littleEndian ? "little" : "big"}-endian ${nano ? "nanosecond" : "microsecond"} files with their timestamps`, () => {
        const file = pcapFile(1, records("ethernet", V4.client, V4.server), { littleEndian, nano });
        expect(detectFormat(file)).toBe("pcap");
        const { frames, anomalies, items } = collect(readFrames(file));
        expect(frames).toEqual(EXPECTED);
        expect(anomalies).toEqual([]);
        const first = items.find((i): i is Frame => i.kind === "frame");
        expect(first?.timestamp).toEqual({ seconds: 1700000003, nanoseconds: nano ? 123456789 : 123456000 });
      });
    }
  }

  for (const link of LINKS) {
    for (const family of [V4, V6]) {
      it(`reads link type ${link} over ${family === V4 ? "IPv4" : "IPv6"}`, () => {
        const { frames, anomalies, items } = collect(readFrames(pcapFile(LINK_TYPE[link], records(link, family.client, family.server))));
        expect(frames).toEqual(EXPECTED);
        expect(anomalies).toEqual([]);
        const label = family === V4 ? "192.168.1.10:51000 <-> 192.168.1.20:33013" : "[fe80::1]:51000 <-> [2001:db8::7:0:0:2]:33013";
        expect(items[0]).toMatchObject({ kind: "connection-opened", connection: { label } });
      });
    }
  }

  it("skips IPv4 options and IPv6 extension headers", () => {
    const v4 = collect(readFrames(pcapFile(1, records("ethernet", V4.client, V4.server, { ipv4Options: [0x94, 4, 0, 0, 1, 1, 1, 0] }))));
    expect(v4.frames).toEqual(EXPECTED);
    const extensions = [
      { type: 0, bytes: [0, 0, 1, 4, 0, 0, 0, 0] }, // hop-by-hop, PadN
      { type: 60, bytes: [0, 1, ...Array<number>(14).fill(0)] }, // destination options, 16 bytes
      { type: 44, bytes: [0, 0, 0, 0, 0, 0, 0, 9] }, // atomic fragment: offset 0, no more fragments
      { type: 51, bytes: [0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1] }, // AH: (1 + 2) * 4 = 12 bytes
    ];
    const v6 = collect(readFrames(pcapFile(101, records("raw", V6.client, V6.server, { ipv6Extensions: extensions }))));
    expect(v6.frames).toEqual(EXPECTED);
    expect(v6.anomalies).toEqual([]);
  });

  it("reports IPv4 fragments and unsupported link types without stopping", () => {
    const fragmented = records("ethernet", V4.client, V4.server);
    const extra = { data: linkFrame("ethernet", ipPacket({ from: V4.client, to: V4.server, seq: 1, payload: new Uint8Array(8) }, { fragment: 0x2000 })) };
    const { frames, anomalies } = collect(readFrames(pcapFile(1, [extra, ...fragmented])));
    expect(frames).toEqual(EXPECTED);
    expect(anomalies).toEqual(["ip-fragment"]);
    const other = collect(readFrames(pcapFile(147, fragmented)));
    expect(other.anomalies).toEqual(["unsupported-link-type"]);
    expect(other.frames).toEqual([]);
  });
});

describe("pcapng", () => {
  for (const littleEndian of [true, false]) {
    it(`reads ${littleEndian ? "little" : "big"}-endian files, several interfaces and resolutions, unknown blocks`, () => {
      const onEthernet = records("ethernet", V4.client, V4.server).map((r) => ({ ...r, interfaceId: 0 }));
      const onCooked = records("sll2", V6.client, V6.server).map((r) => ({ ...r, interfaceId: 1 }));
      const mixed = onEthernet.flatMap((r, i) => [r, onCooked[i] as PacketRecord]);
      const file = pcapngFile([{ linkType: 1 }, { linkType: 276, tsresol: 9 }], mixed, { littleEndian, extraBlocks: true });
      expect(detectFormat(file)).toBe("pcapng");
      const { frames, anomalies, items } = collect(readFrames(file));
      expect(anomalies).toEqual([]);
      const byConnection = (id: number) => items.filter((i): i is Frame => i.kind === "frame" && i.connection.id === id).map((f) => view(f));
      expect(byConnection(1)).toEqual(EXPECTED);
      expect(byConnection(2)).toEqual(EXPECTED);
      expect(frames).toHaveLength(8);
      // Microseconds by default on interface 0; nanoseconds (if_tsresol 9) on interface 1.
      const firstOf = (id: number) => items.find((i): i is Frame => i.kind === "frame" && i.connection.id === id)?.timestamp;
      expect(firstOf(1)).toEqual({ seconds: 1700000003, nanoseconds: 123456000 });
      expect(firstOf(2)).toEqual({ seconds: 1700000003, nanoseconds: 123456789 });
    });
  }

  it("reads simple packet blocks (no timestamps) and binary timestamp resolutions", () => {
    const simple = collect(readFrames(pcapngFile([{ linkType: 1, snapLength: 65535 }], records("ethernet", V4.client, V4.server), { simple: true })));
    expect(simple.frames).toEqual(EXPECTED);
    const binary = collect(readFrames(pcapngFile([{ linkType: 1, tsresol: 0x80 | 20 }], records("ethernet", V4.client, V4.server))));
    const first = binary.items.find((i): i is Frame => i.kind === "frame");
    expect(first?.timestamp?.seconds).toBe(1700000003);
    expect(Math.abs((first?.timestamp?.nanoseconds ?? 0) - 123456789)).toBeLessThan(1000);
  });
});
