/**
 * The server side of a generated message: `XRequest.decodeBody(body)` and `XResponse.encodeBody(…)` are
 * one call each into here, with the message's layout functions and its name for errors (written out in
 * every message, the two took ~700 bytes of output per message; issue 11). The client's hot path
 * (`packetSize`, `encodeInto`, `decodeResponse`, `XResponse.decode`) stays in the generated code, where
 * each call has one target. Here the layout function is an argument, so with many message types its call
 * has many targets, as the dispatcher's `route.decodeRequest(body)` just before it already has: over six
 * Box messages this measured the same as the code it replaced (bench/codec/request-ab/ab.ts decode, reply).
 */
import { allocPacket } from "../codec/bytes.js";
import { type DecodeCursor, newCursor } from "../codec/cursor.js";
import { sizeChanged, trailingBytes } from "../codec/fail.js";

/** A generated layout's reader (`X$read`): the value from `offset` to at most `end`; its end left in `cursor.pos`. */
export type LayoutReader<T> = (body: Uint8Array, offset: number, end: number, cursor: DecodeCursor, name: string) => T;

/**
 * What a success reply's body starts with: a generated envelope's encoder (`E$size`, `E$write`) and its
 * success values (`E$ok`), together the envelope's `E$reply`.
 */
export interface ReplyEnvelope<E> {
  readonly size: (values: E) => number;
  readonly write: (target: Uint8Array, offset: number, values: E) => number;
  readonly ok: E;
}

/**
 * `XRequest.decodeBody(body)`: a request body decoded by its layout's reader; the body must hold the
 * request exactly. `bytes` fields are views into `body`. Throws DecodeError naming the request (`name`).
 */
export function decodeRequestBody<T>(body: Uint8Array, read: LayoutReader<T>, name: string): T {
  const cursor = newCursor();
  const value = read(body, 0, body.length, cursor, name);
  if (cursor.pos !== body.length) throw trailingBytes(name, cursor.pos, body.length);
  return value;
}

/**
 * `XResponse.encodeBody(response)`: a success response's body — the envelope's success values when the
 * message has an envelope, then the response — in a new buffer of the exact size, by the response
 * layout's sizer and writer (`X$size`, `X$write`). Throws EncodeError naming the response (`name`).
 */
export function encodeResponseBody<T, E>(
  response: T,
  size: (value: T, name: string) => number,
  write: (target: Uint8Array, offset: number, value: T, name: string) => number,
  name: string,
  envelope?: ReplyEnvelope<E>,
): Uint8Array {
  const start = envelope === undefined ? 0 : envelope.size(envelope.ok);
  const body = allocPacket(start + size(response, name));
  if (envelope !== undefined) envelope.write(body, 0, envelope.ok);
  const end = write(body, start, response, name);
  if (end !== body.length) throw sizeChanged(name, body.length, end);
  return body;
}

/**
 * `XResponse.encodeBody(response, request)`: `encodeResponseBody` for a response whose layout reads
 * fields of the request (its conditions or lengths), which its sizer and writer then take.
 */
export function encodeResponseBodyFor<T, Q, E>(
  response: T,
  request: Q,
  size: (value: T, request: Q, name: string) => number,
  write: (target: Uint8Array, offset: number, value: T, request: Q, name: string) => number,
  name: string,
  envelope?: ReplyEnvelope<E>,
): Uint8Array {
  const start = envelope === undefined ? 0 : envelope.size(envelope.ok);
  const body = allocPacket(start + size(response, request, name));
  if (envelope !== undefined) envelope.write(body, 0, envelope.ok);
  const end = write(body, start, response, request, name);
  if (end !== body.length) throw sizeChanged(name, body.length, end);
  return body;
}
