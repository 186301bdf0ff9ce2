/** Spawning the Perl peers of the interop tests: one process per test file. */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export function perlScript(name: string): string {
  return fileURLToPath(new URL(`./perl/${name}`, import.meta.url));
}

/** Starts the Perl MR::IProto::Server; resolves with its port once it listens. */
export async function startPerlServer(env: Record<string, string> = {}): Promise<{ port: number; stderr: string[]; stop(): Promise<void> }> {
  const child = spawn("perl", [perlScript("server.pl")], { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
  const stderr: string[] = [];
  let partial = "";
  child.stderr?.setEncoding("utf8").on("data", (text: string) => {
    partial += text;
    const lines = partial.split("\n");
    partial = lines.pop() ?? "";
    stderr.push(...lines);
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout?.setEncoding("utf8").on("data", (text: string) => {
      out += text;
      const match = /PORT (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`perl server exited (${code}): ${stderr.join("\n")}`)));
  });
  return { port, stderr, stop: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.stdin?.end();
  });
}
