/**
 * An idle client does not hold the process open (issue 13, "runtime manners"): a script that sent its
 * requests — one to a server that is down, one answered — and never calls close() exits by itself, as
 * with undici. Run in a child process, since the test runner's own loop would hide a held handle.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { deadPort, startServer } from "./support.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "iprotoc-exit-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function script(up: string, down: string): string {
  return `
import { IProtoClient } from ${JSON.stringify(join(root, "runtime/index.ts"))};
const failing = new IProtoClient({ servers: ${JSON.stringify(down)}, reconnectDelay: 50 });
const error = await failing.send({ msg: 1, data: new Uint8Array(4), unpack: "L" }).catch((e) => e);
const working = new IProtoClient({ servers: ${JSON.stringify(up)} });
const answer = await working.send({ msg: 2, data: new Uint8Array([7, 0, 0, 0]), unpack: "L" });
console.log(JSON.stringify({ failed: error.code, answer }));
// No close(): the process must still end once nothing is left to do.
`;
}

/** Runs a script; resolves with its exit code and output, or `timedOut` if it was still alive. */
function run(file: string, limitMs: number): Promise<{ code: number | null; stdout: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", file], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, limitMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, timedOut });
    });
  });
}

describe("an idle client and the process", () => {
  it("lets a script exit without close(), after a failed and an answered request", { timeout: 60_000 }, async () => {
    const { server, address } = await startServer((_msg, body) => body);
    try {
      const file = join(work, "script.mts");
      writeFileSync(file, script(address, `127.0.0.1:${await deadPort()}`));
      // Start-up (tsx) takes a few seconds on a loaded machine; a held loop would keep it alive forever.
      const result = await run(file, 40_000);
      expect(result.timedOut, "the script was still running: something holds the event loop").toBe(false);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ failed: "ENOSERVERS", answer: [7] });
    } finally {
      await server.close();
    }
  });
});
