/** Hex text: plain, 0x, C arrays, real `hexdump -C` and `xxd` output, hex of a whole pcap, Perl dumps. */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { detectFormat, readFrames, type Frame } from "../../compiler/capture/index.js";
import { ipPacket, linkFrame, pcapFile, seeded, randomBytes, type FrameSpec } from "./builders.js";
import { collect, dataSegments, handshake, hex, streamOf, view, CLIENT, SERVER } from "./conversation.js";

const random = seeded(99);
const FRAMES: FrameSpec[] = [
  { msg: 13, sync: 0x0b012e2a, body: randomBytes(random, 28) },
  { msg: 0xff00, sync: 7, body: new Uint8Array(0) },
  // Long runs of zeros make hexdump print "*" lines.
  { msg: 17, sync: 8, body: new Uint8Array(80) },
  { msg: 22, sync: 9, body: randomBytes(random, 5) },
];
const STREAM = streamOf(FRAMES);
const EXPECTED = FRAMES.map((f) => view(f));
const text = (s: string) => new TextEncoder().encode(s);

function run(tool: string, args: string[], input: Uint8Array): string | undefined {
  const result = spawnSync(tool, args, { input, encoding: "utf8" });
  return result.error === undefined && result.status === 0 ? result.stdout : undefined;
}

function spaced(bytes: Uint8Array, separator: string, prefix = "", perLine = 16): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += perLine) lines.push([...bytes.subarray(i, i + perLine)].map((b) => prefix + b.toString(16).padStart(2, "0")).join(separator));
  return lines.join("\n") + "\n";
}

describe("hex text", () => {
  const cases: Record<string, string> = {
    "spaced bytes": spaced(STREAM, " "),
    "0x bytes": spaced(STREAM, " ", "0x"),
    "a C array": spaced(STREAM, ", ", "0x").replace(/\n/g, ",\n"),
    "\\x escapes": spaced(STREAM, "", "\\x"),
    "one long token per line": spaced(STREAM, "", "", 30),
    "upper case with CRLF": spaced(STREAM, " ").toUpperCase().replace(/\n/g, "\r\n"),
    "offsets with colons": spaced(STREAM, " ").split("\n").filter((l) => l !== "").map((l, i) => `${(i * 16).toString(16).padStart(4, "0")}: ${l}`).join("\n"),
    "annotated lines and comments": "# capture of the incident\n" + spaced(STREAM, " ", "", 12).split("\n").map((l) => (l === "" ? l : `${l}    request part`)).join("\n"),
    "wireshark hex+ascii": spaced(STREAM, " ").split("\n").filter((l) => l !== "").map((l, i) => `${(i * 16).toString(16).padStart(4, "0")}  ${l.padEnd(47)}   ${".".repeat(l.split(" ").length)}`).join("\n"),
  };
  for (const [name, input] of Object.entries(cases)) {
    it(`reads ${name}`, () => {
      expect(detectFormat(text(input))).toBe("hex");
      const { frames, anomalies } = collect(readFrames(text(input)));
      expect(frames).toEqual(EXPECTED);
      expect(anomalies).toEqual([]);
    });
  }

  const tools: [string, string, string[]][] = [
    ["hexdump -C", "hexdump", ["-C"]],
    ["xxd", "xxd", []],
    ["xxd -g1", "xxd", ["-g1"]],
    ["xxd -p", "xxd", ["-p"]],
    ["od -A x -t x1z", "od", ["-A", "x", "-t", "x1z", "-v"]],
  ];
  for (const [name, tool, args] of tools) {
    const output = run(tool, args, STREAM);
    it.skipIf(output === undefined)(`reads real ${name} output${output === undefined ? ` (skipped: ${tool} missing; apt-get install bsdextrautils / xxd)` : ""}`, () => {
      if (name === "hexdump -C") expect(output).toContain("*\n");
      const { frames, anomalies } = collect(readFrames(text(output as string)));
      expect(frames).toEqual(EXPECTED);
      expect(anomalies).toEqual([]);
    });
  }

  it("reads a whole pcap file given as xxd output", () => {
    const segments = [...handshake(CLIENT, SERVER, 1, 2), ...dataSegments(CLIENT, SERVER, 1, STREAM, [50])];
    const file = pcapFile(1, segments.map((s) => ({ data: linkFrame("ethernet", ipPacket(s)) })));
    const output = run("xxd", [], file) ?? spaced(file, " ");
    const { frames, anomalies } = collect(readFrames(text(output)));
    expect(frames).toEqual(FRAMES.map((f) => view(f, "request")));
    expect(anomalies).toEqual([]);
  });

  it("points anomalies at their line", () => {
    const cut = spaced(STREAM.subarray(0, 50), " ", "", 10);
    const items = [...readFrames(text(cut))];
    expect(items.find((i) => i.kind === "anomaly")).toMatchObject({ type: "truncated-frame", where: { line: 5, streamOffset: 40 } });
  });
});

describe("MR::IProto debug dumps", () => {
  function dumpLine(prefix: string, verb: string, part: string, bytes: Uint8Array, ints: boolean): string {
    const words: number[] = [];
    for (let i = 0; i + 4 <= bytes.length; i += 4) words.push(Buffer.from(bytes).readUInt32LE(i));
    const hexBytes = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    return `${prefix}${verb} ${part}: ${ints ? `${words.join(" ")} > ` : ""}${hexBytes}`;
  }
  function dump(prefix: string, firstVerb: string, secondVerb: string, ints: boolean): string {
    return FRAMES.flatMap((f) => {
      const header = streamOf([{ ...f, body: new Uint8Array(0) }]);
      header.set(Buffer.from(new Uint32Array([f.body.length]).buffer), 4);
      const answer = { ...f, body: Uint8Array.from([0, 0, 0, 0]) };
      const answerHeader = streamOf([{ ...answer, body: new Uint8Array(0) }]);
      answerHeader[4] = 4;
      return [
        dumpLine(prefix, firstVerb, "header", header, ints),
        dumpLine(prefix, firstVerb, "payload", f.body, ints),
        `${prefix}some other debug line`,
        dumpLine(prefix, secondVerb, "header", answerHeader, ints),
        dumpLine(prefix, secondVerb, "payload", answer.body, ints),
      ];
    }).join("\n");
  }

  it("reads a client's dump (send = request), with and without dump_no_ints", () => {
    for (const ints of [true, false]) {
      const input = text(dump("MR::IProto::Cluster::Server: 10.0.0.2:33013: ", "send", "recv", ints));
      expect(detectFormat(input)).toBe("perl-dump");
      const items = [...readFrames(input)];
      const frames = items.filter((i): i is Frame => i.kind === "frame");
      expect(frames.filter((f) => f.direction === "request").map((f) => view(f))).toEqual(FRAMES.map((f) => view(f, "request")));
      expect(frames.filter((f) => f.direction === "reply").map((f) => [f.header.msg, f.header.sync, hex(f.body)])).toEqual(FRAMES.map((f) => [f.msg, f.sync, "00000000"]));
      expect(frames[0]?.connection.server).toEqual({ address: "10.0.0.2", port: 33013 });
      expect(items.filter((i) => i.kind === "anomaly")).toEqual([]);
    }
  });

  it("reads a server's dump (recv = request), MR::IProto::Server's hostname(host:port) form", () => {
    const items = [...readFrames(text(dump("MyServer: localhost(127.0.0.1:51234): ", "recv", "send", true)))];
    const requests = items.filter((i): i is Frame => i.kind === "frame" && i.direction === "request");
    expect(requests.map((f) => view(f, "request"))).toEqual(FRAMES.map((f) => view(f, "request")));
    expect(requests[0]?.connection.client).toEqual({ address: "127.0.0.1", port: 51234 });
  });

  it("reports a payload that disagrees with its header and a header without payload", () => {
    const lines = dump("P: 10.0.0.2:1: ", "send", "recv", true).split("\n");
    lines[1] = lines[1]?.replace(/ [0-9a-f]{2}$/, "") ?? "";
    lines.splice(3, 2);
    const items = [...readFrames(text(lines.join("\n")))];
    expect(items.filter((i) => i.kind === "anomaly").map((i) => (i.kind === "anomaly" ? [i.type, i.where.line] : []))).toEqual([["truncated-frame", 2]]);
    expect(items.filter((i) => i.kind === "frame")).toHaveLength(FRAMES.length * 2 - 2);
  });
});
