/**
 * Whole message bodies: a request, a reply (its envelope first, then the error block or the response
 * layout, which may read the request's fields), and the request encoder `iprotoc call` sends.
 */
import type { LayoutItem, MessageModel } from "../model/model.js";
import { DecodeError, EncodeError } from "../../runtime/index.js";
import { BodyDecoder, type FieldNote } from "./value-decode.js";
import { BodyEncoder } from "./value-encode.js";
import { Scope, countValue, holds, integerType, setOwn, type WireObject, type WireValue } from "./values.js";

/** What a reply's envelope said when it signals an error. */
export interface ServerFailure {
  readonly code: number;
  readonly message: string;
  readonly temporary: boolean;
}

/** A decoded body: its value (absent when decoding failed), every field read, and the failure if any. */
export interface DecodedBody {
  /** The layout's fields (for a reply: the response proper; absent for an error reply). */
  readonly value?: WireObject;
  /** The envelope's fields, for a reply of a message with an envelope. */
  readonly envelope?: WireObject;
  /** The error block's fields, when the envelope says the reply is an error. */
  readonly errorBlock?: WireObject;
  readonly serverError?: ServerFailure;
  readonly notes: readonly FieldNote[];
  readonly error?: DecodeError;
}

export function requestName(message: MessageModel): string {
  return `${message.name}Request`;
}

export function responseName(message: MessageModel): string {
  return `${message.name}Response`;
}

function rethrow(e: unknown): DecodeError {
  if (e instanceof DecodeError) return e;
  throw e;
}

export function decodeRequest(message: MessageModel, body: Uint8Array): DecodedBody {
  const d = new BodyDecoder(body, requestName(message));
  try {
    const value = d.layout(message.request.items, body.length, new Scope());
    d.expectEnd();
    return { value, notes: d.notes };
  } catch (e) {
    return { notes: d.notes, error: rethrow(e) };
  }
}

/**
 * Decodes a reply body. `request` is the decoded (or resolved) request it answers, for response layouts
 * that read `request.x`; without it such fields read as zero.
 */
export function decodeReply(message: MessageModel, body: Uint8Array, request?: WireObject): DecodedBody {
  const name = responseName(message);
  const d = new BodyDecoder(body, name);
  const requestScope = Scope.ofObject(message.request.items.filter((i) => i.kind === "field"), request ?? {});
  const result: { value?: WireObject; envelope?: WireObject; errorBlock?: WireObject; serverError?: ServerFailure } = {};
  try {
    const env = message.envelope;
    if (env !== undefined) {
      const envScope = new Scope(undefined, requestScope);
      result.envelope = d.layout(env.layout.items, body.length, envScope);
      if (env.errorCondition !== undefined && holds(env.errorCondition, envScope)) {
        const errScope = new Scope(envScope);
        result.errorBlock = env.errorLayout === undefined ? {} : d.layout(env.errorLayout.items, body.length, errScope);
        const text = env.messageField === undefined ? undefined : errScope.get(env.messageField);
        result.serverError = {
          code: countValue(envScope.get(env.codeField)),
          message: typeof text === "string" ? text : "",
          temporary: env.retryWhen !== undefined && holds(env.retryWhen, errScope),
        };
        return { ...result, notes: d.notes };
      }
    }
    if (message.response === undefined) throw new DecodeError(name, "", 0, "the message has no reply");
    result.value = d.layout(message.response.items, body.length, new Scope(undefined, requestScope));
    d.expectEnd();
    return { ...result, notes: d.notes };
  } catch (e) {
    return { ...result, notes: d.notes, error: rethrow(e) };
  }
}

/** Encodes a request body from values as generated code takes them (defaults and lengths may be left out). */
export function encodeRequest(message: MessageModel, value: WireObject): { body: Uint8Array; resolved: WireObject } {
  const e = new BodyEncoder(requestName(message));
  const scope = new Scope();
  e.layout(message.request.items, value, scope);
  const resolved: Record<string, unknown> = {};
  for (const [field, v] of scope.values) setOwn(resolved, field.name, v);
  return { body: e.bytes(), resolved: resolved as WireObject };
}

/** Encodes a success response body (envelope included, with `envelope` as its values). */
export function encodeResponse(message: MessageModel, value: WireObject, request: WireObject = {}, envelope?: WireObject): Uint8Array {
  if (message.response === undefined) throw new EncodeError(responseName(message), "", "the message has no reply");
  const e = new BodyEncoder(responseName(message));
  if (message.envelope !== undefined) e.layout(message.envelope.layout.items, envelope ?? successEnvelope(message.envelope.layout.items), new Scope());
  const requestScope = Scope.ofObject(message.request.items.filter((i) => i.kind === "field"), request);
  e.layout(message.response.items, value, new Scope(undefined, requestScope));
  return e.bytes();
}

/** The envelope of a success reply: every value field its default, else its type's zero (as a generated server writes it). */
export function successEnvelope(items: readonly LayoutItem[]): WireObject {
  const out: Record<string, WireValue> = {};
  for (const item of items) {
    if (item.kind !== "field" || item.role.kind !== "value" || item.defaultValue !== undefined) continue;
    const int = integerType(item.type);
    const zero = int !== undefined ? (int.repr === "bigint" ? 0n : 0) : item.type.kind === "float" ? 0 : item.type.kind === "string" ? "" : item.type.kind === "bytes" ? new Uint8Array(0) : undefined;
    if (zero !== undefined) setOwn(out, item.name, zero);
  }
  return out;
}
