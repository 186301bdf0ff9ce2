import { describe, expect, it } from "vitest";
import { CaptureError, detectFormat, readFrames } from "../../compiler/capture/index.js";
import { body, concat, frameBytes, le32, type FrameSpec } from "./builders.js";
import { collect, streamOf, view } from "./conversation.js";

const FRAMES: FrameSpec[] = [
  { msg: 0xff00, sync: 0xb16ddf23, body: body() },
  { msg: 13, sync: 1, body: body(0, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 4, 1, 0, 0, 0) },
  { msg: 17, sync: 0xffffffff, body: body(0xde, 0xad) },
];

describe("raw iproto stream", () => {
  it("is detected by a plausible first header and yields every frame with its offset", () => {
    const bytes = streamOf(FRAMES);
    expect(detectFormat(bytes)).toBe("raw");
    const { frames, anomalies, items } = collect(readFrames(bytes));
    expect(frames).toEqual(FRAMES.map((f) => view(f)));
    expect(anomalies).toEqual([]);
    expect(items.filter((i) => i.kind === "frame").map((f) => (f.kind === "frame" ? f.offset : -1))).toEqual([0, 12, 41]);
    expect(items[0]).toMatchObject({ kind: "connection-opened", fromStart: true });
    expect(items.at(-1)).toMatchObject({ kind: "connection-closed", reason: "end-of-input" });
  });

  it("reports a truncated last frame with what arrived", () => {
    const bytes = streamOf(FRAMES);
    const { frames, items } = collect(readFrames(bytes.subarray(0, bytes.length - 1)));
    expect(frames).toEqual(FRAMES.slice(0, 2).map((f) => view(f)));
    expect(items.find((i) => i.kind === "anomaly")).toMatchObject({ type: "truncated-frame", where: { streamOffset: 41 }, bytes: 13 });
  });

  it("treats a length above maxFrameSize as an anomaly and resyncs on the next frames", () => {
    const absurd = Uint8Array.from([...le32(5), ...le32(0x7fffffff), ...le32(9)]);
    const bytes = concat([frameBytes(FRAMES[1] as FrameSpec), absurd, streamOf(FRAMES)]);
    const { frames, anomalies, items } = collect(readFrames(bytes, { maxFrameSize: 1024 }));
    expect(frames).toEqual([FRAMES[1], ...FRAMES].map((f) => view(f as FrameSpec)));
    expect(anomalies).toEqual(["absurd-length", "resync"]);
    expect(items.find((i) => i.kind === "anomaly" && i.type === "resync")).toMatchObject({ bytes: 12, where: { streamOffset: 29 } });
  });

  it("lets a schema-aware isPlausible reject headers and find the real ones", () => {
    const junk = Uint8Array.from([...le32(99), ...le32(0), ...le32(0), 1, 2, 3]);
    const bytes = concat([streamOf(FRAMES.slice(0, 1)), junk, streamOf(FRAMES.slice(1))]);
    const known = new Set([0xff00, 13, 17]);
    const { frames, anomalies } = collect(readFrames(bytes, { isPlausible: (h) => known.has(h.msg) }));
    expect(frames).toEqual(FRAMES.map((f) => view(f)));
    expect(anomalies).toEqual(["implausible-header", "resync"]);
  });

  it("throws CaptureError only for unrecognised input", () => {
    expect(() => readFrames(new Uint8Array(0))).toThrow(CaptureError);
    expect(() => readFrames(Uint8Array.from([1, 2, 3]))).toThrow(/not a pcap or pcapng file/);
    expect(() => readFrames(Uint8Array.from([...le32(1), ...le32(0xffffffff), ...le32(0), 0]))).toThrow(CaptureError);
    expect(() => readFrames(new TextEncoder().encode("hello world, nothing here\n"))).toThrow(CaptureError);
    expect(() => readFrames(streamOf(FRAMES), { maxFrameSize: 0 })).toThrow(/maxFrameSize/);
  });
});
