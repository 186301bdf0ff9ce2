/**
 * A real MR::IProto debug dump: the Perl client (libmr-tarantool-perl) with `debug => 6`, with and
 * without `dump_no_ints`, talks to IProtoServer while tcpdump captures; the dump read as text and the
 * capture read as pcap must give the same frames, and the requests must be the ones the script sends.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { IProtoServer } from "../../runtime/index.js";
import { detectFormat, readFrames, type Frame } from "../../compiler/capture/index.js";
import { hex, view } from "./conversation.js";
import { missing as tcpdumpMissing, startCapture, stopCapture } from "./tcpdump.js";

const script = fileURLToPath(new URL("./perl/debug-client.pl", import.meta.url));
const perl = spawnSync("perl", ["-MMR::IProto", "-e", "1"], { encoding: "utf8" });
const missing = perl.error !== undefined || perl.status !== 0 ? "perl with MR::IProto is not installed (apt-get install libmr-tarantool-perl)" : undefined;
const dir = mkdtempSync(path.join(tmpdir(), "iproto-perl-dump-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runClient(port: number, noInts: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("perl", [script, String(port), noInts ? "1" : "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill(), 60_000);
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", () => {
      clearTimeout(timer);
      if (stdout.includes("DONE")) resolve(stderr);
      else reject(new Error(`client.pl failed: ${stderr}`));
    });
  });
}

const SENT = [
  [17, "01000000" + "02000000" + "ffffffff"],
  [18, hex(new TextEncoder().encode("hello, wire"))],
  [19, ""],
  [20, "78".repeat(3000)],
];

describe.skipIf(missing !== undefined)("MR::IProto's own debug dump", () => {
  for (const noInts of [false, true]) {
    it(`reads ${noInts ? "a dump_no_ints" : "an"} MR::IProto client dump as the frames on the wire`, { timeout: 120_000 }, async () => {
      const server = new IProtoServer({ host: "127.0.0.1", port: 0, handler: (_msg, body) => Uint8Array.from([...body].reverse()) });
      const { port } = await server.listen();
      const file = path.join(dir, `perl-${noInts}.pcap`);
      const capture = tcpdumpMissing === undefined ? await startCapture(file, port, false) : undefined;
      let dump: string;
      try {
        dump = await runClient(port, noInts);
      } finally {
        await server.close();
        await new Promise((resolve) => setTimeout(resolve, 500));
        if (capture !== undefined) await stopCapture(capture);
      }
      const input = new TextEncoder().encode(dump);
      expect(detectFormat(input)).toBe("perl-dump");
      const items = [...readFrames(input)];
      expect(items.filter((i) => i.kind === "anomaly")).toEqual([]);
      const frames = items.filter((i): i is Frame => i.kind === "frame");
      const requests = frames.filter((f) => f.direction === "request");
      expect(requests.map((f) => [f.header.msg, hex(f.body)])).toEqual(SENT);
      expect(frames.filter((f) => f.direction === "reply").map((f) => [f.header.msg, f.header.sync, hex(f.body)])).toEqual(
        requests.map((r) => [r.header.msg, r.header.sync, hex(Uint8Array.from([...r.body].reverse()))]),
      );
      expect(frames[0]?.connection.server).toEqual({ address: "127.0.0.1", port });
      if (capture === undefined) return;
      const wire = [...readFrames(new Uint8Array(readFileSync(file)))].filter((i): i is Frame => i.kind === "frame").map((f) => view(f));
      expect(wire).toEqual(frames.map((f) => view(f)));
    });
  }
});

if (missing !== undefined) {
  describe("MR::IProto's own debug dump", () => {
    it.skip(`skipped: ${missing}`, () => {});
  });
}
