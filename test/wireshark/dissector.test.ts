/**
 * `iprotoc generate --target wireshark` checked with the real tshark: a capture of real exchanges
 * (generated clients and dispatchers over 127.0.0.1, tcpdump on the loopback) is dissected by the generated
 * Lua plugin, and every field tshark shows must be the value sent; replies link to their requests; error
 * replies, request-dependent replies, nested structs, recursion and arrays; a request bigger than a segment
 * is reassembled. tshark runs are batched (each costs about a second).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli-in-process.js";
import { ARRAYS, BIG_PAYLOAD, CHAIN, CONDITIONAL, NUMBERS, PROFILE_7, PROFILE_9, STRINGS, captureExchange } from "./exchange.js";
import { jsonFrames, loopbackCaptureMissing, pdu, pdus, tshark, tsharkMissing, values, type Pdu } from "./tshark.js";

/** The schema's name of a generated property (`userId` → `user_id`): dissector fields keep the schema's names. */
const wireName = (property: string): string => property.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const root = path.resolve(import.meta.dirname, "../..");
const SCHEMAS = ["schemas/users.iproto", "schemas/box.iproto", "schemas/everything.iproto"];
const dir = mkdtempSync(path.join(tmpdir(), "iproto-wireshark-"));
const lua = path.join(dir, "iproto.lua");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const captureMissing = tsharkMissing === undefined ? loopbackCaptureMissing() : undefined;
const skip = tsharkMissing ?? (captureMissing !== undefined ? `${captureMissing}: no real capture to dissect (segments.test.ts still runs on written pcaps)` : undefined);
if (skip !== undefined) console.warn(`Wireshark dissector tests skipped: ${skip}`);

const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const wsBytes = (value: string) => value.replace(/:/g, "");
const one = (p: Pdu, abbrev: string) => {
  const found = values(p.node, abbrev);
  if (found.length !== 1) throw new Error(`${abbrev}: ${found.length} values in frame ${p.frame}`);
  return found[0] as string;
};

describe.skipIf(skip !== undefined)("generated Wireshark dissector, with the real tshark", () => {
  let all: Pdu[] = [];
  let capture = { pcap: "", port: 0 };

  beforeAll(async () => {
    const run = await runCli(["generate", "--target", "wireshark", ...SCHEMAS, "-o", lua], root);
    expect(run, run.stderr).toMatchObject({ status: 0 });
    capture = await captureExchange(dir);
    all = pdus(jsonFrames(tshark(capture.pcap, lua, String(capture.port), ["-T", "json", "--no-duplicate-keys"])));
  }, 60_000);

  it("generates the same Lua every time, and --check says so", async () => {
    const again = path.join(dir, "again");
    expect((await runCli(["generate", "--target", "wireshark", ...SCHEMAS, "-o", again], root)).status).toBe(0);
    expect(readFileSync(path.join(again, "iproto.lua"), "utf8")).toBe(readFileSync(lua, "utf8"));
    expect((await runCli(["generate", "--target", "wireshark", ...SCHEMAS, "-o", lua, "--check"], root)).status).toBe(0);
    expect((await runCli(["generate", "--target", "wireshark", ...SCHEMAS, "-o", lua, "--check", "--port", "1"], root)).status).toBe(1);
  });

  it("shows the header, names the message, and links each reply to its request with the response time", () => {
    const request = pdu(all, 1, false);
    const reply = pdu(all, 1, true);
    expect(request.node).toMatchObject({ "iproto.msg": "0x00000101", "iproto.len": "4", "iproto.service": "Users", "iproto.message": "GetUser", "iproto.response_in": String(reply.frame) });
    expect(reply.node).toMatchObject({ "iproto.reply": "1", "iproto.request_in": String(request.frame), "iproto.message": "GetUser" });
    expect(Number(reply.node["iproto.time"])).toBeGreaterThan(0);
    expect(reply.frame).toBeGreaterThan(request.frame);
  });

  it("decodes every field of users.iproto as sent: conditions, nested and size-prefixed structs, arrays, UTF-8", () => {
    expect(one(pdu(all, 1, false), "iproto.users.get_user.user_id")).toBe("7");
    const found = pdu(all, 1, true);
    expect(one(found, "iproto.users.get_user.status")).toBe("0");
    for (const key of ["userId", "login", "created", "country"] as const) expect(one(found, `iproto.users.get_user.profile.${wireName(key)}`), key).toBe(String(PROFILE_7[key]));
    expect(values(found.node, "iproto.users.get_user.profile.groups")).toEqual(["1", "2", "3"]);
    // NOT_FOUND: the profile is absent, as its condition says.
    const absent = pdu(all, 2, true);
    expect(one(absent, "iproto.users.get_user.status")).toBe("1");
    expect(values(absent.node, "iproto.users.get_user.profile.login")).toEqual([]);
    // GetUsers and Rename travel in one segment each way.
    expect(pdu(all, 3, false).frame).toBe(pdu(all, 4, false).frame);
    expect(values(pdu(all, 3, false).node, "iproto.users.get_users.user_ids")).toEqual(["7", "9"]);
    const many = pdu(all, 3, true);
    expect(values(many.node, "iproto.users.get_users.profiles.login")).toEqual([PROFILE_7.login, PROFILE_9.login]);
    expect(values(many.node, "iproto.users.get_users.profiles.country")).toEqual(["RU", "DE"]);
    expect(values(many.node, "iproto.users.get_users.profiles.groups")).toEqual(["1", "2", "3"]);
    expect(one(pdu(all, 4, false), "iproto.users.rename.login")).toBe("bob");
    expect(one(pdu(all, 4, true), "iproto.users.rename.status")).toBe("0");
  });

  it("reassembles a request longer than a TCP segment; a no_reply message waits for no reply", () => {
    const track = pdu(all, 5, false);
    expect(one(track, "iproto.len")).toBe(String(4 + 8 + 1 + 5 + BIG_PAYLOAD.length));
    expect(one(track, "iproto.users.track.user_id")).toBe("7");
    expect(one(track, "iproto.users.track.at")).toBe("1700000000123");
    expect(one(track, "iproto.users.track.event")).toBe("login");
    expect(wsBytes(one(track, "iproto.users.track.payload"))).toBe(hexOf(BIG_PAYLOAD));
    expect(track.node["iproto.response_in"]).toBeUndefined();
  });

  it("box.iproto: envelopes, replies whose layout depends on the request, and error replies", () => {
    const insert = pdu(all, 6, false);
    expect(one(insert, "iproto.box.insert.flags")).toBe("0x00000003");
    expect(["return_tuple", "add", "replace"].map((bit) => one(insert, `iproto.box.insert.flags.${bit}`))).toEqual(["1", "1", "0"]);
    expect(one(pdu(all, 7, false), "iproto.box.insert.flags.return_tuple")).toBe("0");
    expect(values(insert.node, "iproto.box.insert.tuple.fields").map(wsBytes)).toEqual(["0102", "78797a"]);
    const inserted = pdu(all, 6, true);
    expect(one(inserted, "iproto.envelope.box_envelope.code")).toBe("0");
    expect(one(inserted, "iproto.box.insert.count")).toBe("1");
    expect(values(inserted.node, "iproto.box.insert.tuples.fields").map(wsBytes)).toEqual(["0102", "78797a"]);
    expect(one(inserted, "iproto.box.insert.tuples.size")).toBe("7");
    // Without RETURN_TUPLE in the request, the same reply layout has no tuples.
    const plain = pdu(all, 7, true);
    expect(one(plain, "iproto.box.insert.count")).toBe("1");
    expect(values(plain.node, "iproto.box.insert.tuples.cardinality")).toEqual([]);
    expect(values(pdu(all, 8, false).node, "iproto.box.select.keys.fields").map(wsBytes)).toEqual(["05"]);
    const failed = pdu(all, 8, true);
    expect(failed.node).toMatchObject({ "iproto.error": "1", "iproto.error.code": String(0x3102), "iproto.error.message": "Space 9 does not exist" });
    expect(one(failed, "iproto.envelope.box_envelope.code")).toBe(String(0x3102));
    expect(one(failed, "iproto.envelope.box_envelope.message")).toBe("Space 9 does not exist");
    expect(values(failed.node, "iproto.box.select.count")).toEqual([]);
    expect(values(failed.node, "iproto.error_reply")).toHaveLength(1);
  });

  it("everything.iproto: every number type both ways, recursion, conditions over the request, a second envelope", () => {
    for (const p of [pdu(all, 9, false), pdu(all, 9, true)]) {
      for (const [key, sent] of Object.entries(NUMBERS)) {
        const shown = one(p, `iproto.everything.echo_numbers.numbers.${wireName(key)}`);
        if (typeof sent === "number" && !Number.isInteger(sent)) expect(Number(shown), key).toBe(sent);
        else expect(BigInt(Number.isInteger(Number(shown)) && !/e/.test(shown) ? shown : Number(shown)), key).toBe(BigInt(sent));
      }
    }
    for (const p of [pdu(all, 10, false), pdu(all, 10, true)]) {
      expect(values(p.node, "iproto.everything.echo_structs.tree.value")).toEqual(["1", "2", "3", "4"]);
      expect(values(p.node, "iproto.everything.echo_structs.chain.value")).toEqual([String(CHAIN.value), String(CHAIN.next.value)]);
      expect(values(p.node, "iproto.everything.echo_structs.shapes.origin.x")).toEqual(["-1"]);
      expect(values(p.node, "iproto.everything.echo_structs.shapes.framed.bottom_right.y")).toEqual(["8"]);
      expect(values(p.node, "iproto.everything.echo_structs.shapes.unit")).toEqual(["1"]);
    }
    expect(one(pdu(all, 11, false), "iproto.everything.lookup.user.login")).toBe("carol");
    const lookup = pdu(all, 11, true);
    expect(one(lookup, "iproto.everything.lookup.profile")).toBe("profile of carol");
    expect(values(lookup.node, "iproto.everything.lookup.tuples.fields").map(wsBytes)).toEqual(["cafe"]);
    const compact = pdu(all, 12, true);
    expect(compact.node).toMatchObject({ "iproto.error": "1", "iproto.error.code": "513", "iproto.error.message": "no thing" });
    expect(one(compact, "iproto.envelope.compact.detail")).toBe("0");
  });

  it("everything.iproto: every string and bytes layout, padding, every array count, conditions over earlier fields", () => {
    for (const p of [pdu(all, 13, false), pdu(all, 13, true)]) {
      for (const [key, sent] of Object.entries(STRINGS)) {
        const shown = one(p, `iproto.everything.echo_strings.strings.${wireName(key)}`);
        expect(sent instanceof Uint8Array ? wsBytes(shown) : shown, key).toBe(sent instanceof Uint8Array ? hexOf(sent) : sent);
      }
      expect(one(p, "iproto.everything.echo_strings.strings.len")).toBe("3");
    }
    for (const p of [pdu(all, 14, false), pdu(all, 14, true)]) {
      for (const [key, sent] of Object.entries(ARRAYS)) {
        const flat = (sent as readonly unknown[]).flat(2).flatMap((v) => (typeof v === "object" && v !== null ? Object.values(v) : [v]));
        const field = `iproto.everything.echo_arrays.arrays.${wireName(key)}`;
        const shown = key === "byField" ? [...values(p.node, `${field}.x`), ...values(p.node, `${field}.y`)] : values(p.node, field);
        expect(shown, key).toEqual(key === "byField" ? ["1", "2", "-1", "-2"] : flat.map(String));
      }
    }
    expect(values(pdu(all, 14, false).node, "iproto.everything.echo_arrays.padded.length")).toEqual(["2"]);
    CONDITIONAL.forEach(({ present, ...sent }, i) => {
      for (const p of [pdu(all, 15 + i, false), pdu(all, 15 + i, true)]) {
        const shown = ["a", "b", "c", "d", "e", "f", "g", "h"].filter((k) => values(p.node, `iproto.everything.echo_values.conditional.${k}`).length > 0);
        expect(shown.join(" "), `kind ${sent.kind}`).toBe(present);
        for (const k of shown) expect(one(p, `iproto.everything.echo_values.conditional.${k}`)).toBe(String((sent as Record<string, unknown>)[k]));
        expect(one(p, "iproto.everything.echo_values.defaults.greeting")).toBe("hello,\tw\u00f6rld!");
        expect(one(p, "iproto.everything.echo_values.defaults.big")).toBe("18446744073709551615");
        expect(one(p, "iproto.everything.echo_values.defaults.offset")).toBe("-11");
      }
    });
    const fire = pdu(all, 18, false);
    expect([one(fire, "iproto.everything.fire.name"), fire.node["iproto.response_in"]]).toEqual(["f", undefined]);
  });

  it("the Services preference says which service a shared message code belongs to, by server port", () => {
    // Code 1 is Everything.EchoNumbers and Raw.Put: the first service in the schemas unless the preference says otherwise.
    expect(one(pdu(all, 9, false), "iproto.message")).toBe("EchoNumbers");
    const { pcap, port } = capture;
    const shown = tshark(pcap, lua, String(port), ["-o", `iproto.service:Users=1-100; Raw = 1-100,${port}`, "-Y", "iproto.msg == 1", "-T", "fields", "-e", "iproto.service", "-e", "iproto.message"]);
    expect(shown.trim().split("\n")).toEqual(["Raw\tPut", "Raw\tPut"]);
  });
});
