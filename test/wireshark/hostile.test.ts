/**
 * Random bodies for every message code of everything.iproto and users.iproto, both directions, cut into
 * random segments: the generated dissector must dissect every PDU (decoded, or shown as malformed) and
 * never fail with a Lua error, whatever the bytes say (huge counts, deep recursion, missing NULs).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli-in-process.js";
import { LINK_TYPE, linkFrame, ipPacket, pcapFile, randomBytes, seeded, type FrameSpec, type TcpSpec } from "../capture/builders.js";
import { CLIENT, SERVER, dataSegments, handshake, streamOf } from "../capture/conversation.js";
import { tsharkMissing } from "./tshark.js";

const root = path.resolve(import.meta.dirname, "../..");
const dir = process.env["KEEP"] ?? mkdtempSync(path.join(tmpdir(), "iproto-wireshark-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CODES = [0xff00, 1, 2, 3, 4, 5, 0x20, 0x21, 0xf0, 0xf1, 0x101, 0x102, 0x103, 0x104, 0x7777];

describe.skipIf(tsharkMissing !== undefined)("generated Wireshark dissector on hostile bodies, with the real tshark", () => {
  it("dissects 400 random PDUs without a Lua error", { timeout: 40_000 }, async () => {
    const lua = path.join(dir, "iproto.lua");
    expect((await runCli(["generate", "--target", "wireshark", "schemas/everything.iproto", "schemas/users.iproto", "-o", lua], root)).status).toBe(0);
    const random = seeded(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const body = () => {
      const bytes = randomBytes(random, Math.floor(random() * 80));
      // Small integers make counts, lengths and conditions plausible, so decoding goes deep.
      for (let i = 0; i < bytes.length; i++) if (random() < 0.6) bytes[i] = Math.floor(random() * 4);
      return bytes;
    };
    const requests: FrameSpec[] = [];
    const replies: FrameSpec[] = [];
    for (let sync = 1; sync <= 200; sync++) {
      const msg = pick(CODES);
      requests.push({ msg, sync, body: body() });
      replies.push({ msg, sync, body: body() });
    }
    const up = streamOf(requests);
    const down = streamOf(replies);
    const cuts = (n: number) => Array.from({ length: 60 }, () => Math.floor(random() * n)).sort((a, b) => a - b);
    const specs: TcpSpec[] = [...handshake(CLIENT, SERVER, 1, 9), ...dataSegments(CLIENT, SERVER, 1, up, cuts(up.length)), ...dataSegments(SERVER, CLIENT, 9, down, cuts(down.length))];
    const pcap = path.join(dir, "hostile.pcap");
    writeFileSync(pcap, pcapFile(LINK_TYPE.ethernet, specs.map((s, i) => ({ data: linkFrame("ethernet", ipPacket(s)), seconds: i }))));
    const run = spawnSync("tshark", ["-r", pcap, "-2", "-X", `lua_script:${lua}`, "-V"], { encoding: "utf8", maxBuffer: 256 << 20 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr.replace(/.*Running as user.*\n?/, "")).toBe("");
    expect(run.stdout).not.toMatch(/Lua Error|dissector error/);
    const pdus = [...run.stdout.matchAll(/^iproto, .* (request|reply), sync (\d+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(new Set(pdus).size).toBe(400);
    expect(run.stdout).toMatch(/Malformed iproto body|needs \d+ bytes/);
  });
});
