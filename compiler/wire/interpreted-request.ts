/**
 * A request built from the model at run time (no generated code), for `iprotoc call`: it encodes its body
 * once, up front (so a value that does not fit fails before anything is sent), and decodes its reply with
 * the interpretive decoder. A server error becomes the runtime's ServerError, as with generated code.
 */
import type { MessageModel } from "../model/model.js";
import { HEADER_SIZE, ServerError, tooLong, writeHeader, type IProtoRequest } from "../../runtime/index.js";
import { type DecodedBody, decodeReply, encodeRequest } from "./message-codec.js";
import { getOwn, type WireObject, type WireValue } from "./values.js";

export class InterpretedRequest implements IProtoRequest<DecodedBody> {
  readonly body: Uint8Array;
  /** The request's values as encoded: defaults applied, lengths and sizes computed. */
  readonly resolved: WireObject;
  readonly key: string | Uint8Array | undefined;

  /** Throws the runtime's EncodeError when `value` cannot be encoded. */
  constructor(
    readonly message: MessageModel,
    value: WireObject,
    readonly retry: boolean,
  ) {
    const { body, resolved } = encodeRequest(message, value);
    this.body = body;
    this.resolved = resolved;
    this.key = balancingKey(message, resolved);
  }

  get msg(): number {
    return this.message.code;
  }

  get noReply(): boolean {
    return this.message.noReply;
  }

  get timeout(): number | undefined {
    return this.message.timeout;
  }

  packetSize(): number {
    return HEADER_SIZE + this.body.length;
  }

  encodeInto(target: Uint8Array, offset: number, sync: number): number {
    const size = this.packetSize();
    if (target.length - offset < size) throw tooLong(`${this.message.name}Request`, "", size, target.length - offset);
    writeHeader(target, offset, this.message.code, this.body.length, sync);
    target.set(this.body, offset + HEADER_SIZE);
    return offset + size;
  }

  /** The decoded reply; throws DecodeError, or ServerError for an error reply. */
  decodeResponse(body: Uint8Array): DecodedBody {
    const decoded = decodeReply(this.message, body, this.resolved);
    if (decoded.error !== undefined) throw decoded.error;
    if (decoded.serverError !== undefined) {
      const e = decoded.serverError;
      throw new ServerError(e.code, e.message, e.temporary);
    }
    return decoded;
  }

  isRetry(): boolean {
    return false;
  }
}

/** The message's balancing key, as generated code computes it: integers as decimal text. */
function balancingKey(message: MessageModel, resolved: WireObject): string | Uint8Array | undefined {
  if (message.key === undefined) return undefined;
  let v: WireValue | undefined = resolved;
  for (const f of message.key) v = v === undefined ? undefined : getOwn(v as WireObject, f.name);
  if (v === undefined) return undefined;
  return typeof v === "string" || v instanceof Uint8Array ? v : String(v);
}
