/**
 * The iproto header, defined once: three little-endian u32s — message code, body length, sync — before
 * every body, in requests and replies alike. Generated Request classes, the client's raw requests, the
 * server's replies, the frame parser and the debug dumps all read and write it through this file.
 */
import { tooLong } from "../codec/fail.js";

/** Size of the iproto header: u32 msg, u32 body length, u32 sync, little-endian. */
export const HEADER_SIZE = 12;

export function readU32(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset] as number) |
      ((bytes[offset + 1] as number) << 8) |
      ((bytes[offset + 2] as number) << 16) |
      ((bytes[offset + 3] as number) << 24)) >>>
    0
  );
}

/** Writes a little-endian u32 at `offset` (the header's integers, and the Box bodies' too); returns the offset after it. */
export function writeU32(t: Uint8Array, offset: number, v: number): number {
  t[offset] = v;
  t[offset + 1] = v >>> 8;
  t[offset + 2] = v >>> 16;
  t[offset + 3] = v >>> 24;
  return offset + 4;
}

/**
 * Writes the 12-byte header at `offset`. Unrolled byte stores: generated encoders call it once per
 * request, and this beats a DataView (and a Buffer's bounds-checked writers) on the hot path.
 */
export function writeHeader(t: Uint8Array, offset: number, msg: number, body: number, sync: number): void {
  t[offset] = msg;
  t[offset + 1] = msg >>> 8;
  t[offset + 2] = msg >>> 16;
  t[offset + 3] = msg >>> 24;
  t[offset + 4] = body;
  t[offset + 5] = body >>> 8;
  t[offset + 6] = body >>> 16;
  t[offset + 7] = body >>> 24;
  t[offset + 8] = sync;
  t[offset + 9] = sync >>> 8;
  t[offset + 10] = sync >>> 16;
  t[offset + 11] = sync >>> 24;
}

/** A header on its own, for debug dumps of frames that arrived already split into header and body. */
export function headerBytes(msg: number, body: number, sync: number): Uint8Array {
  const header = new Uint8Array(HEADER_SIZE);
  writeHeader(header, 0, msg, body, sync);
  return header;
}

/**
 * A generated request's header, after checking the whole packet (`size` bytes, header included) fits in
 * `t` at `offset`: EncodeError naming the request otherwise.
 */
export function writePacketHeader(t: Uint8Array, offset: number, msg: number, size: number, sync: number, name: string): void {
  if (t.length - offset < size) throw tooLong(name, "", size, t.length - offset);
  writeHeader(t, offset, msg, size - HEADER_SIZE, sync);
}
