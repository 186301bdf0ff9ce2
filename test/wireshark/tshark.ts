/** Running the real tshark with a generated dissector, and reading its JSON output. */
import { spawnSync } from "node:child_process";

const probe = spawnSync("tshark", ["-v"], { encoding: "utf8" });
/** Why tshark cannot be used here, or undefined when it runs (with Lua). */
export const tsharkMissing: string | undefined =
  probe.error !== undefined
    ? `tshark is not installed or does not run (${probe.error.message}): apt-get install tshark`
    : probe.status !== 0
      ? `tshark -v exited ${probe.status}: ${probe.stderr}`
      : !/with Lua/.test(probe.stdout)
        ? "this tshark is built without Lua, so it cannot load a Lua dissector"
        : undefined;

/**
 * Why this user cannot capture on the loopback (tcpdump missing, or no capture permission: not root and no
 * cap_net_raw), or undefined. A tcpdump that starts is stopped after a second (it waited for packets).
 */
export function loopbackCaptureMissing(): string | undefined {
  const run = spawnSync("tcpdump", ["-i", "lo", "-n", "-c", "1", "-w", "/dev/null", "tcp port 9"], { encoding: "utf8", timeout: 1000 });
  if (run.error !== undefined && (run.error as NodeJS.ErrnoException).code === "ENOENT") return "tcpdump is not installed (apt-get install tcpdump)";
  if (run.status !== null && run.status !== 0) return `tcpdump cannot capture on lo as this user (${run.stderr.trim().split("\n").pop() ?? ""}): run as root or give tcpdump cap_net_raw`;
  return undefined;
}

/** `tshark -r <pcap> -2 -X lua_script:<lua> [-o iproto.ports:<ports>] <extra…>`; throws on a failed run or a Lua error. */
export function tshark(pcap: string, lua: string, ports: string | undefined, extra: readonly string[]): string {
  const run = spawnSync("tshark", ["-r", pcap, "-2", "-X", `lua_script:${lua}`, ...(ports === undefined ? [] : ["-o", `iproto.ports:${ports}`]), ...extra], { encoding: "utf8", maxBuffer: 256 << 20 });
  const stderr = run.stderr.split("\n").filter((l) => l.trim() !== "" && !l.includes("Running as user")).join("\n");
  if (run.status !== 0 || /Lua|error/i.test(stderr)) throw new Error(`tshark failed (${run.status}): ${stderr}`);
  return run.stdout;
}

export type Layer = Record<string, unknown>;

/** The frames of `tshark -T json --no-duplicate-keys`: number → its layers. */
export function jsonFrames(output: string): Map<number, Layer> {
  const frames = new Map<number, Layer>();
  for (const packet of JSON.parse(output) as { _source: { layers: Layer } }[]) {
    const layers = packet._source.layers;
    const number = Number((layers.frame as Layer)["frame.number"]);
    frames.set(number, layers);
  }
  return frames;
}

/** Every value of field `abbrev` anywhere below `node`, in tree order (tshark prints values as strings). */
export function values(node: unknown, abbrev: string): string[] {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n !== null && typeof n === "object") {
      for (const [key, value] of Object.entries(n)) {
        if (key === abbrev) {
          if (Array.isArray(value)) out.push(...value.map(String));
          else out.push(typeof value === "object" ? "" : String(value));
        }
        walk(value);
      }
    }
  };
  walk(node);
  return out;
}

export interface Pdu {
  readonly frame: number;
  readonly node: Layer;
}

/** Every iproto PDU of the output, in frame order (a frame with several PDUs has an array of iproto layers). */
export function pdus(frames: ReadonlyMap<number, Layer>): Pdu[] {
  const out: Pdu[] = [];
  for (const [frame, layers] of frames) {
    const layer = layers.iproto;
    if (layer === undefined) continue;
    for (const node of Array.isArray(layer) ? (layer as Layer[]) : [layer as Layer]) out.push({ frame, node });
  }
  return out;
}

/** The one PDU with this sync and direction. */
export function pdu(all: readonly Pdu[], sync: number, reply: boolean): Pdu {
  const found = all.filter((p) => p.node["iproto.sync"] === String(sync) && p.node["iproto.reply"] === (reply ? "1" : "0"));
  if (found.length !== 1) throw new Error(`${found.length} ${reply ? "replies" : "requests"} with sync ${sync}`);
  return found[0] as Pdu;
}
