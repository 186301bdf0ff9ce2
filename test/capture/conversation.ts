/** TCP conversations built from iproto frames, and a compact view of what the reader yields. */
import type { CaptureItem, Frame } from "../../compiler/capture/index.js";
import { concat, frameBytes, type Address, type FrameSpec, type TcpSpec } from "./builders.js";

export const CLIENT: Address = { ip: "10.0.0.1", port: 40000 };
export const SERVER: Address = { ip: "10.0.0.2", port: 33013 };

/** Segments carrying `bytes` from `from` to `to`, cut at `cuts` (stream offsets), first seq `isn + 1`. */
export function dataSegments(from: Address, to: Address, isn: number, bytes: Uint8Array, cuts: readonly number[]): TcpSpec[] {
  const points = [0, ...cuts.filter((c) => c > 0 && c < bytes.length), bytes.length];
  const segments: TcpSpec[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i] as number;
    const end = points[i + 1] as number;
    if (end > start) segments.push({ from, to, seq: (isn + 1 + start) >>> 0, ack: 1, payload: bytes.subarray(start, end) });
  }
  return segments;
}

export function handshake(client: Address, server: Address, clientIsn: number, serverIsn: number): TcpSpec[] {
  return [
    { from: client, to: server, seq: clientIsn, flags: { syn: true } },
    { from: server, to: client, seq: serverIsn, ack: clientIsn + 1, flags: { syn: true, ack: true } },
    { from: client, to: server, seq: clientIsn + 1, ack: serverIsn + 1, flags: { ack: true } },
  ];
}

export function finishing(client: Address, server: Address, clientEnd: number, serverEnd: number): TcpSpec[] {
  return [
    { from: client, to: server, seq: clientEnd >>> 0, flags: { fin: true, ack: true } },
    { from: server, to: client, seq: serverEnd >>> 0, flags: { fin: true, ack: true } },
  ];
}

export function streamOf(frames: readonly FrameSpec[]): Uint8Array {
  return concat(frames.map(frameBytes));
}

export interface FrameView {
  readonly direction: string;
  readonly msg: number;
  readonly sync: number;
  readonly body: string;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

export function view(frame: Frame | FrameSpec, direction?: string): FrameView {
  if ("kind" in frame) return { direction: frame.direction, msg: frame.header.msg, sync: frame.header.sync, body: hex(frame.body) };
  return { direction: direction ?? "unknown", msg: frame.msg, sync: frame.sync, body: hex(frame.body) };
}

export interface Collected {
  readonly items: CaptureItem[];
  readonly frames: FrameView[];
  readonly anomalies: string[];
}

export function collect(items: Iterable<CaptureItem>): Collected {
  const all = [...items];
  return {
    items: all,
    frames: all.filter((i): i is Frame => i.kind === "frame").map((f) => view(f)),
    anomalies: all.flatMap((i) => (i.kind === "anomaly" ? [i.type] : [])),
  };
}
