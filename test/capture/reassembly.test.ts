/**
 * TCP reassembly through pcap files built here: one conversation cut at every byte boundary,
 * segments reordered and duplicated, a capture that starts mid-stream, lost segments, snap length.
 */
import { describe, expect, it } from "vitest";
import { readFrames, type CaptureItem } from "../../compiler/capture/index.js";
import { ipPacket, linkFrame, pcapFile, seeded, randomBytes, type FrameSpec, type TcpSpec } from "./builders.js";
import { CLIENT, SERVER, collect, dataSegments, finishing, handshake, streamOf, view } from "./conversation.js";

const CLIENT_ISN = 0xfffffff0; // wraps inside the stream
const SERVER_ISN = 1000;

const random = seeded(7);
const REQUESTS: FrameSpec[] = [0, 5, 17, 1].map((n, i) => ({ msg: 13 + i, sync: 100 + i, body: randomBytes(random, n) }));
const REPLIES: FrameSpec[] = REQUESTS.map((r, i) => ({ msg: r.msg, sync: r.sync, body: randomBytes(random, 3 + i * 7) }));
const REQUEST_STREAM = streamOf(REQUESTS);
const REPLY_STREAM = streamOf(REPLIES);

function pcapOf(segments: readonly TcpSpec[], originalLengths?: Map<number, number>): Uint8Array {
  return pcapFile(
    1,
    segments.map((s, i) => {
      const data = linkFrame("ethernet", ipPacket(s));
      const cut = originalLengths?.get(i);
      return cut === undefined ? { data, seconds: 1700000000 + i } : { data: data.subarray(0, data.length - cut), originalLength: data.length, seconds: 1700000000 + i };
    }),
  );
}

/** The request stream then the reply stream, each cut at `cuts`, between a handshake and the FINs. */
function conversation(requestCuts: number[], replyCuts: number[]): TcpSpec[] {
  return [
    ...handshake(CLIENT, SERVER, CLIENT_ISN, SERVER_ISN),
    ...dataSegments(CLIENT, SERVER, CLIENT_ISN, REQUEST_STREAM, requestCuts),
    ...dataSegments(SERVER, CLIENT, SERVER_ISN, REPLY_STREAM, replyCuts),
    ...finishing(CLIENT, SERVER, CLIENT_ISN + 1 + REQUEST_STREAM.length, SERVER_ISN + 1 + REPLY_STREAM.length),
  ];
}

const EXPECTED = [...REQUESTS.map((f) => view(f, "request")), ...REPLIES.map((f) => view(f, "reply"))];

function frameItems(items: CaptureItem[]) {
  return items.filter((i) => i.kind === "frame");
}

describe("TCP reassembly", () => {
  it("reads the conversation cut at every byte boundary, in each direction", () => {
    for (let cut = 0; cut <= REQUEST_STREAM.length; cut++) {
      const { frames, anomalies } = collect(readFrames(pcapOf(conversation([cut], [cut % REPLY_STREAM.length]))));
      expect(frames, `cut at ${cut}`).toEqual(EXPECTED);
      expect(anomalies, `cut at ${cut}`).toEqual([]);
    }
    for (let cut = 0; cut <= REPLY_STREAM.length; cut++) {
      expect(collect(readFrames(pcapOf(conversation([], [cut])))).frames).toEqual(EXPECTED);
    }
  });

  it("reads one-byte segments, and every segment reordered and duplicated", () => {
    const everyByte = (n: number) => Array.from({ length: n }, (_, i) => i);
    const segments = conversation(everyByte(REQUEST_STREAM.length), everyByte(REPLY_STREAM.length));
    expect(collect(readFrames(pcapOf(segments))).frames).toEqual(EXPECTED);
    const shuffle = seeded(42);
    for (let round = 0; round < 20; round++) {
      const cuts = (n: number) => everyByte(n).filter(() => shuffle() < 0.3);
      const data = [...dataSegments(CLIENT, SERVER, CLIENT_ISN, REQUEST_STREAM, cuts(REQUEST_STREAM.length)), ...dataSegments(SERVER, CLIENT, SERVER_ISN, REPLY_STREAM, cuts(REPLY_STREAM.length))];
      const noisy = data.flatMap((s) => (shuffle() < 0.3 ? [s, s] : [s])).sort(() => shuffle() - 0.5);
      const all = [...handshake(CLIENT, SERVER, CLIENT_ISN, SERVER_ISN), ...noisy, ...finishing(CLIENT, SERVER, CLIENT_ISN + 1 + REQUEST_STREAM.length, SERVER_ISN + 1 + REPLY_STREAM.length)];
      const { frames, anomalies } = collect(readFrames(pcapOf(all)));
      // Order across the two directions depends on the shuffle; within each it must be exact.
      expect(frames.filter((f) => f.direction === "request"), `round ${round}`).toEqual(EXPECTED.filter((f) => f.direction === "request"));
      expect(frames.filter((f) => f.direction === "reply"), `round ${round}`).toEqual(EXPECTED.filter((f) => f.direction === "reply"));
      expect(anomalies, `round ${round}`).toEqual([]);
    }
  });

  it("keeps overlapping retransmissions that carry new bytes", () => {
    const first = dataSegments(CLIENT, SERVER, CLIENT_ISN, REQUEST_STREAM, [10, 20]);
    const overlap: TcpSpec = { from: CLIENT, to: SERVER, seq: (CLIENT_ISN + 1 + 5) >>> 0, payload: REQUEST_STREAM.subarray(5, 25) };
    const segments = [...handshake(CLIENT, SERVER, CLIENT_ISN, SERVER_ISN), first[0] as TcpSpec, overlap, ...first];
    expect(collect(readFrames(pcapOf(segments))).frames).toEqual(EXPECTED.filter((f) => f.direction === "request"));
  });

  it("marks the connection with its endpoints, server by SYN, and closes it on FIN", () => {
    const { items } = collect(readFrames(pcapOf(conversation([7], [9]))));
    const label = "10.0.0.1:40000 <-> 10.0.0.2:33013";
    expect(items[0]).toMatchObject({ kind: "connection-opened", fromStart: true, packet: 1, connection: { id: 1, label, client: { address: "10.0.0.1", port: 40000 } } });
    expect(items.at(-1)).toMatchObject({ kind: "connection-closed", reason: "fin", connection: { label } });
    const first = frameItems(items)[0];
    // The 12-byte first frame straddles the cut at 7: packets 4 and 5.
    expect(first).toMatchObject({ offset: 0, firstPacket: 4, lastPacket: 5, timestamp: { seconds: 1700000003, nanoseconds: 0 } });
  });

  it("joins a capture that starts mid-stream by finding a plausible header", () => {
    // Drop the handshake and the first 20 request bytes: the second request's header starts at 12.
    const segments = conversation([20, 30], [5]).slice(3).filter((s) => !(s.from === CLIENT && s.payload !== undefined && s.seq === ((CLIENT_ISN + 1) >>> 0)));
    const { frames, anomalies, items } = collect(readFrames(pcapOf(segments)));
    expect(items[0]).toMatchObject({ kind: "connection-opened", fromStart: false });
    expect(frames.filter((f) => f.direction === "request")).toEqual(REQUESTS.slice(2).map((f) => view(f, "request")));
    expect(frames.filter((f) => f.direction === "reply")).toEqual(REPLIES.map((f) => view(f, "reply")));
    // Bytes 20..29 are the tail of request 1 (12-byte header + 5 body = 17... it ends at 29): skipped.
    expect(anomalies).toEqual(["resync"]);
  });

  it("uses serverPorts, else the lower port, when the handshake is missing", () => {
    const client = { ip: "10.0.0.1", port: 1000 };
    const server = { ip: "10.0.0.2", port: 50000 };
    const segments = dataSegments(client, server, 0, REQUEST_STREAM, []);
    const lower = collect(readFrames(pcapOf(segments)));
    expect(lower.items[0]).toMatchObject({ connection: { label: "10.0.0.2:50000 <-> 10.0.0.1:1000" } });
    expect(lower.frames.every((f) => f.direction === "reply")).toBe(true);
    const told = collect(readFrames(pcapOf(segments), { serverPorts: [50000] }));
    expect(told.frames).toEqual(REQUESTS.map((f) => view(f, "request")));
  });

  it("reports a lost segment as a gap and keeps the frame boundaries when the gap is inside a body", () => {
    // Request 2 (offset 29, 12 + 17 bytes): lose bytes 45..50 of the stream, inside its body.
    const segments = conversation([45, 50], []).filter((s) => s.seq !== ((CLIENT_ISN + 1 + 45) >>> 0) || s.from !== CLIENT);
    const { frames, anomalies } = collect(readFrames(pcapOf(segments)));
    expect(frames.filter((f) => f.direction === "request")).toEqual([REQUESTS[0], REQUESTS[1], REQUESTS[3]].map((f) => view(f as FrameSpec, "request")));
    expect(anomalies).toEqual(["gap", "truncated-frame"]);
  });

  it("resyncs after a gap that swallows frame boundaries", () => {
    const segments = conversation([3, 40], []).filter((s) => s.seq !== ((CLIENT_ISN + 1 + 3) >>> 0) || s.from !== CLIENT);
    const { frames, anomalies } = collect(readFrames(pcapOf(segments)));
    expect(frames.filter((f) => f.direction === "request")).toEqual([REQUESTS[3]].map((f) => view(f as FrameSpec, "request")));
    expect(anomalies).toEqual(["gap", "truncated-frame", "resync"]);
  });

  it("counts what the snap length cut as a gap", () => {
    const segments = conversation([20], []);
    // Segment 3 carries request bytes 0..19; cut 4 off: 16..19 fall inside request 1's header (12..23),
    // so its end is unknown and the reader resyncs on request 2.
    const { frames, anomalies, items } = collect(readFrames(pcapOf(segments, new Map([[3, 4]]))));
    expect(frames.filter((f) => f.direction === "request")).toEqual([REQUESTS[0], REQUESTS[2], REQUESTS[3]].map((f) => view(f as FrameSpec, "request")));
    expect(anomalies).toEqual(["truncated-packet", "gap", "truncated-frame", "resync"]);
    expect(items.find((i) => i.kind === "anomaly")).toMatchObject({ bytes: 4, where: { packet: 4 } });
  });

  it("flushes a connection closed by RST, and one still open at the end", () => {
    const rst: TcpSpec = { from: SERVER, to: CLIENT, seq: SERVER_ISN + 1, flags: { rst: true } };
    const segments = [...handshake(CLIENT, SERVER, CLIENT_ISN, SERVER_ISN), ...dataSegments(CLIENT, SERVER, CLIENT_ISN, REQUEST_STREAM.subarray(0, 20), []), rst];
    const { items } = collect(readFrames(pcapOf(segments)));
    expect(items.map((i) => (i.kind === "anomaly" ? i.type : i.kind))).toEqual(["connection-opened", "frame", "truncated-frame", "connection-closed"]);
    expect(items.at(-1)).toMatchObject({ reason: "rst" });
    const open = collect(readFrames(pcapOf(segments.slice(0, -1))));
    expect(open.items.at(-1)).toMatchObject({ kind: "connection-closed", reason: "end-of-input" });
  });

  it("declares a gap when out-of-order bytes exceed the budget", () => {
    const pieces = dataSegments(CLIENT, SERVER, CLIENT_ISN, REQUEST_STREAM, [12, 24, 36, 48]);
    const segments = [...handshake(CLIENT, SERVER, CLIENT_ISN, SERVER_ISN), ...pieces.slice(1)];
    const { anomalies } = collect(readFrames(pcapOf(segments), { maxOutOfOrderBytes: 20 }));
    expect(anomalies[0]).toBe("gap");
  });
});

describe("connection lifetimes", () => {
  it("opens a new connection when the ports are reused, with or without a close seen", () => {
    const once = conversation([5], [5]);
    const again = conversation([9], [9]).map((s) => ({ ...s, seq: (s.seq + 77777) >>> 0, ...(s.ack === undefined ? {} : { ack: (s.ack + 77777) >>> 0 }) }));
    for (const [name, first] of [
      ["after FIN", once],
      ["without FIN", once.slice(0, -2)],
    ] as const) {
      const { items, frames } = collect(readFrames(pcapOf([...first, ...again])));
      const markers = items.filter((i) => i.kind === "connection-opened" || i.kind === "connection-closed").map((i) => `${i.kind} ${i.connection.id}${i.kind === "connection-closed" ? ` ${i.reason}` : ""}`);
      expect(markers, name).toEqual(["connection-opened 1", name === "after FIN" ? "connection-closed 1 fin" : "connection-closed 1 superseded", "connection-opened 2", "connection-closed 2 fin"]);
      expect(frames, name).toEqual([...EXPECTED, ...EXPECTED]);
    }
  });

  it("evicts the least recently active connection beyond maxConnections", () => {
    const other = { ip: "10.0.0.3", port: 40001 };
    const a = dataSegments(CLIENT, SERVER, 0, REQUEST_STREAM, [20]);
    const b = dataSegments(other, SERVER, 0, REQUEST_STREAM, [20]);
    const { items, frames } = collect(readFrames(pcapOf([a[0] as TcpSpec, b[0] as TcpSpec, a[1] as TcpSpec, b[1] as TcpSpec]), { maxConnections: 1, serverPorts: [SERVER.port] }));
    expect(items.filter((i) => i.kind === "connection-closed").map((i) => (i.kind === "connection-closed" ? i.reason : ""))).toEqual(["evicted", "evicted", "evicted", "end-of-input"]);
    expect(frames.length).toBeLessThan(2 * REQUESTS.length);
  });
});
