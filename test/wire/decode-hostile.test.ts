/**
 * `iprotoc decode` on hostile input: truncated frames and files, absurd lengths, bodies that lie, garbage.
 * Every case gives records that say what is wrong (or a clear error for input that is no capture at all),
 * and nothing throws or hangs.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readFrames } from "../../compiler/capture/index.js";
import { checkProgram } from "../../compiler/checks/program.js";
import { fileSystemHostAt } from "../../compiler/pipeline/source-host.js";
import { FrameDecoder, SchemaIndex, encodeRequest, encodeResponse, recordText, type FrameRecord } from "../../compiler/wire/index.js";
import { concat, frameBytes, ipPacket, le32, linkFrame, pcapFile, randomBytes, seeded } from "../capture/builders.js";
import { runCli } from "../support/cli-in-process.js";

const REPO = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "iproto-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const index = new SchemaIndex(checkProgram(["schemas/box.iproto"], fileSystemHostAt(REPO)).program!);
const select = index.byName("Box.Select");
const fieldsOf = (...texts: string[]) => texts.map((t) => new TextEncoder().encode(t));
const selectBody = encodeRequest(select, { space: 1, index: 0, keys: [{ fields: fieldsOf("k") }] }).body;
const replyBody = encodeResponse(select, { count: 1, tuples: [{ fields: fieldsOf("k", "value") }] });

/** A pcap of one Box.Select exchange on 127.0.0.1:33013, handshake and FIN included. */
function exchangePcap(): Uint8Array {
  const client = { ip: "127.0.0.1", port: 40000 };
  const server = { ip: "127.0.0.1", port: 33013 };
  const request = frameBytes({ msg: 17, sync: 7, body: selectBody });
  const reply = frameBytes({ msg: 17, sync: 7, body: replyBody });
  const segments = [
    { from: client, to: server, seq: 999, flags: { syn: true } },
    { from: server, to: client, seq: 4999, ack: 1000, flags: { syn: true, ack: true } },
    { from: client, to: server, seq: 1000, payload: request.subarray(0, 5) },
    { from: client, to: server, seq: 1005, payload: request.subarray(5) },
    { from: server, to: client, seq: 5000, payload: reply },
    { from: client, to: server, seq: 1000 + request.length, flags: { fin: true, ack: true } },
    { from: server, to: client, seq: 5000 + reply.length, flags: { fin: true, ack: true } },
  ];
  return pcapFile(1, segments.map((s, i) => ({ data: linkFrame("ethernet", ipPacket(s)), seconds: 1_700_000_000 + i })));
}

function decodeAll(input: Uint8Array): string[] {
  const decoder = new FrameDecoder(index, { bytes: "hex" });
  let items;
  try {
    items = readFrames(input, { serverPorts: [33013] });
  } catch (e) {
    return [`error: ${(e as Error).message}`];
  }
  return [...items].map((item) => recordText(decoder.record(item)));
}

describe("decode on hostile input", () => {
  it("reads the whole exchange, and every truncation of its pcap without throwing", () => {
    const pcap = exchangePcap();
    const whole = new FrameDecoder(index, { bytes: "hex" });
    const records = [...readFrames(pcap, { serverPorts: [33013] })].map((i) => whole.record(i));
    const frames = records.filter((r): r is FrameRecord => r.kind === "frame");
    expect(frames.map((f) => [f.direction, f.message, f.status])).toEqual([["request", "Box.Select", "decoded"], ["reply", "Box.Select", "decoded"]]);
    expect(records.filter((r) => r.kind === "anomaly")).toEqual([]);
    for (let n = 0; n < pcap.length; n++) {
      const lines = decodeAll(pcap.subarray(0, n));
      if (n >= 24 && n < pcap.length - 1) expect(lines.every((l) => !l.startsWith("error:")), `cut at ${n}`).toBe(true);
    }
  });

  it("survives random and mutated input", () => {
    const random = seeded(12);
    const pcap = exchangePcap();
    const started = Date.now();
    for (let i = 0; i < 300; i++) {
      const mutated = pcap.slice();
      for (let k = 0; k < 1 + (i % 8); k++) mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
      decodeAll(mutated);
      decodeAll(randomBytes(random, Math.floor(random() * 300)));
      // Valid headers around random bodies: every message code, lying lengths inside the bodies.
      const frames = [17, 13, 19, 22, 0xff00, 99].map((msg) => frameBytes({ msg, sync: i, body: randomBytes(random, Math.floor(random() * 40)) }));
      decodeAll(concat(frames));
    }
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it("shows a truncated frame, an absurd length and an undecodable body, and exits 1", async () => {
    const lying = concat([selectBody.subarray(0, 16), Uint8Array.from(le32(0xffffffff))]);
    const stream = concat([
      frameBytes({ msg: 17, sync: 1, body: selectBody }),
      frameBytes({ msg: 17, sync: 2, body: lying }),
      frameBytes({ msg: 99, sync: 3, body: Uint8Array.of(1, 2, 3) }),
      Uint8Array.from([...le32(17), ...le32(0xfffffff0), ...le32(4)]),
      frameBytes({ msg: 17, sync: 5, body: selectBody }).subarray(0, 20),
    ]);
    const file = path.join(dir, "hostile.hex");
    writeFileSync(file, Buffer.from(stream).toString("hex").replace(/(.{2})/g, "$1 "));
    const run = await runCli(["decode", "--schema", "schemas/box.iproto", "--format", "json", file], REPO);
    expect(run.status).toBe(1);
    const records = run.stdout.trim().split("\n").map((l) => JSON.parse(l) as { kind: string; status?: string; type?: string; error?: { field: string; offset: number; message: string } });
    const frames = records.filter((r) => r.kind === "frame");
    expect(frames.map((f) => f.status)).toEqual(["decoded", "undecodable", "unknown-message"]);
    expect(frames[1]!.error).toEqual({ field: "keys", offset: 20, message: "cannot decode SelectRequest.keys at byte 20: count 4294967295 exceeds the 0 bytes left" });
    expect(records.filter((r) => r.kind === "anomaly").map((r) => r.type)).toContain("absurd-length");
    const text = await runCli(["decode", "--schema", "schemas/box.iproto", file], REPO);
    expect(text.stdout).toContain("! cannot decode SelectRequest.keys at byte 20");
    expect(text.stdout).toContain("(no message with code 99 in the schemas)");
    expect(text.stdout).toContain("! absurd-length");
  });

  it("says a truncated frame is truncated", async () => {
    const file = path.join(dir, "cut.hex");
    writeFileSync(file, Buffer.from(frameBytes({ msg: 17, sync: 5, body: selectBody }).subarray(0, 20)).toString("hex"));
    const run = await runCli(["decode", "--schema", "schemas/box.iproto", file], REPO);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("! truncated-frame");
  });

  it("rejects input that is no capture with a clear error", async () => {
    const file = path.join(dir, "garbage.bin");
    writeFileSync(file, Uint8Array.of(0, 1, 2, 3, 0xff, 0xfe, 0xfd, 0xfc, 0, 0, 0));
    const run = await runCli(["decode", "--schema", "schemas/box.iproto", file], REPO);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^iprotoc: cannot read the input: /);
    const missing = await runCli(["decode", path.join(dir, "nope.pcap")], REPO);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("no such file");
  });
});
