/** Starting and stopping real captures on the loopback interface, for the loopback tests. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";

const tcpdump = spawnSync("tcpdump", ["--version"], { encoding: "utf8" });
export const missing = tcpdump.error !== undefined ? "tcpdump is not installed (apt-get install tcpdump)" : undefined;

/** tcpdump before 4.99.4 has no --pcapng: dumpcap (Wireshark's capture engine) writes pcapng then. */
const tcpdumpPcapng = spawnSync("tcpdump", ["--help"], { encoding: "utf8" }).stderr?.includes("--pcapng") === true;
const dumpcap = spawnSync("dumpcap", ["--version"], { encoding: "utf8" }).error === undefined;
export const pcapngTool = tcpdumpPcapng ? "tcpdump --pcapng" : dumpcap ? "dumpcap" : undefined;

export function startCapture(file: string, port: number, pcapng: boolean): Promise<ChildProcess> {
  const filter = `tcp port ${port}`;
  const child =
    pcapng && !tcpdumpPcapng
      ? spawn("dumpcap", ["-i", "lo", "-f", filter, "-w", file], { stdio: ["ignore", "ignore", "pipe"] })
      : spawn("tcpdump", ["-i", "lo", "-n", "-w", file, "--immediate-mode", "-B", "32768", "-U", ...(pcapng ? ["--pcapng"] : []), filter], { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    let stderr = "";
    const timer = setTimeout(() => reject(new Error(`tcpdump did not start: ${stderr}`)), 20_000);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes("listening on") || stderr.includes("Capturing on")) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on("exit", (code) => reject(new Error(`tcpdump exited (${code}): ${stderr}`)));
  });
}

export function stopCapture(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.on("exit", () => resolve());
    child.kill("SIGINT");
  });
}
