/**
 * The real-server harness itself (test/support/tarantool15.ts): a server answers PING on its own port,
 * and stopping it leaves no process and no directory behind.
 */
import { existsSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { expect, it } from "vitest";
import { describeTarantool15, Tarantool15 } from "../support/tarantool15.js";

/** Sends one raw PING (msg 0xff00, no body, sync 7) and returns the reply's bytes. */
function ping(port: number): Promise<Buffer> {
  return new Promise((done, fail) => {
    const socket = connect({ host: "127.0.0.1", port });
    let reply = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      reply = Buffer.concat([reply, chunk]);
      if (reply.length >= 12) {
        socket.destroy();
        done(reply);
      }
    });
    socket.once("error", fail);
    socket.write(Buffer.from("00ff0000" + "00000000" + "07000000", "hex"));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describeTarantool15("Tarantool 1.5 harness", "start a server, PING it, stop it without leaks", () => {
  it("starts a server that answers PING, and stop() ends it and removes its dir", async () => {
    const server = await Tarantool15.start();
    const pid = Number(readFileSync(`${server.dir}/tarantool.pid`, "utf8").trim());
    try {
      expect(server.address).toBe(`127.0.0.1:${server.port}`);
      expect((await ping(server.port)).toString("hex")).toBe("00ff0000" + "00000000" + "07000000");
      expect(alive(pid)).toBe(true);
    } finally {
      await server.stop();
    }
    expect(alive(pid)).toBe(false);
    expect(existsSync(server.dir)).toBe(false);
  });

  it("two servers run side by side on different ports", async () => {
    const [a, b] = await Promise.all([Tarantool15.start(), Tarantool15.start()]);
    try {
      expect(a.port).not.toBe(b.port);
      expect((await ping(a.port)).length).toBe(12);
      expect((await ping(b.port)).length).toBe(12);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
