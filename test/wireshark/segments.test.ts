/**
 * The generated dissector in the real tshark over a pcap this test writes byte by byte: iproto frames cut
 * inside the header and inside fields, coalesced in one segment; a message the schema does not know, a
 * malformed reply, a reply whose request is not in the capture, trailing bytes and an absurd length — each
 * shown as such. And a schema with hostile doc comments and Lua keywords as names still loads.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as users from "../../generated-examples/users.js";
import { runCli } from "../support/cli-in-process.js";
import { concat, frameBytes, ipPacket, le32, LINK_TYPE, linkFrame, pcapFile, type FrameSpec, type TcpSpec } from "../capture/builders.js";
import { CLIENT, SERVER, dataSegments, finishing, handshake, streamOf } from "../capture/conversation.js";
import { PROFILE_9 } from "./exchange.js";
import { jsonFrames, pdu, pdus, tshark, tsharkMissing, values } from "./tshark.js";

const root = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "iproto-wireshark-segments-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
if (tsharkMissing !== undefined) console.warn(`Wireshark dissector tests skipped: ${tsharkMissing}`);

const utf8 = (text: string) => new TextEncoder().encode(text);
const requests: FrameSpec[] = [
  { msg: 0x101, sync: 100, body: Uint8Array.from(le32(77)) },
  { msg: 0x103, sync: 101, body: concat([Uint8Array.from(le32(5)), Uint8Array.of(1), utf8("x")]) },
  { msg: 0x999, sync: 102, body: Uint8Array.of(1, 2, 3) },
  { msg: 0x103, sync: 103, body: concat([Uint8Array.from(le32(6)), Uint8Array.of(1), utf8("y")]) },
];
const replies: FrameSpec[] = [
  { msg: 0x101, sync: 100, body: users.GetUserResponse.encodeBody({ status: users.Status.OK, profile: PROFILE_9 }) },
  { msg: 0x103, sync: 101, body: new Uint8Array(0) },
  { msg: 0x101, sync: 555, body: Uint8Array.of(1) },
  { msg: 0x103, sync: 103, body: Uint8Array.of(0, 0xee, 0xff) },
];

/** Handshake (frames 1–3), the requests cut at 5, 13 and 30 (frames 4–7), the replies cut at 3 and inside the second (8–10), an absurd header (11), FINs. */
function conversation(): Uint8Array {
  const up = streamOf(requests);
  const down = streamOf(replies);
  const first = frameBytes(replies[0] as FrameSpec).length;
  const absurd = frameBytes({ msg: 0x101, sync: 7, body: new Uint8Array(0) });
  absurd.set(le32(0xfffffff0), 4);
  const specs: TcpSpec[] = [
    ...handshake(CLIENT, SERVER, 1000, 5000),
    ...dataSegments(CLIENT, SERVER, 1000, up, [5, 13, 30]),
    ...dataSegments(SERVER, CLIENT, 5000, down, [3, first + 5]),
    { from: SERVER, to: CLIENT, seq: 5001 + down.length, ack: 1, payload: absurd },
    ...finishing(CLIENT, SERVER, 1001 + up.length, 5001 + down.length + absurd.length),
  ];
  return pcapFile(LINK_TYPE.ethernet, specs.map((s, i) => ({ data: linkFrame("ethernet", ipPacket(s)), seconds: 1_700_000_000 + i + 1 })));
}

describe.skipIf(tsharkMissing !== undefined)("generated Wireshark dissector on a written pcap, with the real tshark", () => {
  it("reassembles cut frames, links replies, and shows unknown, malformed, unmatched, trailing and absurd input", { timeout: 30_000 }, async () => {
    const lua = path.join(dir, "users.lua");
    const run = await runCli(["generate", "--target", "wireshark", "schemas/users.iproto", "-o", lua, "--port", "33013,34000-34010"], root);
    expect(run, run.stderr).toMatchObject({ status: 0 });
    const pcap = path.join(dir, "cut.pcap");
    writeFileSync(pcap, conversation());
    // No -o iproto.ports: the --port default of the generated preference covers the server port 33013.
    const all = pdus(jsonFrames(tshark(pcap, lua, undefined, ["-T", "json", "--no-duplicate-keys"])));
    const get = pdu(all, 100, false);
    expect([get.frame, values(get.node, "iproto.users.get_user.user_id")]).toEqual([6, ["77"]]);
    const got = pdu(all, 100, true);
    expect(got).toMatchObject({ frame: 9, node: { "iproto.request_in": "6", "iproto.time": "3.000000000" } });
    expect(get.node["iproto.response_in"]).toBe("9");
    expect(values(got.node, "iproto.users.get_user.profile.login")).toEqual([PROFILE_9.login]);
    expect(values(got.node, "iproto.users.get_user.profile.created")).toEqual([String(PROFILE_9.created)]);
    const rename = pdu(all, 101, false);
    expect([rename.frame, values(rename.node, "iproto.users.rename.login")]).toEqual([7, ["x"]]);
    const unknown = pdu(all, 102, false);
    expect(unknown.node).toMatchObject({ "iproto.msg": "0x00000999", "iproto.body": "01:02:03" });
    expect(values(unknown.node, "iproto.unknown_message")).toHaveLength(1);
    expect(values(pdu(all, 103, false).node, "iproto.users.rename.login")).toEqual(["y"]);
    const malformed = pdu(all, 101, true);
    expect(values(malformed.node, "iproto.malformed")).toHaveLength(1);
    expect(values(malformed.node, "_ws.expert.message").join()).toContain("status: needs 1 bytes at body offset 0, 0 left");
    const unmatched = pdu(all, 555, true);
    expect([unmatched.node["iproto.request_in"], values(unmatched.node, "iproto.unmatched_reply")]).toEqual([undefined, [""]]);
    expect(values(unmatched.node, "iproto.users.get_user.status")).toEqual(["1"]);
    const trailing = pdu(all, 103, true);
    expect([trailing.node["iproto.trailing"], values(trailing.node, "iproto.trailing_bytes")]).toEqual(["ee:ff", [""]]);
    expect(values(pdu(all, 7, true).node, "iproto.absurd_length")).toHaveLength(1);
    // The fields filter: a display filter on a schema field selects the frame.
    const filtered = tshark(pcap, lua, undefined, ["-Y", "iproto.users.get_user.user_id == 77 || iproto.users.rename.login == \"y\"", "-T", "fields", "-e", "frame.number", "-e", "iproto.sync"]);
    expect(filtered.trim().split("\n")).toEqual(["6\t100", "7\t101,102,103"]);
  });

  it("escapes what schemas say: hostile doc comments and Lua keywords as names load and show verbatim", { timeout: 30_000 }, async () => {
    const evil = 'evil " \\ ]] --[[ ]==] \'); os.exit(3) -- \u00e9\u2713';
    writeFileSync(
      path.join(dir, "hostile.iproto"),
      `package hostile;\n/** ${evil}\n * second line */\nstruct end { nil: u8; }\nservice function {\n  message local = 1 {\n    request {\n      /** ${evil} */\n      then: end;\n      repeat: string<varint>;\n    }\n  }\n}\n`,
    );
    const lua = path.join(dir, "hostile.lua");
    const run = await runCli(["generate", "--target", "wireshark", path.join(dir, "hostile.iproto"), "-o", lua], root);
    expect(run, run.stderr).toMatchObject({ status: 0 });
    const listed = spawnSync("tshark", ["-G", "fields", "-X", `lua_script:${lua}`], { encoding: "utf8", maxBuffer: 256 << 20 });
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stderr).not.toMatch(/Lua|error/i);
    const fields = listed.stdout.split("\n").filter((l) => l.includes("\tiproto.function."));
    expect(fields.map((l) => l.split("\t").slice(1, 4))).toEqual([
      ["then", "iproto.function.local.then", "FT_NONE"],
      ["nil", "iproto.function.local.then.nil", "FT_UINT8"],
      ["repeat", "iproto.function.local.repeat", "FT_STRING"],
    ]);
    expect(fields[0]).toContain(evil);
  });
});
