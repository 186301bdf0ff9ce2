/**
 * Real captures: IProtoClient and IProtoServer talk over 127.0.0.1 while tcpdump writes pcap and
 * pcapng; the frames read back must be exactly the ones the server's own MR::IProto-format debug dump
 * says it received and sent. That dump, as text, must read back to the same frames.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { IProtoClient, IProtoServer } from "../../runtime/index.js";
import { readFrames, type Frame } from "../../compiler/capture/index.js";
import { seeded, randomBytes } from "./builders.js";
import { hex, view, type FrameView } from "./conversation.js";

const tcpdump = spawnSync("tcpdump", ["--version"], { encoding: "utf8" });
const missing = tcpdump.error !== undefined ? "tcpdump is not installed (apt-get install tcpdump)" : undefined;
const dir = mkdtempSync(path.join(tmpdir(), "iproto-capture-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** tcpdump before 4.99.4 has no --pcapng: dumpcap (Wireshark's capture engine) writes pcapng then. */
const tcpdumpPcapng = spawnSync("tcpdump", ["--help"], { encoding: "utf8" }).stderr?.includes("--pcapng") === true;
const dumpcap = spawnSync("dumpcap", ["--version"], { encoding: "utf8" }).error === undefined;
const pcapngTool = tcpdumpPcapng ? "tcpdump --pcapng" : dumpcap ? "dumpcap" : undefined;

function startCapture(file: string, port: number, pcapng: boolean): Promise<ChildProcess> {
  const filter = `tcp port ${port}`;
  const child =
    pcapng && !tcpdumpPcapng
      ? spawn("dumpcap", ["-i", "lo", "-f", filter, "-w", file], { stdio: ["ignore", "ignore", "pipe"] })
      : spawn("tcpdump", ["-i", "lo", "-n", "-w", file, "--immediate-mode", "-B", "32768", "-U", ...(pcapng ? ["--pcapng"] : []), filter], { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    let stderr = "";
    const timer = setTimeout(() => reject(new Error(`tcpdump did not start: ${stderr}`)), 20_000);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes("listening on") || stderr.includes("Capturing on")) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on("exit", (code) => reject(new Error(`tcpdump exited (${code}): ${stderr}`)));
  });
}

function stopCapture(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.on("exit", () => resolve());
    child.kill("SIGINT");
  });
}

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
});

if (missing !== undefined) {
  describe("real loopback captures (tcpdump)", () => {
    it.skip(`skipped: ${missing}`, () => {});
  });
}
