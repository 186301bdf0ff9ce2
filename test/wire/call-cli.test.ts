/**
 * `iprotoc call`: requests typed in JSON against an IProtoServer (the generated Box dispatcher) and a real
 * Tarantool 1.5; every JSON error is reported before anything is sent.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IProtoServer } from "../../runtime/index.js";
import { runCli } from "../support/cli-in-process.js";
import { describeTarantool15, useTarantool15 } from "../support/tarantool15.js";
import { DUPLICATE, startBoxServer } from "./box-server.js";
import { missing as noTcpdump, startCapture, stopCapture } from "../capture/tcpdump.js";
import type { FrameRecord } from "../../compiler/wire/index.js";

const REPO = path.resolve(import.meta.dirname, "../..");
const hexOf = (text: string) => Buffer.from(text).toString("hex");
const call = (...argv: string[]) => runCli(["call", "--schema", "schemas/box.iproto", ...argv], REPO);

describe("iprotoc call against IProtoServer", () => {
  let server: IProtoServer;
  let address: string;
  let received: () => number;
  beforeAll(async () => {
    const started = await startBoxServer();
    server = started.server;
    address = `127.0.0.1:${started.port}`;
    received = started.received;
  });
  afterAll(async () => server.close());

  it("sends a request and prints the decoded response", async () => {
    const insert = await call(address, "Box.Insert", JSON.stringify({ space: 0, flags: ["RETURN_TUPLE"], tuple: { fields: ["01000000", { text: "alice" }] } }));
    expect(insert.stderr).toBe("");
    expect(insert.status).toBe(0);
    expect(JSON.parse(insert.stdout)).toEqual({ count: 1, tuples: [{ size: 11, cardinality: 2, fields: ["01000000", hexOf("alice")] }] });
    const select = await call(address, "Box.Select", '{"space": 0, "index": 0, "keys": [{"fields": ["01000000"]}]}');
    expect(JSON.parse(select.stdout)).toEqual({ count: 1, tuples: [{ size: 11, cardinality: 2, fields: ["01000000", hexOf("alice")] }] });
    const base64 = await call(address, "Select", "--bytes", "base64", '{"space": 0, "index": 0, "keys": [{"fields": ["AQAAAA=="]}]}');
    expect(JSON.parse(base64.stdout).tuples[0].fields).toEqual(["AQAAAA==", Buffer.from("alice").toString("base64")]);
    const ping = await call(address, "Box.Ping");
    expect([ping.status, ping.stdout]).toEqual([0, "{}\n"]);
  });

  it("reads the request from stdin with -", async () => {
    const stdin = new TextEncoder().encode('{"procedure": "echo", "args": ["78"]}');
    const run = await runCli(["call", "--schema", "schemas", address, "Box.Call", "-"], REPO, { readStdin: async () => stdin } as object);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ count: 1, tuples: [{ size: 7, cardinality: 2, fields: [hexOf("echo"), "78"] }] });
  });

  it("prints the server's error and exits 1", async () => {
    await call(address, "Box.Insert", '{"space": 5, "tuple": {"fields": ["02000000"]}}');
    const run = await call(address, "Box.Insert", '{"space": 5, "flags": ["ADD"], "tuple": {"fields": ["02000000"]}}');
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({ error: { code: DUPLICATE, message: "Duplicate key exists in unique index 0", temporary: false } });
  });

  it("gives up after --timeout", async () => {
    const run = await runCli(["call", "--schema", "test/wire/fixtures/stall.iproto", address, "Stall.Wait", "--timeout", "200"], REPO);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Stall\.Wait failed: .*(timed out|timeout)/i);
  });

  it("accepts a --servers list", async () => {
    const run = await call("--servers", `${address},${address}`, "--balance", "round-robin", "Box.Ping");
    expect([run.status, run.stdout]).toEqual([0, "{}\n"]);
  });

  describe("rejects a bad request before sending anything", () => {
    const cases: [string, string, string, RegExp][] = [
      ["a missing required field", "Box.Select", '{"space": 0, "keys": []}', /`index`: missing required field \(nothing was sent\)/],
      ["an unknown field", "Box.Select", '{"space": 0, "index": 0, "keys": [], "lmit": 5}', /`lmit`: unknown field \(fields: space, index, offset, limit, keys\)/],
      ["an out-of-range value", "Box.Select", '{"space": 4294967296, "index": 0, "keys": []}', /`space`: 4294967296 is out of range for u32 \(0\.\.4294967295\)/],
      ["a negative value", "Box.Select", '{"space": -1, "index": 0, "keys": []}', /`space`: -1 is out of range for u32/],
      ["a wrong type", "Box.Select", '{"space": "zero", "index": 0, "keys": []}', /`space`: expected an integer, got string "zero"/],
      ["a wrong type inside a list", "Box.Select", '{"space": 0, "index": 0, "keys": [{"fields": [1]}]}', /`keys\[0\]\.fields\[0\]`: expected bytes as hex text, got number 1/],
      ["bytes that are not hex", "Box.Select", '{"space": 0, "index": 0, "keys": [{"fields": ["xyz"]}]}', /`keys\[0\]\.fields\[0\]`: not hex/],
      ["an unknown flag", "Box.Insert", '{"space": 0, "flags": ["RETURN"], "tuple": {"fields": []}}', /`flags\[0\]`: `RETURN` is not a member of flags BoxFlags \(RETURN_TUPLE, ADD, REPLACE\)/],
      ["an unknown enum member", "Box.Update", '{"space": 0, "key": {"fields": []}, "operations": [{"field": 1, "op": "MUL", "argument": ""}]}', /`operations\[0\]\.op`: `MUL` is not a member of enum UpdateOp/],
      ["a length that disagrees", "Box.Select", '{"space": 0, "index": 0, "keys": [{"cardinality": 2, "fields": ["00"]}]}', /keys\[0\]\.fields: its length field says 2, the value has 1/],
      ["text that is not JSON", "Box.Select", "{space: 0}", /the request is not JSON/],
      ["an unknown message", "Box.Selekt", "{}", /no message `Box\.Selekt` in the schemas/],
    ];
    it.each(cases)("%s", async (_name, message, json, error) => {
      const before = received();
      const run = await call(address, message, json);
      expect(run.stderr).toMatch(error);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe("");
      expect(received()).toBe(before);
    });
  });
});

describeTarantool15("iprotoc call against a real Tarantool 1.5", "Box.Insert/Select/Call and a duplicate-key error through `iprotoc call`", () => {
  const tarantool = useTarantool15();

  it("prints the responses Tarantool sends, and its errors", async () => {
    const address = tarantool().address;
    const insert = await call(address, "Box.Insert", '{"space": 0, "flags": ["RETURN_TUPLE"], "tuple": {"fields": ["07000000", {"text": "grace"}, "2a000000"]}}');
    expect(insert.stderr).toBe("");
    expect(JSON.parse(insert.stdout)).toEqual({ count: 1, tuples: [{ size: 16, cardinality: 3, fields: ["07000000", hexOf("grace"), "2a000000"] }] });
    const select = await call(address, "Box.Select", '{"space": 0, "index": 1, "keys": [{"fields": [{"text": "grace"}]}]}');
    expect(JSON.parse(select.stdout)).toEqual({ count: 1, tuples: [{ size: 16, cardinality: 3, fields: ["07000000", hexOf("grace"), "2a000000"] }] });
    const echo = await call(address, "Box.Call", '{"procedure": "t15_echo", "args": ["78", "797a"]}');
    expect(JSON.parse(echo.stdout)).toEqual({ count: 1, tuples: [{ size: 5, cardinality: 2, fields: ["78", "797a"] }] });
    const duplicate = await call(address, "Box.Insert", '{"space": 0, "flags": ["ADD"], "tuple": {"fields": ["07000000", "00", "00000000"]}}');
    expect(duplicate.status).toBe(1);
    expect(JSON.parse(duplicate.stdout)).toEqual({ error: { code: 0x3702, message: "Duplicate key exists in unique index 0", temporary: false } });
    const ping = await call(address, "Box.Ping");
    expect([ping.status, ping.stdout]).toEqual([0, "{}\n"]);
  });

  it.skipIf(noTcpdump !== undefined)("calls captured by tcpdump decode completely", { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "iproto-t15-"));
    try {
      const file = path.join(dir, "t15.pcap");
      const server = tarantool();
      const capture = await startCapture(file, server.port, false);
      try {
        await call(server.address, "Box.Insert", '{"space": 1, "flags": ["RETURN_TUPLE"], "tuple": {"fields": [{"text": "hello"}, {"text": "world"}]}}');
        await call(server.address, "Box.Select", '{"space": 1, "index": 0, "keys": [{"fields": [{"text": "hello"}]}]}');
        await call(server.address, "Box.Call", '{"procedure": "t15_echo", "args": ["78"]}');
        await call(server.address, "Box.Insert", '{"space": 1, "flags": ["ADD"], "tuple": {"fields": [{"text": "hello"}]}}');
      } finally {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await stopCapture(capture);
      }
      const run = await runCli(["decode", "--schema", "schemas/box.iproto", "--port", String(server.port), "--format", "json", file], REPO);
      const records = run.stdout.trim().split("\n").map((l) => JSON.parse(l) as { kind: string });
      expect(records.filter((r) => r.kind === "anomaly")).toEqual([]);
      const frames = records.filter((r): r is FrameRecord => r.kind === "frame");
      expect(frames.map((f) => [f.direction, f.message, f.status])).toEqual([
        ["request", "Box.Insert", "decoded"], ["reply", "Box.Insert", "decoded"],
        ["request", "Box.Select", "decoded"], ["reply", "Box.Select", "decoded"],
        ["request", "Box.Call", "decoded"], ["reply", "Box.Call", "decoded"],
        ["request", "Box.Insert", "decoded"], ["reply", "Box.Insert", "server-error"],
      ]);
      expect(frames[3]!.value).toEqual({ count: 1, tuples: [{ size: 12, cardinality: 2, fields: [hexOf("hello"), hexOf("world")] }] });
      expect(frames[7]!.serverError).toMatchObject({ code: 0x3702 });
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
