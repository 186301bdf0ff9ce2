/**
 * Real captures: IProtoClient and IProtoServer talk over 127.0.0.1 while tcpdump writes pcap and
 * pcapng; the frames read back must be exactly the ones the server's own MR::IProto-format debug dump
 * says it received and sent. That dump, as text, must read back to the same frames.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { IProtoClient, IProtoServer } from "../../runtime/index.js";
import { readFrames, type Frame } from "../../compiler/capture/index.js";
import { seeded, randomBytes } from "./builders.js";
import { hex, view, type FrameView } from "./conversation.js";
import { missing, pcapngTool, startCapture, stopCapture } from "./tcpdump.js";

const dir = mkdtempSync(path.join(tmpdir(), "iproto-capture-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Frames as the server's debug dump tells them: "recv" lines are requests, "send" lines replies. */
function framesOfDump(lines: readonly string[]): FrameView[] {
  const out: FrameView[] = [];
  let header: number[] | undefined;
  for (const line of lines) {
    const m = /(send|recv) (header|payload): [\d ]*> ?([0-9a-f ]*)$/.exec(line);
    if (m === null) continue;
    const bytes = (m[3] as string).trim() === "" ? [] : (m[3] as string).trim().split(" ").map((b) => parseInt(b, 16));
    if (m[2] === "header") header = bytes;
    else {
      const h = Buffer.from(header ?? []);
      out.push({ direction: m[1] === "recv" ? "request" : "reply", msg: h.readUInt32LE(0), sync: h.readUInt32LE(8), body: hex(Uint8Array.from(bytes)) });
    }
  }
  return out;
}

const byDirection = (frames: readonly FrameView[], direction: string) => frames.filter((f) => f.direction === direction);

describe.skipIf(missing !== undefined)("real loopback captures (tcpdump)", () => {
  it("yield exactly the frames sent, in pcap and in pcapng, and the server's dump agrees", { timeout: 120_000 }, async () => {
    const lines: string[] = [];
    const reply = (body: Uint8Array) => Uint8Array.from([...body].reverse().concat([0xaa, body.length & 0xff]));
    const server = new IProtoServer({ host: "127.0.0.1", port: 0, handler: (_msg, body) => reply(body), debug: 6, debugSink: (line) => lines.push(line), prefix: "MR::IProto::Server" });
    const { port } = await server.listen();
    const pcapFile = path.join(dir, "loopback.pcap");
    const pcapngFile = path.join(dir, "loopback.pcapng");
    const files = pcapngTool === undefined ? [pcapFile] : [pcapFile, pcapngFile];
    if (pcapngTool === undefined) console.warn("pcapng capture skipped: neither tcpdump --pcapng nor dumpcap (apt-get install wireshark-common)");
    const captures = await Promise.all(files.map((file) => startCapture(file, port, file === pcapngFile)));
    const random = seeded(2024);
    // Sizes from empty to several loopback segments (MSS ~64 KiB), sent concurrently so frames share segments.
    const bodies = [0, 1, 11, 12, 13, 100, 1000, 70_000, 200_000, 3].map((n) => randomBytes(random, n));
    const client = new IProtoClient({ servers: `127.0.0.1:${port}`, timeout: 30_000 });
    try {
      const answers = await Promise.all(bodies.map((data, i) => client.send({ msg: 100 + i, data, unpack: (b: Uint8Array) => b })));
      answers.forEach((answer, i) => expect(hex(answer)).toBe(hex(reply(bodies[i] as Uint8Array))));
      await client.send({ msg: 0xff00, data: new Uint8Array(0), unpack: (b: Uint8Array) => b });
    } finally {
      await client.close();
      await server.close();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await Promise.all(captures.map(stopCapture));
    }
    const dumped = framesOfDump(lines);
    expect(dumped).toHaveLength(2 * (bodies.length + 1));
    expect(byDirection(dumped, "request").map((f) => [f.msg, f.body])).toEqual([...bodies.map((b, i) => [100 + i, hex(b)]), [0xff00, ""]]);
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(file));
      const items = [...readFrames(bytes)];
      expect(items.filter((i) => i.kind === "anomaly"), file).toEqual([]);
      const frames = items.filter((i): i is Frame => i.kind === "frame").map((f) => view(f));
      expect(byDirection(frames, "request"), file).toEqual(byDirection(dumped, "request"));
      expect(byDirection(frames, "reply"), file).toEqual(byDirection(dumped, "reply"));
      const markers = items.filter((i) => i.kind !== "frame" && i.kind !== "anomaly");
      expect(markers.map((m) => m.kind), file).toEqual(["connection-opened", "connection-closed"]);
      expect(markers[0]).toMatchObject({ fromStart: true, connection: { server: { address: "127.0.0.1", port } } });
      expect(markers[1]).toMatchObject({ reason: "fin" });
    }
    // The server's debug lines are themselves an MR::IProto dump: a server's, so "recv" = request.
    const fromDump = [...readFrames(new TextEncoder().encode(lines.join("\n") + "\n"))];
    const dumpFrames = fromDump.filter((i): i is Frame => i.kind === "frame").map((f) => view(f));
    expect(byDirection(dumpFrames, "request")).toEqual(byDirection(dumped, "request"));
    expect(byDirection(dumpFrames, "reply")).toEqual(byDirection(dumped, "reply"));
    expect(fromDump.filter((i) => i.kind === "anomaly")).toEqual([]);
  });

  it("joins a connection already open when the capture starts (no handshake) and finds its frames", { timeout: 120_000 }, async () => {
    const lines: string[] = [];
    const server = new IProtoServer({ host: "127.0.0.1", port: 0, handler: (_msg, body) => body, debug: 6, debugSink: (line) => lines.push(line), prefix: "S" });
    const { port } = await server.listen();
    const client = new IProtoClient({ servers: `127.0.0.1:${port}`, timeout: 30_000 });
    const file = path.join(dir, "mid-stream.pcap");
    const random = seeded(5);
    let capture: Awaited<ReturnType<typeof startCapture>> | undefined;
    let before = 0;
    try {
      await client.send({ msg: 1, data: randomBytes(random, 40), unpack: (b: Uint8Array) => b });
      before = lines.length;
      capture = await startCapture(file, port, false);
      await Promise.all([3, 0, 5000, 90_000].map((n, i) => client.send({ msg: 2 + i, data: randomBytes(random, n), unpack: (b: Uint8Array) => b })));
    } finally {
      await client.close();
      await server.close();
      await new Promise((resolve) => setTimeout(resolve, 500));
      if (capture !== undefined) await stopCapture(capture);
    }
    const expected = framesOfDump(lines.slice(before));
    const items = [...readFrames(new Uint8Array(readFileSync(file)), { serverPorts: [port] })];
    expect(items[0]).toMatchObject({ kind: "connection-opened", fromStart: false });
    const frames = items.filter((i): i is Frame => i.kind === "frame").map((f) => view(f));
    expect(byDirection(frames, "request")).toEqual(byDirection(expected, "request"));
    expect(byDirection(frames, "reply")).toEqual(byDirection(expected, "reply"));
    expect(items.filter((i) => i.kind === "anomaly")).toEqual([]);
  });
});

if (missing !== undefined) {
  describe("real loopback captures (tcpdump)", () => {
    it.skip(`skipped: ${missing}`, () => {});
  });
}
