/**
 * One message: its request and response layouts, the `<Name>Request` class the transport sends
 * (IProtoRequest), and the `<Name>Response` type with its decoder and server-side encoder.
 */
import { type ClassDeclarationStructure, type MethodStructure, type Statement, type StatementStructures, StructureKind, VariableDeclarationKind } from "../print/structures.js";
import { HEADER_SIZE } from "../../../runtime/index.js";
import { fitsAt } from "../print/width.js";
import type { FieldModel, MessageModel } from "../../model/model.js";
import { requestFieldsIn } from "../../model/refs.js";
import { measureField } from "../codec/encode-values.js";
import { tsType } from "../codec/ts-types.js";
import { type ExprEnv, compileCondition, operandOf } from "../codec/expr.js";
import { defaultCode } from "../codec/fn.js";
import type { MessageNames } from "../plan/plan.js";
import type { DeclEnv } from "./decl-env.js";
import { docs } from "./docs.js";
import { decodeWhole } from "./emit-decls.js";
import { type LayoutSpec, NAME_PARAM } from "./emit-layout.js";
import { OwnNames, shareLayout } from "./shared-codec.js";

/** Does the response (layout or retry_when) read request fields? */
export function responseReadsRequest(msg: MessageModel): boolean {
  return msg.response !== undefined && requestFieldsIn(msg.response.items).size > 0;
}

/** `request.x` in the Request class: the init object with defaults and computed lengths applied. */
function requestAccess(field: FieldModel, obj: string, env: DeclEnv): string {
  const access = `${obj}.${env.prop(field.name)}`;
  const d = defaultCode(field, env);
  if (d !== undefined) return `(${access} ?? ${d})`;
  if (field.role.kind === "length") return `(${access} ?? ${measureField(field, (m) => `${obj}.${env.prop(m.name)}`, (n) => env.rt(n))})`;
  return access;
}

function keyGetter(msg: MessageModel, env: DeclEnv): string[] {
  if (msg.key === undefined || msg.key.length === 0) return ["return undefined;"];
  let code = "this.fields";
  let optional = false;
  for (const f of msg.key) {
    const access = optional ? `${code}?.${env.prop(f.name)}` : `${code}.${env.prop(f.name)}`;
    const d = defaultCode(f, env);
    code = d !== undefined ? `(${access} ?? ${d})` : access;
    if (f.condition !== undefined) optional = true;
  }
  const last = msg.key[msg.key.length - 1]!;
  const text = last.type.kind === "string" || last.type.kind === "bytes";
  if (text) return [`return ${code};`];
  // Perl hashes an integer key's decimal text.
  if (optional) return [`const key = ${code};`, `return key === undefined ? undefined : String(key);`];
  return [`return String(${code});`];
}

/** The functions a message's request and response codecs are called by (shared-codec.ts). */
interface CodecNames {
  readonly requestSize: string;
  readonly requestWrite: string;
  readonly requestRead: string;
  readonly responseSize: string;
  readonly responseWrite: string;
  readonly responseRead: string;
}

/** Each name of the message's own declarations, mapped to its role: what two messages' codecs may differ in. */
function ownNames(names: MessageNames): OwnNames {
  const own = new Map<string, string>();
  const add = (name: string, role: string): void => void own.set(name, `\u0000${role}`);
  add(names.request, "request");
  add(names.requestInit, "requestInit");
  add(names.requestFields, "requestFields");
  add(names.response, "response");
  add(names.responseInit, "responseInit");
  for (const [side, l] of [["request", names.requestLayout], ["response", names.responseLayout]] as const) {
    add(l.type, `${side}.type`);
    add(l.init, `${side}.init`);
    add(l.size, `${side}.size`);
    add(l.write, `${side}.write`);
    add(l.read, `${side}.read`);
  }
  return new OwnNames(own);
}

/**
 * The type a response's codec takes the request as: only the request fields its conditions read, so
 * messages with different requests can share the codec. Undefined when a read field is a length or size
 * (the codec then measures other fields: it takes the whole request type and is not shared).
 */
function requestView(msg: MessageModel, env: DeclEnv): string | undefined {
  const read = [...requestFieldsIn(msg.response?.items ?? [])];
  if (read.some((f) => f.role.kind !== "value")) return undefined;
  const props = read.map((f) => {
    const optional = f.condition !== undefined || f.defaultValue !== undefined;
    return `readonly ${env.prop(f.name)}${optional ? "?" : ""}: ${tsType(f.type, "init", env)}${f.condition !== undefined ? " | undefined" : ""}`;
  });
  return `{ ${props.join("; ")} }`;
}

export function emitMessage(msg: MessageModel, names: MessageNames, env: DeclEnv): Statement[] {
  const request: LayoutSpec = {
    items: msg.request.items,
    names: names.requestLayout,
    errName: NAME_PARAM,
    where: "in the body",
    requestType: undefined,
    recursive: false,
    shared: false,
    doc: msg.doc,
    about: {
      value: `(The request as \`decodeBody\` gives it to a handler.)`,
      init: `What \`new ${names.request}(...)\` takes; defaults and computed lengths may be left out.`,
    },
  };
  const own = ownNames(names);
  const out: Statement[] = [];
  // An alias's doc is one short line: the message's doc is on its class, the layout's notes on the
  // interface the alias names (a 2,000-message schema repeated them in 4 aliases a message; issue 11).
  const cls = `\`${names.request}\``;
  const codecs: Statement[] = [];
  const requestAliasDocs = [`${cls}'s fields, decoded: what its handler gets.`, `What \`new ${names.request}(...)\` takes.`] as const;
  // A fixed-size request's packetSize is a constant: its sizer would be dead code.
  const req = shareLayout({ spec: request, aliasDocs: requestAliasDocs, sized: msg.request.fixedSize === undefined, shareable: true }, own, env, out, codecs);
  const reads = responseReadsRequest(msg);
  const view = reads ? requestView(msg, env) : undefined;
  const response: LayoutSpec | undefined =
    msg.response === undefined
      ? undefined
      : {
          items: msg.response.items,
          names: names.responseLayout,
          errName: NAME_PARAM,
          where: msg.envelope === undefined ? "in the body" : "after the envelope",
          requestType: reads ? (view ?? names.requestInit) : undefined,
          recursive: false,
          shared: false,
          doc: msg.doc,
          about: {
            value: `(The response, decoded.)`,
            init: `What a handler returns; defaults and computed lengths may be left out.`,
          },
        };
  const aliasDocs = [`${cls}'s response, decoded.`, `What ${cls}'s handler returns.`] as const;
  const res = response === undefined ? { size: "", write: "", read: "" } : shareLayout({ spec: response, aliasDocs, sized: true, shareable: !reads || view !== undefined }, own, env, out, codecs);
  const fns: CodecNames = { requestSize: req.size, requestWrite: req.write, requestRead: req.read, responseSize: res.size, responseWrite: res.write, responseRead: res.read };
  out.push(...codecs, requestClass(msg, names, env, reads, fns));
  if (response !== undefined) out.push(responseObject(msg, names, env, reads, fns));
  return out;
}

function requestClass(msg: MessageModel, names: MessageNames, env: DeclEnv, reads: boolean, fns: CodecNames): ClassDeclarationStructure {
  const n = JSON.stringify(names.request);
  const responseType = msg.noReply ? "void" : names.response;
  const allOptional = msg.request.items.every((i) => i.kind === "pad" || i.condition !== undefined || i.role.kind !== "value" || i.defaultValue !== undefined);
  const fixed = msg.request.fixedSize;
  const statics: [string, string][] = [["msg", msg.codeText]];
  if (msg.retry) statics.push(["retry", "true"]);
  if (msg.noReply) statics.push(["noReply", "true"]);
  if (msg.timeout !== undefined) statics.push(["timeout", `${msg.timeout}`]);
  // What every request shares (the fields, the instance msg/retry/noReply/timeout, encode, the defaults
  // of key and isRetry) is the runtime's RequestBase. packetSize and encodeInto stay here: the transport
  // calls them for every send, and a shared encodeInto's calls into the subclass go megamorphic once a
  // program sends more than four message types (1.6× slower measured).
  const methods: MethodStructure[] = [
    {
      name: "packetSize",
      hasOverrideKeyword: true,
      returnType: "number",
      statements:
        fixed !== undefined
          ? [`return ${HEADER_SIZE + fixed};`]
          : ["let size = this.#size;", ...sizeOnce(`${fns.requestSize}(this.fields, ${n})`), "return size;"],
    },
    {
      name: "encodeInto",
      hasOverrideKeyword: true,
      returnType: "number",
      parameters: [
        { name: "target", type: "Uint8Array" },
        { name: "offset", type: "number" },
        { name: "sync", type: "number" },
      ],
      statements: [
        "const size = this.packetSize();",
        `${env.rt("writePacketHeader")}(target, offset, ${msg.codeText}, size, sync, ${n});`,
        `const end = ${fns.requestWrite}(target, offset + ${HEADER_SIZE}, this.fields, ${n});`,
        `if (end !== offset + size) throw ${env.rt("sizeChanged")}(${n}, size, end - offset);`,
        "return end;",
      ],
    },
    {
      name: "decodeResponse",
      hasOverrideKeyword: true,
      returnType: responseType,
      parameters: [{ name: msg.noReply ? "_body" : "body", type: "Uint8Array" }],
      statements: msg.noReply ? ["return undefined;"] : [`return ${names.response}.decode(body${reads ? ", this.fields" : ""});`],
    },
  ];
  if (msg.retryWhen !== undefined && !msg.noReply) {
    const exprEnv: ExprEnv = {
      rt: (name) => env.rt(name),
      field: (f, fromRequest) =>
        fromRequest ? operandOf(f.type, requestAccess(f, "this.fields", env), false) : operandOf(f.type, `response.${env.prop(f.name)}`, f.condition !== undefined),
    };
    methods.push({
      name: "isRetry",
      hasOverrideKeyword: true,
      returnType: "boolean",
      docs: docs("The server asked for a retry in this response (schema `retry_when`)."),
      parameters: [{ name: "response", type: responseType }],
      statements: [`return ${compileCondition(msg.retryWhen, exprEnv)};`],
    });
  }
  // The server side through the runtime (framing/body.ts); documented once, on RequestBase.
  methods.push({
    name: "decodeBody",
    isStatic: true,
    hasOverrideKeyword: true,
    returnType: names.requestFields,
    parameters: [{ name: "body", type: "Uint8Array" }],
    statements: [`return ${env.rt("decodeRequestBody")}(body, ${fns.requestRead}, ${n});`],
  });
  const key = msg.key !== undefined && msg.key.length > 0;
  // ts-morph's accessor structure does not declare `hasOverrideKeyword`, but its printer writes it.
  const keyAccessor = {
    name: "key",
    hasOverrideKeyword: true,
    returnType: "string | Uint8Array | undefined",
    statements: keyGetter(msg, env),
  };
  return {
    kind: StructureKind.Class,
    name: names.request,
    isExported: true,
    extends: `${env.rt("RequestBase")}<${names.requestInit}, ${responseType}>`,
    docs: docs(msg.doc, `iproto message ${msg.code} (0x${msg.code.toString(16)}) of service ${msg.service}.`),
    properties: [
      // Documented once, on the runtime's RequestBase (as are the methods below), whose statics hold the
      // defaults (retry and noReply false, no timeout): a class writes only the facts that differ.
      ...statics.map(([name, initializer]) => ({ name, isStatic: true, hasOverrideKeyword: true, isReadonly: true, initializer })),
      ...(fixed !== undefined ? [] : [{ name: "#size", initializer: "-1" }]),
    ],
    // The statics as prototype values: what the transport reads on every send (see requestFacts).
    staticBlocks: [{ statements: [`${env.rt("requestFacts")}(this);`] }],
    ctors: [{ parameters: [{ name: "fields", isReadonly: true, hasOverrideKeyword: true, type: names.requestInit, ...(allOptional ? { initializer: "{}" } : {}) }], statements: ["super();"] }],
    getAccessors: key ? [keyAccessor] : [],
    methods,
  };
}

/**
 * packetSize's first computation of the size, cached in `#size`: one line when it fits in a method of a
 * class (two blocks deep); else the body's size first, in a statement the printer breaks as prettier does
 * (a chained assignment over the width is prettier's own to lay out, and would send the class to it).
 */
function sizeOnce(bodySize: string): string[] {
  const line = `if (size < 0) size = this.#size = ${HEADER_SIZE} + ${bodySize};`;
  if (fitsAt(2, line)) return [line];
  return ["if (size < 0) {", `const body = ${bodySize};`, `size = this.#size = ${HEADER_SIZE} + body;`, "}"];
}

function responseObject(msg: MessageModel, names: MessageNames, env: DeclEnv, reads: boolean, fns: CodecNames): StatementStructures {
  const n = JSON.stringify(names.response);
  const reqParam = reads ? `, request: ${names.requestInit}` : "";
  const reqArg = reads ? ", request" : "";
  const e = msg.envelope === undefined ? undefined : env.envelope(msg.envelope);
  const decode = decodeWhole(env, "body", fns.responseRead, n, reads ? "request" : undefined, e?.check, true).join("\n");
  // The server side through the runtime (framing/body.ts), as decodeBody.
  const encodeArgs = [`response${reqArg}`, fns.responseSize, fns.responseWrite, n, ...(e === undefined ? [] : [e.reply])];
  const encode = `return ${env.rt(reads ? "encodeResponseBodyFor" : "encodeResponseBody")}(${encodeArgs.join(", ")});`;
  // A plain object whose methods carry their types: its declaration needs no annotation (projects may build
  // with isolatedDeclarations), and its first line stays short whatever the message is called — a
  // `: ResponseCodec<…>` annotation naming three types sent every long-named message through prettier.
  // Its shape is the runtime's ResponseCodec (framing/response.ts), where both members are documented.
  const text = `{
    decode(body: Uint8Array${reqParam}): ${names.response} {
      ${decode}
    },
    encodeBody(response: ${names.responseInit}${reqParam}): Uint8Array {
      ${encode}
    },
  }`;
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    // What a companion value is, and what its members do, the runtime's ResponseCodec says once.
    docs: docs(`\`${names.response}\`'s decoder and encoder (a ResponseCodec).`),
    declarations: [{ name: names.response, initializer: text }],
  };
}
