/**
 * Values behind a length prefix (`id: u32<varint>`, Box tuple fields) in the generated dissector, with the
 * real tshark: the typed INSERT of test/codegen/corpus/box-fields.iproto shows every field's value, and a
 * prefix that is not the value's width is malformed, named.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli-in-process.js";
import { concat, le32, LINK_TYPE, linkFrame, ipPacket, pcapFile, type FrameSpec, type TcpSpec } from "../capture/builders.js";
import { CLIENT, SERVER, dataSegments, finishing, handshake, streamOf } from "../capture/conversation.js";
import { jsonFrames, pdu, pdus, tshark, tsharkMissing, values } from "./tshark.js";

const root = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "iproto-wireshark-box-fields-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const utf8 = (text: string) => new TextEncoder().encode(text);
/** TypedBox.Insert: space, flags, then Person { cardinality = 3, id: u32<varint>, name: string<varint>, score: u32<varint> }. */
function insert(idPrefix: number): Uint8Array {
  return concat([le32(0), le32(0), le32(3), Uint8Array.of(idPrefix), le32(7001), Uint8Array.of(5), utf8("typed"), Uint8Array.of(4), le32(4_000_000_000)].map((b) => Uint8Array.from(b)));
}

describe.skipIf(tsharkMissing !== undefined)("generated Wireshark dissector: Box fields behind their length", () => {
  it("shows each typed field's value, and a wrong prefix as malformed", { timeout: 30_000 }, async () => {
    const lua = path.join(dir, "box-fields.lua");
    const run = await runCli(["generate", "--target", "wireshark", "test/codegen/corpus/box-fields.iproto", "-o", lua, "--port", "33013"], root);
    expect(run, run.stderr).toMatchObject({ status: 0 });
    const requests: FrameSpec[] = [
      { msg: 13, sync: 1, body: insert(4) },
      { msg: 13, sync: 2, body: insert(5) },
    ];
    const up = streamOf(requests);
    const specs: TcpSpec[] = [...handshake(CLIENT, SERVER, 1000, 5000), ...dataSegments(CLIENT, SERVER, 1000, up, []), ...finishing(CLIENT, SERVER, 1001 + up.length, 5001)];
    const pcap = path.join(dir, "box.pcap");
    writeFileSync(pcap, pcapFile(LINK_TYPE.ethernet, specs.map((s, i) => ({ data: linkFrame("ethernet", ipPacket(s)), seconds: 1_700_000_000 + i }))));
    const all = pdus(jsonFrames(tshark(pcap, lua, undefined, ["-T", "json", "--no-duplicate-keys"])));
    const good = pdu(all, 1, false).node;
    expect(values(good, "iproto.typed_box.insert.tuple.id")).toEqual(["7001"]);
    expect(values(good, "iproto.typed_box.insert.tuple.name")).toEqual(["typed"]);
    expect(values(good, "iproto.typed_box.insert.tuple.score")).toEqual(["4000000000"]);
    const bad = pdu(all, 2, false).node;
    expect(values(bad, "iproto.malformed")).toHaveLength(1);
    expect(values(bad, "_ws.expert.message").join()).toContain("id: length prefix is 5, not 4, the width of the value");
  });
});
