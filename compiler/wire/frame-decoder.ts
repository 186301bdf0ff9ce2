/**
 * From capture items (compiler/capture) to decoded frames, as plain JSON-ready records: which message,
 * request or reply (replies matched to their requests by sync, per connection), every field with its
 * offset and width, or why the body could not be read. Nothing is dropped: unknown messages, bodies that
 * fail, anomalies and connection events all come out as records.
 */
import type { CaptureItem, Frame, Location, Timestamp } from "../capture/index.js";
import type { MessageModel, TypeModel } from "../model/model.js";
import { intTypeName, prefixTypeName } from "../model/wire.js";
import { type Json, type JsonOptions, layoutToJson, toJson } from "./json-mapping.js";
import { type DecodedBody, decodeReply, decodeRequest } from "./message-codec.js";
import { SchemaIndex, messageLabel } from "./schema-index.js";
import type { WireObject } from "./values.js";

export interface FieldRecord {
  readonly path: string;
  readonly depth: number;
  readonly offset: number;
  /** null: reading this field failed. */
  readonly width: number | null;
  readonly type: string;
  /** Leaves only (structs and arrays show their parts). */
  readonly value?: Json;
}

export interface FrameRecord {
  readonly kind: "frame";
  /** 1-based, in capture order. */
  readonly frame: number;
  readonly connection: string;
  readonly direction: "request" | "reply";
  /** The input did not say (a hex or raw stream): a frame answering a pending request's sync is a reply. */
  readonly directionInferred: boolean;
  readonly msg: number;
  readonly length: number;
  readonly sync: number;
  readonly packet?: number;
  readonly time?: string | undefined;
  /** `Service.Message`; absent for a code the schemas do not have. */
  readonly message?: string;
  /** The frame number of the request a reply answers. */
  readonly inReplyTo?: number;
  readonly status: "decoded" | "server-error" | "undecodable" | "unknown-message" | "no-schema";
  readonly fields: readonly FieldRecord[];
  readonly value?: Json;
  readonly envelope?: Json;
  readonly serverError?: { readonly code: number; readonly message: string; readonly temporary: boolean };
  readonly error?: { readonly field: string; readonly offset: number; readonly message: string };
  /** Remarks: a reply whose request was not seen, a code several services share. */
  readonly notes?: readonly string[];
  /** The body, for frames whose body was not (fully) decoded. */
  readonly body?: string;
}

export interface EventRecord {
  readonly kind: "anomaly" | "connection-opened" | "connection-closed";
  readonly connection?: string | undefined;
  readonly type?: string;
  readonly message: string;
  readonly where?: Omit<Location, "connection">;
  readonly time?: string | undefined;
}

export type DecodeRecord = FrameRecord | EventRecord;

type BodyPart = Pick<FrameRecord, "status" | "fields" | "envelope" | "value" | "serverError" | "error" | "body">;

interface Pending {
  readonly frame: number;
  readonly message: MessageModel | undefined;
  readonly msg: number;
  readonly value: WireObject | undefined;
}

export function timeText(t: Timestamp | undefined): string | undefined {
  if (t === undefined) return undefined;
  const date = new Date(t.seconds * 1000).toISOString().replace(/\.\d+Z$/, "");
  return `${date}.${String(t.nanoseconds).padStart(9, "0")}Z`;
}

/** The type as the schema spells it: `u32`, `bytes<varint>`, `Tuple[count]`, `Point<u16>`. */
export function typeText(type: TypeModel): string {
  switch (type.kind) {
    case "int":
      return intTypeName(type);
    case "float":
      return `f${type.bits}${type.endian === "be" ? "be" : ""}`;
    case "string":
    case "bytes": {
      const l = type.length;
      const inner =
        l.kind === "fixed" ? `${l.size}${l.pad === "space" ? ", space" : l.pad === "nulterm" ? ", nul" : ""}` : l.kind === "prefix" ? prefixTypeName(l.prefix) : l.kind === "field" ? l.field.name : l.kind;
      return `${type.kind}<${inner}>`;
    }
    case "array": {
      const c = type.count;
      const count = c.kind === "fixed" ? String(c.count) : c.kind === "prefix" ? prefixTypeName(c.prefix) : c.kind === "field" ? c.field.name : "rest";
      return `${typeText(type.element)}[${count}]`;
    }
    case "struct":
      return type.sizePrefix === undefined ? type.struct.name : `${type.struct.name}<${prefixTypeName(type.sizePrefix)}>`;
    case "enum":
      return type.enum.name;
    case "flags":
      return type.flags.name;
    default:
      return type.kind;
  }
}

const PREVIEW = 256;
function hexOf(bytes: Uint8Array): string {
  const shown = Buffer.from(bytes.subarray(0, PREVIEW)).toString("hex");
  return bytes.length > PREVIEW ? `${shown}… (${bytes.length} bytes)` : shown;
}

/** Requests awaiting a reply that one connection keeps: beyond it the oldest is forgotten (its reply then reads without it). */
const MAX_PENDING = 65_536;

function remember(pending: Map<number, Pending>, sync: number, request: Pending): void {
  pending.delete(sync);
  pending.set(sync, request);
  if (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value!);
}

export class FrameDecoder {
  #frames = 0;
  /** Requests awaiting their reply, per connection id, by sync. */
  readonly #pending = new Map<number, Map<number, Pending>>();

  constructor(
    readonly index: SchemaIndex | undefined,
    readonly options: JsonOptions,
  ) {}

  record(item: CaptureItem): DecodeRecord {
    switch (item.kind) {
      case "frame":
        try {
          return this.#frame(item);
        } catch (e) {
          // A bug of the decoder must not lose the frame (nor stop the capture).
          const error = { field: "", offset: 0, message: `internal error: ${(e as Error).message}` };
          const h = item.header;
          return { kind: "frame", frame: this.#frames, connection: item.connection.label, direction: item.direction === "reply" ? "reply" : "request", directionInferred: item.direction === "unknown", msg: h.msg, length: h.length, sync: h.sync, status: "undecodable", fields: [], error, body: hexOf(item.body) };
        }
      case "anomaly": {
        const { connection, ...where } = item.where;
        return { kind: "anomaly", type: item.type, message: item.message, connection: connection?.label, where, time: timeText(item.timestamp) };
      }
      case "connection-opened":
        return { kind: item.kind, connection: item.connection.label, message: item.fromStart ? "opened" : "first seen mid-stream", time: timeText(item.timestamp) };
      case "connection-closed":
        this.#pending.delete(item.connection.id);
        return { kind: item.kind, connection: item.connection.label, message: `closed (${item.reason})`, time: timeText(item.timestamp) };
      default: {
        const never: never = item;
        return never;
      }
    }
  }

  #frame(f: Frame): FrameRecord {
    const number = ++this.#frames;
    const pending = this.#pending.get(f.connection.id) ?? new Map<number, Pending>();
    this.#pending.set(f.connection.id, pending);
    const waiting = pending.get(f.header.sync);
    const inferred = f.direction === "unknown";
    const direction = inferred ? (waiting !== undefined && waiting.msg === f.header.msg ? "reply" : "request") : f.direction;
    const base = {
      kind: "frame" as const,
      frame: number,
      connection: f.connection.label,
      direction,
      directionInferred: inferred,
      msg: f.header.msg,
      length: f.header.length,
      sync: f.header.sync,
      ...(f.firstPacket === undefined ? {} : { packet: f.firstPacket }),
      ...(f.timestamp === undefined ? {} : { time: timeText(f.timestamp) }),
    };
    const candidates = this.index?.byCode(f.header.msg) ?? [];
    const notes: string[] = [];
    if (candidates.length > 1) notes.push(`code ${f.header.msg} is ${candidates.map(messageLabel).join(" and ")}: read as the first`);
    let message = candidates[0];
    if (direction === "reply") {
      if (waiting !== undefined && waiting.msg === f.header.msg) {
        pending.delete(f.header.sync);
        message = waiting.message ?? message;
      } else notes.push("its request was not seen: fields that depend on the request read it as zeros");
    }
    const where = direction === "reply" && waiting?.msg === f.header.msg ? { inReplyTo: waiting.frame } : {};
    if (this.index === undefined) {
      if (direction === "request") remember(pending, f.header.sync, { frame: number, message: undefined, msg: f.header.msg, value: undefined });
      return { ...base, ...where, status: "no-schema", fields: [], body: hexOf(f.body), ...(notes.length ? { notes } : {}) };
    }
    if (message === undefined) {
      if (direction === "request") remember(pending, f.header.sync, { frame: number, message: undefined, msg: f.header.msg, value: undefined });
      return { ...base, ...where, status: "unknown-message", fields: [], body: hexOf(f.body), ...(notes.length ? { notes } : {}) };
    }
    const decoded = direction === "request" ? decodeRequest(message, f.body) : decodeReply(message, f.body, waiting?.value);
    if (inferred && direction === "request" && decoded.error !== undefined && message.response !== undefined) {
      // A stream without directions: a body that is no request but reads as a reply is one whose request was not seen.
      const reply = decodeReply(message, f.body);
      if (reply.error === undefined && reply.serverError === undefined) {
        notes.push("not a request, read as a reply whose request was not seen (fields that depend on the request read it as zeros)");
        return { ...base, direction: "reply", message: messageLabel(message), ...this.#body(message, "reply", reply, f.body), notes };
      }
    }
    if (direction === "request" && !message.noReply) remember(pending, f.header.sync, { frame: number, message, msg: f.header.msg, value: decoded.value });
    return { ...base, message: messageLabel(message), ...where, ...this.#body(message, direction, decoded, f.body), ...(notes.length ? { notes } : {}) };
  }

  #body(message: MessageModel, direction: "request" | "reply", d: DecodedBody, body: Uint8Array): BodyPart {
    const fields = d.notes.map((n): FieldRecord => {
      const leaf = n.type.kind !== "array" && n.type.kind !== "struct";
      return {
        path: n.path,
        depth: n.depth,
        offset: n.offset,
        width: n.width ?? null,
        type: typeText(n.type),
        ...(leaf && n.width !== undefined && n.value !== undefined ? { value: toJson(n.type, n.value, this.options) } : {}),
      };
    });
    const items = direction === "request" ? message.request.items : message.response?.items ?? [];
    const envelope = d.envelope !== undefined && message.envelope !== undefined ? { envelope: layoutToJson(message.envelope.layout.items, d.envelope, this.options) } : {};
    if (d.error !== undefined) {
      const error = { field: d.error.path, offset: d.error.offset, message: d.error.message };
      return { status: "undecodable", fields, ...envelope, error, body: hexOf(body) };
    }
    if (d.serverError !== undefined) return { status: "server-error", fields, ...envelope, serverError: d.serverError };
    return { status: "decoded", fields, ...envelope, value: layoutToJson(items, d.value ?? {}, this.options) };
  }
}
