/** Framing shared by generated Request classes. */

/** Writes the 12-byte iproto header: msg, body length, sync, little-endian. */
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
