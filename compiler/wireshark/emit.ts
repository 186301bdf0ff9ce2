/**
 * `iprotoc generate --target wireshark`: the checked program as one Lua dissector for Wireshark and tshark
 * (`tshark -X lua_script:iproto.lua`, or the personal plugins folder). Protocol `iproto` on the TCP ports of
 * a preference; header fields; message names; replies matched to requests by sync per connection (response
 * in / request in, response time); every field of every message filterable as
 * `iproto.<service>.<message>.<field>` (service and message in snake_case, nested fields below their struct,
 * array elements under their array's name), envelope fields as `iproto.envelope.<envelope>.<field>`; PDUs
 * reassembled across TCP segments. The output depends only on the program and the options.
 */
import type { EnvelopeModel, MessageModel, ProgramModel, ServiceModel } from "../model/model.js";
import { luaCondition } from "./expr.js";
import { FieldRegistry, type FieldKind } from "./fields.js";
import { LayoutBuilder } from "./layouts.js";
import { luaNumber, luaString, snakeCase } from "./lua-text.js";
import { DECODER } from "./lua-decoder.js";
import { DISSECTOR } from "./lua-dissector.js";
import { HELPERS } from "./lua-helpers.js";

export interface WiresharkOptions {
  /** Default of the TCP ports preference: a Wireshark range, `33013` or `33013,34000-34010`. */
  readonly ports: string;
  /** Schema paths as shown in the header (default: the program's). */
  readonly schemaPaths?: readonly string[];
}

export interface WiresharkOutput {
  readonly text: string;
  /** Every field abbreviation the dissector registers, in order. */
  readonly fields: readonly string[];
}

/** The dissector's generic fields, registered first (the runtime part refers to them as G.<key>). */
const GENERIC: readonly (readonly [string, string, string, FieldKind])[] = [
  ["msg", "iproto.msg", "Message code", { ctor: "uint32", base: "HEX_DEC" }],
  ["len", "iproto.len", "Body length", { ctor: "uint32", base: "DEC" }],
  ["sync", "iproto.sync", "Sync", { ctor: "uint32", base: "DEC" }],
  ["reply", "iproto.reply", "Reply", { ctor: "bool" }],
  ["service", "iproto.service", "Service", { ctor: "string" }],
  ["message", "iproto.message", "Message", { ctor: "string" }],
  ["request_in", "iproto.request_in", "Request in frame", { ctor: "framenum", frametype: "REQUEST" }],
  ["response_in", "iproto.response_in", "Response in frame", { ctor: "framenum", frametype: "RESPONSE" }],
  ["time", "iproto.time", "Response time", { ctor: "relative_time" }],
  ["error", "iproto.error", "Error reply", { ctor: "bool" }],
  ["error_code", "iproto.error.code", "Error code", { ctor: "int64", base: "DEC" }],
  ["error_message", "iproto.error.message", "Error message", { ctor: "string" }],
  ["body", "iproto.body", "Body (not decoded)", { ctor: "bytes" }],
  ["trailing", "iproto.trailing", "Trailing bytes", { ctor: "bytes" }],
];

export function emitWireshark(program: ProgramModel, options: WiresharkOptions): WiresharkOutput {
  if (!/^[0-9,\- ]*$/.test(options.ports)) throw new Error(`not a port range: ${options.ports}`);
  const fields = new FieldRegistry();
  const generic = GENERIC.map(([key, abbrev, name, kind]) => `${key} = ${fields.field(abbrev, name, undefined, kind)}`);
  const layouts = new LayoutBuilder(fields);
  const envelopes: string[] = [];
  const envelopeIndex = new Map<EnvelopeModel, number>();
  const messages: string[] = [];

  const envelopeOf = (env: EnvelopeModel): number => {
    const known = envelopeIndex.get(env);
    if (known !== undefined) return known;
    const path = `iproto.envelope.${snakeCase(env.name)}`;
    const l = layouts.layout(env.layout.items, path);
    const err = env.errorLayout === undefined ? undefined : layouts.layout(env.errorLayout.items, path);
    const parts = [`name = ${luaString(env.name)}`, `l = ${l}`, `code = ${luaString(env.codeField.name)}`];
    if (err !== undefined && env.errorCondition !== undefined) parts.push(`err = ${err}`, `cond = ${luaCondition(env.errorCondition)}`);
    if (env.messageField !== undefined) parts.push(`message = ${luaString(env.messageField.name)}`);
    envelopes.push(`E[${envelopes.length + 1}] = {${parts.join(", ")}}`);
    envelopeIndex.set(env, envelopes.length);
    return envelopes.length;
  };

  const messageEntry = (service: ServiceModel, m: MessageModel): string => {
    const path = `iproto.${snakeCase(service.name)}.${snakeCase(m.name)}`;
    const req = layouts.layout(m.request.items, path);
    const parts = [`service = ${luaString(service.name)}`, `name = ${luaString(m.name)}`, `code = ${luaNumber(m.code)}`, `req = ${req}`];
    if (m.response !== undefined) parts.push(`resp = ${layouts.layout(m.response.items, path)}`);
    if (m.envelope !== undefined && m.response !== undefined) parts.push(`env = E[${envelopeOf(m.envelope)}]`);
    parts.push(`noreply = ${m.noReply}`);
    return `{${parts.join(", ")}}`;
  };

  const schemaPaths = options.schemaPaths ?? program.files.map((f) => f.path);
  for (const file of program.files) {
    for (const decl of file.declarations) {
      if (decl.kind !== "service") continue;
      for (const m of decl.messages) messages.push(`M[${messages.length + 1}] = ${messageEntry(decl, m)}`);
    }
  }

  const text = [
    "-- Code generated by iprotoc generate --target wireshark. DO NOT EDIT.",
    "-- A Wireshark/tshark dissector for iproto: tshark -X lua_script:<this file>, or copy it to the personal Lua plugins folder.",
    `local SCHEMAS = {${schemaPaths.map(luaString).join(", ")}}`,
    `local DEFAULT_PORTS = ${luaString(options.ports.replace(/ /g, ""))}`,
    `local iproto = Proto("iproto", "iproto (Mail.ru / Tarantool 1.5), from " .. table.concat(SCHEMAS, ", "))`,
    HELPERS.trim(),
    "local S, V, L, E, M = {}, {}, {}, {}, {}",
    ...layouts.tables(),
    ...fields.lines(),
    `local G = {${generic.join(", ")}}`,
    ...layouts.lines(),
    ...envelopes,
    ...messages,
    DECODER.trim(),
    DISSECTOR.trim(),
    "",
  ].join("\n");
  return { text, fields: fields.abbrevs() };
}
