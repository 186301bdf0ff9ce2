/**
 * `iprotoc call` on schemas/everything.iproto, served by an IProtoServer whose handler answers with the
 * interpretive codec: responses that read the request, 64-bit values as strings, another envelope's
 * error, a key-balanced message over a --servers list, and a no-reply message.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IProtoServer, ServerError } from "../../runtime/index.js";
import { checkProgram } from "../../compiler/checks/program.js";
import { fileSystemHostAt } from "../../compiler/pipeline/source-host.js";
import { SchemaIndex, decodeRequest, encodeResponse, type WireObject } from "../../compiler/wire/index.js";
import { runCli } from "../support/cli-in-process.js";

const REPO = path.resolve(import.meta.dirname, "../..");
const index = new SchemaIndex(checkProgram(["schemas/everything.iproto"], fileSystemHostAt(REPO)).program!, "Everything");
const call = (...argv: string[]) => runCli(["call", "--schema", "schemas/everything.iproto", "--service", "Everything", ...argv], REPO);

describe("iprotoc call on every message form", () => {
  const servers: IProtoServer[] = [];
  const seen: string[] = [];
  let list = "";
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const server = new IProtoServer({
        host: "127.0.0.1",
        port: 0,
        handler: (msg, body) => {
          const message = index.byCode(msg)[0]!;
          const request = decodeRequest(message, body).value as WireObject;
          seen.push(`${i}:${message.name}`);
          if (message.name === "Lookup") return encodeResponse(message, { found: 1, profile: "admin", tuples: [] }, request);
          if (message.name === "Compacted") {
            if (request["name"] === "boom") {
              // The Compact envelope's error block: code, reserved, then detail and a varint-prefixed message.
              return Uint8Array.from([0x07, 0x00, 0x00, 0x00, 0x09, 4, ...new TextEncoder().encode("boom")]);
            }
            return encodeResponse(message, { value: 18446744073709551615n }, request);
          }
          if (message.name === "Fire") return undefined;
          throw new ServerError(1, "not here", true);
        },
      });
      const { port } = await server.listen();
      servers.push(server);
      list += `${list ? "," : ""}127.0.0.1:${port}`;
    }
  });
  afterAll(async () => Promise.all(servers.map((s) => s.close())));

  it("decodes a response that reads the request, with the request's defaults", async () => {
    const run = await call("--servers", list, "--balance", "hash-crc32", "Lookup", '{"user": {"id": 42, "login": "ann"}}');
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ found: 1, profile: "admin", count: 0, tuples: [] });
    const off = await call("--servers", list, "--balance", "hash-crc32", "Lookup", '{"user": {"id": 42, "login": "ann"}, "want_profile": 0}');
    expect(JSON.parse(off.stdout)).toEqual({ found: 1, count: 0, tuples: [] });
  });

  it("balances by the message's key: the same key, the same server", async () => {
    seen.length = 0;
    for (let i = 0; i < 4; i++) await call("--servers", list, "--balance", "hash-crc32", "Lookup", '{"user": {"id": 7, "login": "x"}}');
    expect(new Set(seen).size).toBe(1);
  });

  it("prints 64-bit values as strings, and another envelope's error", async () => {
    const address = list.split(",")[0]!;
    const ok = await call(address, "Compacted", '{"name": "n"}');
    expect(JSON.parse(ok.stdout)).toEqual({ value: "18446744073709551615" });
    const error = await call(address, "Compacted", '{"name": "boom"}');
    expect(error.status).toBe(1);
    expect(JSON.parse(error.stdout)).toEqual({ error: { code: 7, message: "boom", temporary: false } });
  });

  it("sends a no-reply message and says so", async () => {
    const run = await call(list.split(",")[0]!, "Fire", '{"name": "n", "payload": "0102"}');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("sent Everything.Fire (the message has no reply)\n");
  });
});
