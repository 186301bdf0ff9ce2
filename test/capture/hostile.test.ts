/**
 * Hostile input: every truncation of small capture files, absurd lengths, seeded random garbage and
 * mutations. The reader may only throw CaptureError (at the call, for an unrecognised input), must
 * finish, and must not allocate what a length field claims.
 */
import { describe, expect, it } from "vitest";
import { CaptureError, readFrames, type CaptureItem } from "../../compiler/capture/index.js";
import { concat, ipPacket, le32, linkFrame, pcapFile, pcapngFile, seeded, randomBytes, type FrameSpec, type PacketRecord } from "./builders.js";
import { CLIENT, SERVER, dataSegments, finishing, handshake, streamOf } from "./conversation.js";

const FRAMES: FrameSpec[] = [
  { msg: 17, sync: 1, body: Uint8Array.from([1, 2, 3, 4, 5]) },
  { msg: 65280, sync: 2, body: new Uint8Array(0) },
];
const STREAM = streamOf(FRAMES);
const RECORDS: PacketRecord[] = [...handshake(CLIENT, SERVER, 10, 20), ...dataSegments(CLIENT, SERVER, 10, STREAM, [9]), ...finishing(CLIENT, SERVER, 11 + STREAM.length, 21)].map((s, i) => ({
  data: linkFrame("ethernet", ipPacket(s)),
  seconds: i,
}));
const PCAP = pcapFile(1, RECORDS);
const PCAPNG = pcapngFile([{ linkType: 1 }, { linkType: 113 }], RECORDS);

/** Offsets where a record (pcap) or block (pcapng) ends: a cut there leaves a well-formed shorter file. */
function boundaries(file: Uint8Array, pcapng: boolean): Set<number> {
  const view = Buffer.from(file);
  const ends = new Set<number>(pcapng ? [] : [24]);
  for (let at = pcapng ? 0 : 24; at < file.length; ) {
    at += pcapng ? view.readUInt32LE(at + 4) : 16 + view.readUInt32LE(at + 8);
    ends.add(at);
  }
  return ends;
}

/** Reads everything; returns the items or the CaptureError. Anything else thrown fails the test. */
function drain(input: Uint8Array, options?: Parameters<typeof readFrames>[1]): CaptureItem[] | CaptureError {
  try {
    return [...readFrames(input, options)];
  } catch (error) {
    if (error instanceof CaptureError) return error;
    throw new Error(`threw ${String(error)} for input ${Buffer.from(input.subarray(0, 64)).toString("hex")}`, { cause: error });
  }
}

describe("hostile input", () => {
  for (const [name, file] of [
    ["pcap", PCAP],
    ["pcapng", PCAPNG],
  ] as const) {
    it(`reads a ${name} file truncated at every offset without throwing past the magic`, () => {
      const clean = boundaries(file, name === "pcapng");
      for (let end = 0; end <= file.length; end++) {
        const result = drain(file.subarray(0, end));
        if (result instanceof CaptureError) {
          expect(end, `only a cut inside the magic is unrecognisable`).toBeLessThan(name === "pcap" ? 4 : 12);
          continue;
        }
        const frames = result.filter((i) => i.kind === "frame");
        expect(frames.length).toBeLessThanOrEqual(FRAMES.length);
        if (!clean.has(end)) expect(result.some((i) => i.kind === "anomaly" && i.type === "truncated-file"), `cut at ${end}`).toBe(true);
      }
      expect((drain(file) as CaptureItem[]).filter((i) => i.kind === "frame")).toHaveLength(FRAMES.length);
    });
  }

  it("stops at an absurd record or block length instead of allocating it", () => {
    const pcap = PCAP.slice();
    pcap.set(le32(0x7fffffff), 24 + 8); // first record's captured length
    expect((drain(pcap) as CaptureItem[]).map((i) => (i.kind === "anomaly" ? i.type : i.kind))).toEqual(["corrupt-file"]);
    const pcapng = PCAPNG.slice();
    pcapng.set(le32(0x7ffffff0), 4 + 28); // the first IDB's length (the SHB is 28 bytes)
    expect((drain(pcapng) as CaptureItem[]).map((i) => (i.kind === "anomaly" ? i.type : i.kind))).toEqual(["truncated-file"]);
  });

  it("bounds a hexdump '*' that claims gigabytes, and frame lengths up to 4 GiB", () => {
    const star = new TextEncoder().encode("00000000  11 00 00 00 00 00 00 00  01 00 00 00 00 00 00 00  |................|\n*\nfffffff0\n");
    const t0 = Date.now();
    expect(drain(star)).toBeInstanceOf(Array);
    expect(Date.now() - t0).toBeLessThan(10_000);
    const huge = concat([Uint8Array.from([...le32(1), ...le32(0xffffffff), ...le32(1)]), STREAM]);
    const items = drain(huge, { format: "raw" }) as CaptureItem[];
    expect(items.filter((i) => i.kind === "frame")).toHaveLength(FRAMES.length);
    expect(items.filter((i) => i.kind === "anomaly").map((i) => (i.kind === "anomaly" ? i.type : ""))).toEqual(["absurd-length", "resync"]);
  });

  it("survives seeded random garbage and mutations of every format in bounded time", () => {
    const random = seeded(12345);
    const hexText = new TextEncoder().encode(Buffer.from(STREAM).toString("hex").replace(/(..)/g, "$1 "));
    const dump = new TextEncoder().encode(`X: 1.2.3.4:5: send header: 11 00 00 00 05 00 00 00 01 00 00 00\nX: 1.2.3.4:5: send payload: 01 02 03 04 05\n`);
    const seeds = [PCAP, PCAPNG, STREAM, hexText, dump];
    const started = Date.now();
    let recognised = 0;
    for (let n = 0; n < 4000; n++) {
      let input: Uint8Array;
      if (n % 3 === 0) {
        input = randomBytes(random, Math.floor(random() * 400));
      } else {
        input = (seeds[n % seeds.length] as Uint8Array).slice();
        const flips = 1 + Math.floor(random() * 8);
        for (let k = 0; k < flips && input.length > 0; k++) input[Math.floor(random() * input.length)] = Math.floor(random() * 256);
        if (random() < 0.3) input = input.subarray(0, Math.floor(random() * input.length));
      }
      const result = drain(input, n % 7 === 0 ? { maxFrameSize: 64, maxOutOfOrderBytes: 32, maxConnections: 1 } : undefined);
      if (!(result instanceof CaptureError)) recognised++;
    }
    expect(recognised).toBeGreaterThan(1000);
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
