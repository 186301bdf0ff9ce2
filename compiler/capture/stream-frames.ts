/** A bare byte stream (a raw iproto file, decoded hex) to items: one synthetic connection, one direction. */
import { FrameAssembler, type ChunkOrigin } from "./frame-assembler.js";
import type { HexLineSpan } from "./hex-text.js";
import type { ResolvedOptions } from "./options.js";
import type { CaptureItem, ConnectionId } from "./types.js";

/** Raw input is fed in slices so the assembler's queue holds about a frame, not the file. */
const SLICE = 64 * 1024;

export function* framesFromStream(bytes: Uint8Array, label: string, options: ResolvedOptions, spans?: readonly HexLineSpan[]): Generator<CaptureItem> {
  const connection: ConnectionId = { id: 1, label };
  const frames = new FrameAssembler(connection, "unknown", options, true);
  const out: CaptureItem[] = [];
  yield { kind: "connection-opened", connection, fromStart: true };
  if (spans === undefined) {
    for (let at = 0; at < bytes.length; at += SLICE) {
      frames.push(bytes.subarray(at, Math.min(bytes.length, at + SLICE)), { fileOffset: at }, out);
      yield* out;
      out.length = 0;
    }
  } else {
    // Decoded text: each line's bytes carry the line number, for anomalies to point at.
    spans.forEach((span, i) => {
      const end = spans[i + 1]?.offset ?? bytes.length;
      const origin: ChunkOrigin = { line: span.line };
      frames.push(bytes.subarray(span.offset, end), origin, out);
    });
    yield* out;
    out.length = 0;
  }
  frames.end(out);
  yield* out;
  yield { kind: "connection-closed", connection, reason: "end-of-input" };
}
