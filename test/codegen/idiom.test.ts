/**
 * Generated code in TypeScript's idiom (issue 13): the message code keeps the schema's spelling; Request
 * classes share the runtime's RequestBase and carry only what differs, with the bytes they wrote before;
 * one naming scheme, internals marked.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/pipeline/compile.js";
import { CallRequest, InsertRequest, PingRequest, SelectRequest } from "../../generated-examples/box.js";
import { GetUserRequest, TrackRequest } from "../../generated-examples/users.js";
import { RequestBase } from "../../runtime/index.js";
import { REPO } from "./support/generate.js";

/** Compiles one in-memory schema; returns the generated module's text. */
async function generated(schema: string): Promise<string> {
  const result = await compile(["s.iproto"], { host: { readFile: (p) => (p === "s.iproto" ? schema : undefined) } });
  expect(result.diagnostics).toEqual([]);
  return result.files.find((f) => f.path === "s.ts")!.text;
}

describe("message codes", () => {
  it("keep the schema's spelling: hex stays hex, separators stay, a constant becomes its value", async () => {
    const text = await generated(
      "const BASE: u32 = 0x0a00;\nservice S {\n  message Hex = 0x0a01 {}\n  message Sep = 1_000 {}\n  message Dec = 7 {}\n  message Named = BASE {}\n}\n",
    );
    expect(text).toContain("static override readonly msg = 0x0a01;");
    expect(text).toContain("static override readonly msg = 1_000;");
    expect(text).toContain("static override readonly msg = 7;");
    expect(text).toContain("static override readonly msg = 2560;");
    expect(text).toMatch(/\[0x0a01, \$route\(/); // the dispatcher's route
    expect(text).toMatch(/writePacketHeader\(target, offset, 0x0a01,/);
    expect(text).not.toMatch(/[=(,] 2561\b/);
  });
});

describe("Request classes over RequestBase", () => {
  const key = { fields: [Uint8Array.of(1, 0, 0, 0)] };
  const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

  it("write the packets the classes without a base wrote (captured before the change)", () => {
    const tuple = { fields: [Uint8Array.of(7, 0, 0, 0), new TextEncoder().encode("ab")] };
    expect(hex(new InsertRequest({ space: 1, flags: 2, tuple }).encode(5))).toBe("0d00000014000000050000000100000002000000020000000407000000026162");
    expect(hex(new SelectRequest({ space: 1, index: 0, keys: [key] }).encode(9))).toBe(
      "110000001d00000009000000010000000000000000000000ffffff7f01000000010000000401000000",
    );
    expect(hex(new PingRequest().encode(3))).toBe("00ff00000000000003000000");
    expect(hex(new CallRequest({ procedure: "box.x", args: [Uint8Array.of(1)] }).encode(0))).toBe("1600000010000000000000000000000005626f782e78010000000101");
  });

  it("answer the instance facts from the class's statics, and keep encodeInto and packetSize their own", () => {
    const select = new SelectRequest({ space: 1, index: 0, keys: [key] });
    expect(select).toBeInstanceOf(RequestBase);
    expect([select.msg, select.retry, select.noReply, select.timeout]).toEqual([SelectRequest.msg, SelectRequest.retry, SelectRequest.noReply, SelectRequest.timeout]);
    expect(select.key).toBeUndefined(); // no `key` in the schema: the base's default
    expect(select.isRetry({ count: 0, tuples: [] })).toBe(false); // no `retry_when`: never
    expect(Object.hasOwn(SelectRequest.prototype, "encodeInto")).toBe(true);
    expect(Object.hasOwn(SelectRequest.prototype, "packetSize")).toBe(true);
    expect(Object.hasOwn(SelectRequest.prototype, "encode")).toBe(false);
    // The statics as prototype values (requestFacts), shadowing the base's getters.
    expect(Object.getOwnPropertyDescriptor(SelectRequest.prototype, "msg")).toMatchObject({ value: 17, writable: false });
    const packet = new Uint8Array(select.packetSize() + 3);
    expect(select.encodeInto(packet, 3, 9)).toBe(packet.length);
    expect(hex(packet.subarray(3))).toBe(hex(select.encode(9)));
    const track = new TrackRequest({ userId: 7, at: 1n, event: "e", payload: new Uint8Array() });
    expect([track.msg, track.noReply, track.key]).toEqual([0x104, true, "7"]);
    expect(new GetUserRequest({ userId: 3 }).isRetry({ status: 2, profile: undefined })).toBe(true);
  });

  it("keep the fields they were given, without copying", () => {
    const fields = { space: 1, index: 0, keys: [key] };
    expect(new SelectRequest(fields).fields).toBe(fields);
    expect(new PingRequest().fields).toEqual({});
  });
});

describe("the public surface (docs/language.md, Generated names)", () => {
  const modules = ["box", "users", "everything", "common/geometry"].map((m) => readFileSync(`${REPO}generated-examples/${m}.ts`, "utf8"));
  const index = readFileSync(`${REPO}generated-examples/index.ts`, "utf8");

  it("marks every exported name with a $ as @internal, and index.ts names none at top level", () => {
    for (const text of modules) {
      const lines = text.split("\n");
      const exported = lines.flatMap((l, i) => (/^export (function|const|interface|class|type) \w*\$\w*/.test(l) ? [i] : []));
      expect(exported.length).toBeGreaterThan(0);
      for (const i of exported) expect(lines.slice(Math.max(0, i - 3), i).join("\n"), lines[i]).toContain("@internal");
    }
    const named = [...index.matchAll(/^\s+(?:type )?(\w+\$?\w*),$/gm)].map((m) => m[1]!);
    expect(named).toContain("GetUserRequest");
    expect(named.filter((n) => n.includes("$"))).toEqual([]);
    // A message's codec is private to its module (no other module calls it); a fixed request has no sizer.
    const users = modules[1]!;
    expect(users).toMatch(/^function GetUserRequest\$write\(/m);
    expect(users).toMatch(/^function GetUserResponse\$read\(/m);
    expect(users).not.toContain("GetUserRequest$size");
    expect(users).toMatch(/^\/\*\* @internal \*\/\nexport function Profile\$write\(/m);
  });

  it("documents what each interface is for, under its own name", () => {
    const users = modules[1]!;
    expect(users).not.toMatch(/What encoding/);
    expect(users).toMatch(/\/\*\* Fetch one profile\. \(The request as `decodeBody` gives it to a handler\.\) \*\/\nexport interface GetUserRequestFields/);
    expect(users).toMatch(/What `new GetUserRequest\(\.\.\.\)` takes; defaults and computed lengths may be left out\.[^\n]*\*\/\nexport interface GetUserRequestInit/);
    expect(users).toMatch(/A Profile to encode \(`encodeProfile`, or in a value holding one\)[^\n]*\*\/\nexport interface ProfileInit/);
    // The response type and its companion object share a name on purpose, as enums do.
    expect(users).toMatch(/export interface GetUserResponse \{/);
    expect(users).toMatch(/`GetUserResponse`'s decoder and encoder \(a ResponseCodec\)\. \*\/\nexport const GetUserResponse = \{/);
  });
});

describe("field names (--names camel|keep)", () => {
  const schema = "struct Row {\n  user_id: u32;\n  by_u8: u8[u8];\n  _tag: u8;\n}\n";
  const host = (text: string) => ({ readFile: (p: string) => (p === "s.iproto" ? text : undefined) });

  it("are camelCase by default, with the wire name in the TSDoc, and the schema's spelling with keep", async () => {
    const camel = await generated(schema);
    expect(camel).toMatch(/\/\*\* Wire name `user_id`: offset 0 in the struct[^\n]*\*\/\n\s+userId: number;/);
    expect(camel).toMatch(/\/\*\* Wire name `by_u8`\. \*\/\n\s+readonly byU8: readonly number\[\];/);
    expect(camel).toMatch(/\n\s+_tag: number;/);
    expect(camel).toContain('$outOfRange("Row", "user_id"'); // error paths name the schema's field
    const keep = await compile(["s.iproto"], { host: host(schema), names: "keep" });
    const text = keep.files.find((f) => f.path === "s.ts")!.text;
    expect(text).toMatch(/\n\s+user_id: number;/);
    expect(text).not.toContain("userId");
    expect(text).not.toContain("Wire name");
  });

  it("that collide under camelCase are a located error (E0212), and fine with keep", async () => {
    const clash = "struct Row {\n  user_id: u32;\n  userId: u32;\n}\n";
    const result = await compile(["s.iproto"], { host: host(clash) });
    expect(result.files).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.span.start.line, d.span.start.column, d.related?.[0]?.span.start.line])).toEqual([["E0212", 3, 3, 2]]);
    expect(result.diagnostics[0]!.message).toContain("both become the property `userId`");
    expect((await compile(["s.iproto"], { host: host(clash), names: "keep" })).diagnostics).toEqual([]);
  });
});
