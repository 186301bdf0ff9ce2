/**
 * `iprotoc decode`: the annotated Tarantool 1.5 captures decode to the annotated values; a real loopback
 * exchange (generated Box client and dispatcher, IProtoClient and IProtoServer, captured by tcpdump on
 * lo) decodes completely, replies matched to their requests; hostile input gives clear records and never
 * hangs or crashes.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { IProtoClient } from "../../runtime/index.js";
import * as box from "../../generated-examples/box.js";
import type { DecodeRecord, FrameRecord } from "../../compiler/wire/index.js";
import { runCli } from "../support/cli-in-process.js";
import { missing, startCapture, stopCapture } from "../capture/tcpdump.js";
import { DUPLICATE, startBoxServer } from "./box-server.js";

const REPO = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "iproto-decode-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function decode(file: string, ...extra: string[]): Promise<{ status: number; records: DecodeRecord[]; stderr: string }> {
  const run = await runCli(["decode", "--schema", "schemas/box.iproto", "--format", "json", ...extra, file], REPO);
  return { status: run.status, stderr: run.stderr, records: run.stdout.trim().split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as DecodeRecord) };
}
const framesOf = (records: DecodeRecord[]) => records.filter((r): r is FrameRecord => r.kind === "frame");
const hexOf = (text: string) => Buffer.from(text).toString("hex");

function referencePath(): string | undefined {
  const roots = [REPO];
  try {
    const common = execFileSync("git", ["rev-parse", "--path-format=absolute", "--git-common-dir"], { cwd: REPO, encoding: "utf8" }).trim();
    roots.push(path.dirname(common));
  } catch {
    // not a git checkout
  }
  return roots.map((root) => path.resolve(root, "../shared/reference/tarantool15-wire.txt")).find((p) => existsSync(p));
}

/** The REQ/RESP blocks of the reference shown whole (header and every body byte), as hex. */
function wholeFrames(text: string): string[] {
  const lines = text.split("\n");
  const bytesOf = (s: string): number[] | undefined => {
    const out: number[] = [];
    for (const token of s.trim().split(/\s+/)) {
      if (token === "|") continue;
      if (token === "...") return undefined;
      if (!/^[0-9a-f]{2}$/.test(token)) break;
      out.push(parseInt(token, 16));
    }
    return out;
  };
  const found: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(REQ|RESP) +hdr: (.*)$/.exec(lines[i]!);
    if (m === null) continue;
    const header = bytesOf(m[2]!);
    let body: number[] | undefined = [];
    const first = /^\s+body: (.*)$/.exec(lines[i + 1] ?? "");
    if (first !== null && !first[1]!.startsWith("(none")) {
      body = bytesOf(first[1]!);
      for (let j = i + 2; j < lines.length && body !== undefined; j++) {
        const more = bytesOf(lines[j]!);
        if (!/^\s/.test(lines[j]!) || more === undefined || more.length === 0) break;
        body.push(...more);
      }
    }
    if (header?.length !== 12 || body === undefined || Buffer.from(header).readUInt32LE(4) !== body.length) continue;
    found.push(Buffer.from([...header, ...body]).toString("hex"));
  }
  return found;
}

const reference = referencePath();

describe.skipIf(reference === undefined)("the Tarantool 1.5 reference captures", () => {
  it("decode to the annotated values", async () => {
    const file = path.join(dir, "t15.hex");
    // 4.'s reply elides its text ("44 75 70 ... 20 30 00"); the annotation spells it: rebuilt from that.
    const text = "Duplicate key exists in unique index 0";
    const errorReply = "0d000000" + "2b000000" + "69222385" + "02370000" + hexOf(text) + "00";
    const pasted = wholeFrames(readFileSync(reference!, "utf8"));
    const at = pasted.findIndex((f) => f.endsWith("02000000" + "03000000" + "0401000000" + "03647570" + "0400000000"));
    expect(at).toBeGreaterThan(0);
    pasted.splice(at + 1, 0, errorReply);
    writeFileSync(file, pasted.join("\n") + "\n");
    const { status, records } = await decode(file);
    const frames = framesOf(records);
    expect(frames.length).toBeGreaterThanOrEqual(15);
    expect(frames.filter((f) => f.status !== "decoded" && f.status !== "server-error")).toEqual([]);
    expect(status).toBe(0);
    const bySync = (sync: number, direction: string) => frames.find((f) => f.sync === sync && f.direction === direction)!;
    // 1. PING: no bodies either way.
    expect(bySync(0xb16ddf23, "request")).toMatchObject({ message: "Box.Ping", value: {} });
    expect(bySync(0xb16ddf23, "reply")).toMatchObject({ message: "Box.Ping", value: {}, inReplyTo: bySync(0xb16ddf23, "request").frame });
    // 2. INSERT (1, "alice", 10), flags 0.
    expect(bySync(0x0b012e2a, "request").value).toEqual({ space: 0, flags: [], tuple: { cardinality: 3, fields: ["01000000", hexOf("alice"), "0a000000"] } });
    expect(bySync(0x0b012e2a, "reply")).toMatchObject({ envelope: { code: 0 }, value: { count: 1 } });
    // 3. INSERT with RETURN_TUPLE: the reply carries the tuple (its layout reads the request's flags).
    expect(bySync(0x22bb999d, "request").value).toMatchObject({ flags: ["RETURN_TUPLE"] });
    expect(bySync(0x22bb999d, "reply").value).toEqual({ count: 1, tuples: [{ size: 14, cardinality: 3, fields: ["02000000", hexOf("bob"), "14000000"] }] });
    // 4. BOX_ADD on an existing key: error 0x3702.
    expect(bySync(0x85232269, "request").value).toMatchObject({ flags: ["ADD"] });
    expect(bySync(0x85232269, "reply")).toMatchObject({ status: "server-error", serverError: { code: 0x3702, message: "Duplicate key exists in unique index 0", temporary: false } });
    // 5. SELECT key 1 → (1, "alice", 10).
    expect(bySync(0x43efc10e, "request").value).toEqual({ space: 0, index: 0, offset: 0, limit: 0x7fffffff, keys: [{ cardinality: 1, fields: ["01000000"] }] });
    expect(bySync(0x43efc10e, "reply").value).toEqual({ count: 1, tuples: [{ size: 16, cardinality: 3, fields: ["01000000", hexOf("alice"), "0a000000"] }] });
    // 9. UPDATE: field 2 ADD 5, field 1 SET "alice2" → (1, "alice2", 15).
    expect(bySync(0xd60fd50f, "request").value).toEqual({
      space: 0, flags: ["RETURN_TUPLE"], key: { cardinality: 1, fields: ["01000000"] },
      operations: [{ field: 2, op: { name: "ADD", value: 1 }, argument: "05000000" }, { field: 1, op: { name: "SET", value: 0 }, argument: hexOf("alice2") }],
    });
    expect(bySync(0xd60fd50f, "reply").value).toEqual({ count: 1, tuples: [{ size: 17, cardinality: 3, fields: ["01000000", hexOf("alice2"), "0f000000"] }] });
    // 11. DELETE (msg 20) key 2; 12. DELETE with flags, key 3 → (3, "carol", 33).
    expect(bySync(0x16b0e260, "request")).toMatchObject({ message: "Box.Delete", value: { space: 0, key: { cardinality: 1, fields: ["02000000"] } } });
    expect(bySync(0x476ab1df, "reply").value).toEqual({ count: 1, tuples: [{ size: 16, cardinality: 3, fields: ["03000000", hexOf("carol"), "21000000"] }] });
    // 13. CALL t15_echo("x", "yz").
    expect(bySync(0x617b02e0, "request").value).toEqual({ flags: [], procedure: "t15_echo", args: [hexOf("x"), hexOf("yz")] });
    expect(bySync(0x617b02e0, "reply").value).toEqual({ count: 1, tuples: [{ size: 5, cardinality: 2, fields: [hexOf("x"), hexOf("yz")] }] });
    // Offsets and widths: the UPDATE request's second operation's argument.
    expect(bySync(0xd60fd50f, "request").fields).toContainEqual({ path: "operations[1].argument", depth: 2, offset: 36, width: 7, type: "bytes<varint>", value: hexOf("alice2") });
  });

  it("prints readable text with offsets", async () => {
    const file = path.join(dir, "t15.hex");
    const run = await runCli(["decode", "--schema", "schemas/box.iproto", file], REPO);
    expect(run.stdout).toContain("reply to #");
    expect(run.stdout).toMatch(/@8\+4 +cardinality: 3/);
    expect(run.stdout).toContain('server error 14082 (0x00003702): Duplicate key exists in unique index 0');
    expect(run.stdout).toMatch(/frames: \d+ decoded, 1 server error, 0 undecodable, 0 unknown; 0 anomalies/);
  });
});

describe.skipIf(missing !== undefined)("a real loopback exchange captured by tcpdump", () => {
  it("decodes completely, every reply matched to its request", { timeout: 120_000 }, async () => {
    const { server, port } = await startBoxServer();
    const file = path.join(dir, "box.pcap");
    const capture = await startCapture(file, port, false);
    const client = new IProtoClient({ servers: `127.0.0.1:${port}`, timeout: 10_000 });
    const boxClient = new box.BoxClient(client);
    const bytes = (s: string) => new TextEncoder().encode(s);
    try {
      await boxClient.ping();
      await boxClient.insert({ space: 1, flags: box.BoxFlags.RETURN_TUPLE, tuple: { fields: [bytes("k1"), bytes("v1")] } });
      await expect(boxClient.insert({ space: 1, flags: box.BoxFlags.ADD, tuple: { fields: [bytes("k1"), bytes("v2")] } })).rejects.toThrow(/Duplicate/);
      await Promise.all([1, 2, 3].map((i) => boxClient.select({ space: 1, index: 0, keys: [{ fields: [bytes(i === 1 ? "k1" : `missing${i}`)] }] })));
      await boxClient.call({ procedure: "echo", args: [bytes("a"), bytes("bc")] });
    } finally {
      await client.close();
      await server.close();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await stopCapture(capture);
    }
    const { status, records } = await decode(file, "--port", String(port));
    expect(records.filter((r) => r.kind === "anomaly")).toEqual([]);
    const frames = framesOf(records);
    expect(frames).toHaveLength(14);
    expect(status).toBe(0);
    for (const reply of frames.filter((f) => f.direction === "reply")) {
      const request = frames.find((f) => f.frame === reply.inReplyTo)!;
      expect(request).toMatchObject({ direction: "request", sync: reply.sync, message: reply.message });
    }
    const messages = frames.filter((f) => f.direction === "request").map((f) => f.message);
    expect(messages.sort()).toEqual(["Box.Call", "Box.Insert", "Box.Insert", "Box.Ping", "Box.Select", "Box.Select", "Box.Select"]);
    const insertReply = frames.find((f) => f.direction === "reply" && f.message === "Box.Insert" && f.status === "decoded")!;
    expect(insertReply.value).toEqual({ count: 1, tuples: [{ size: 6, cardinality: 2, fields: [hexOf("k1"), hexOf("v1")] }] });
    expect(frames.find((f) => f.status === "server-error")?.serverError).toEqual({ code: DUPLICATE, message: "Duplicate key exists in unique index 0", temporary: false });
    const call = frames.find((f) => f.direction === "reply" && f.message === "Box.Call")!;
    expect(call.value).toEqual({ count: 1, tuples: [{ size: 10, cardinality: 3, fields: [hexOf("echo"), hexOf("a"), hexOf("bc")] }] });
    expect(frames.every((f) => f.packet !== undefined && f.time !== undefined && f.connection.includes(`127.0.0.1:${port}`))).toBe(true);
  });
});

describe("decode options", () => {
  const insert = "0d000000 1a000000 9d99bb22 00000000 01000000 03000000 0402000000 03626f62 0414000000";

  it("reads stdin with -, and --hex", async () => {
    const stdin = new TextEncoder().encode(insert);
    const fromStdin = await runCli(["decode", "--schema", "schemas/box.iproto", "-"], REPO, { readStdin: async () => stdin } as object);
    const fromHex = await runCli(["decode", "--schema", "schemas/box.iproto", "--hex", insert], REPO);
    expect(fromStdin.stdout).toBe(fromHex.stdout);
    expect(fromHex.stdout).toContain('[1]: "626f62"');
  });

  it("--bytes base64", async () => {
    const run = await runCli(["decode", "--schema", "schemas/box.iproto", "--bytes", "base64", "--format", "json", "--hex", insert], REPO);
    const frame = JSON.parse(run.stdout.split("\n")[1]!) as FrameRecord;
    expect(frame.value).toMatchObject({ tuple: { fields: ["AgAAAA==", "Ym9i", "FAAAAA=="] } });
  });

  it("--service picks among services that share a message code", async () => {
    const ping = "00ff0000 00000000 01000000";
    const all = await runCli(["decode", "--schema", "schemas", "--hex", ping], REPO);
    expect(all.stdout).toContain("note: code 65280 is Box.Ping and Everything.Ping: read as the first");
    const one = await runCli(["decode", "--schema", "schemas", "--service", "Everything", "--hex", ping], REPO);
    expect(one.stdout).toContain("#1 request? Everything.Ping msg=65280");
    expect(one.stdout).not.toContain("note:");
    const none = await runCli(["decode", "--schema", "schemas", "--service", "Nope", "--hex", ping], REPO);
    expect([none.status, none.stderr]).toEqual([2, expect.stringContaining("no service `Nope` in the schemas (services: ")]);
  });

  it("lists frames without schemas, and reports schema errors", async () => {
    const bare = await runCli(["decode", "--hex", insert], REPO);
    expect(bare.stdout).toContain("#1 request? msg=13 len=26 sync=582719901");
    expect(bare.stdout).toContain("body: 00000000010000000300000004020000000362");
    const schema = path.join(dir, "broken.iproto");
    writeFileSync(schema, "service Broken {\n  message M = 1 {\n    request { a: nosuchtype; }\n  }\n}\n");
    const broken = await runCli(["decode", "--schema", schema, "--hex", insert], REPO);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain("E0");
  });
});

describe("an MR::IProto debug dump", () => {
  it("decodes with the dump's own directions", async () => {
    const lines: string[] = [];
    const { server, port } = await startBoxServer((line) => lines.push(line));
    const client = new IProtoClient({ servers: `127.0.0.1:${port}`, timeout: 10_000 });
    try {
      const boxClient = new box.BoxClient(client);
      await boxClient.insert({ space: 2, tuple: { fields: [new TextEncoder().encode("dump")] } });
      await boxClient.select({ space: 2, index: 0, keys: [{ fields: [new TextEncoder().encode("dump")] }] });
    } finally {
      await client.close();
      await server.close();
    }
    const file = path.join(dir, "server.log");
    writeFileSync(file, lines.join("\n") + "\n");
    const { status, records } = await decode(file);
    const frames = framesOf(records);
    expect(frames.map((f) => [f.direction, f.directionInferred, f.message, f.status])).toEqual([
      ["request", false, "Box.Insert", "decoded"], ["reply", false, "Box.Insert", "decoded"],
      ["request", false, "Box.Select", "decoded"], ["reply", false, "Box.Select", "decoded"],
    ]);
    expect(frames[3]!.value).toEqual({ count: 1, tuples: [{ size: 5, cardinality: 1, fields: [hexOf("dump")] }] });
    expect(status).toBe(0);
  });
});

