/** Perl's MR::IProto client (sync, async and bulk) against our IProtoServer; one Perl process. */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { IProtoServer } from "../../runtime/index.js";
import { leakCheck } from "../client/support.js";
import { perlScript } from "./perl-process.js";

function u32s(body: Uint8Array): number[] {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  return Array.from({ length: Math.floor(body.length / 4) }, (_, i) => view.getUint32(i * 4, true));
}

function packU32(values: number[]): Uint8Array {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => out.writeUInt32LE(v, i * 4));
  return out;
}

it("serves Perl's MR::IProto client: sync, async out of order, bulk, no_reply, 1 MiB, timeout", async () => {
  const leaks = leakCheck();
  let noReplies = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server = new IProtoServer({
    host: "127.0.0.1",
    port: 0,
    handler: (msg, body) => {
      switch (msg) {
        case 1:
        case 5:
          return body;
        case 2:
          return packU32(u32s(body).reverse());
        case 3:
          noReplies++;
          return undefined;
        case 4: // the first u32 is a delay: replies leave out of order
          return new Promise((resolve) => {
            const timer = setTimeout(() => (timers.delete(timer), resolve(body)), (u32s(body)[0] ?? 0) * 3);
            timers.add(timer);
          });
        case 6:
          return packU32([noReplies]);
        default:
          return undefined; // msg 7: never answered
      }
    },
  });
  const { port } = await server.listen();
  const { stdout } = await promisify(execFile)("perl", [perlScript("client.pl"), String(port)], { timeout: 30_000 });
  const lines = stdout.trim().split("\n");
  expect(lines.at(-1)).toBe("DONE");
  const results = Object.fromEntries(lines.slice(0, -1).map((line) => {
    const { case: name, result } = JSON.parse(line) as { case: string; result: unknown };
    return [name, result];
  }));
  const large = Buffer.alloc(1024 * 1024).map((_, i) => (i * 7) % 256);
  expect(results).toEqual({
    "sync-echo": [1, 2, 0xffffffff],
    "sync-reverse": [3, 2, 1],
    "sync-packed": [["hello"]],
    "async-out-of-order": { done: 200, bad: [] },
    bulk: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    "no-reply": [5],
    large: { length: large.length, same: 1, md5: createHash("md5").update(large).digest("hex") },
    timeout: { failed: 1 },
  });
  await server.close();
  await leaks.check();
});
