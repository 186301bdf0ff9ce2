import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ProtocolError } from "../../runtime/core/errors.js";
import { FrameParser } from "../../runtime/transport/frame-parser.js";
import { frame } from "../client/support.js";

interface Seen {
  msg: number;
  sync: number;
  body: Buffer;
}

function collector(maxFrameSize?: number): { parser: FrameParser; seen: Seen[]; views: Uint8Array[] } {
  const seen: Seen[] = [];
  const views: Uint8Array[] = [];
  const parser = new FrameParser(
    {
      onFrame(msg, sync, body) {
        seen.push({ msg, sync, body: Buffer.from(body) });
        views.push(body);
      },
    },
    maxFrameSize,
  );
  return { parser, seen, views };
}

const frames = [
  frame(17, 1, Buffer.from([1, 2, 3, 4])),
  frame(0xff00, 0xffffffff, Buffer.alloc(0)),
  frame(13, 7, Buffer.from("a body of some length", "utf8")),
  frame(0xffffffff, 2, Buffer.alloc(300, 0xab)),
];
const stream = Buffer.concat(frames);

function expectAll(seen: Seen[]): void {
  expect(seen.map((s) => [s.msg, s.sync, s.body.toString("hex")])).toEqual([
    [17, 1, "01020304"],
    [0xff00, 0xffffffff, ""],
    [13, 7, Buffer.from("a body of some length").toString("hex")],
    [0xffffffff, 2, "ab".repeat(300)],
  ]);
}

describe("FrameParser", () => {
  it("parses many frames from one chunk", () => {
    const { parser, seen } = collector();
    parser.push(stream);
    expectAll(seen);
    expect(parser.buffered).toBe(0);
  });

  it("parses a stream split at every byte boundary (two chunks, each split point)", () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const { parser, seen } = collector();
      parser.push(stream.subarray(0, cut));
      parser.push(stream.subarray(cut));
      expectAll(seen);
    }
  });

  it("parses a stream fed one byte at a time", () => {
    const { parser, seen } = collector();
    for (const byte of stream) parser.push(Uint8Array.of(byte));
    expectAll(seen);
  });

  it("parses any chunking of the stream (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: stream.length }), { maxLength: 20 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), stream.length];
        const { parser, seen } = collector();
        for (let i = 1; i < points.length; i++) parser.push(stream.subarray(points[i - 1], points[i]));
        expectAll(seen);
      }),
    );
  });

  it("never reuses memory of a body it handed out", () => {
    const { parser, views } = collector();
    for (let cut = 1; cut < stream.length; cut += 5) parser.push(stream.subarray(cut - 1, Math.min(cut + 4, stream.length)));
    const first = Buffer.from(views[0] ?? []).toString("hex");
    parser.push(Buffer.concat(frames));
    expect(Buffer.from(views[0] ?? []).toString("hex")).toBe(first);
  });

  it("rejects a frame over the maximum size, including a corrupt 0xFFFFFFFF length, and stops", () => {
    const { parser, seen } = collector(1024);
    const corrupt = Buffer.concat([frames[0] as Buffer, Buffer.from([1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0])]);
    expect(() => parser.push(corrupt)).toThrow(ProtocolError);
    expect(seen).toHaveLength(1);
    parser.push(frames[0] as Buffer);
    expect(seen).toHaveLength(1);
  });

  it("rejects an oversize length that arrives split inside the header", () => {
    const { parser } = collector(1024);
    const header = Buffer.from([1, 0, 0, 0, 0x01, 0x04, 0, 0, 1, 0, 0, 0]);
    parser.push(header.subarray(0, 6));
    expect(() => parser.push(header.subarray(6))).toThrow(/exceeds the maximum frame size of 1024/);
  });

  it("accepts a frame of exactly the maximum size", () => {
    const { parser, seen } = collector(12 + 100);
    parser.push(frame(1, 1, Buffer.alloc(100)));
    expect(seen).toHaveLength(1);
  });

  it("stops mid-chunk when the sink stops it", () => {
    const seen: number[] = [];
    const parser: FrameParser = new FrameParser({
      onFrame(_msg, sync) {
        seen.push(sync);
        parser.stop();
      },
    });
    parser.push(stream);
    expect(seen).toEqual([1]);
  });
});
