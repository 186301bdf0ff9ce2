/**
 * One message: its request and response layouts, the `<Name>Request` class the transport sends
 * (IProtoRequest), and the `<Name>Response` type with its decoder and server-side encoder.
 */
import { type ClassDeclarationStructure, type MethodStructure, type StatementStructures, StructureKind, VariableDeclarationKind } from "../print/structures.js";
import { HEADER_SIZE } from "../../../runtime/index.js";
import type { FieldModel, MessageModel } from "../../model/model.js";
import { requestFieldsIn } from "../../model/refs.js";
import { measureField } from "../codec/encode-values.js";
import { type ExprEnv, compileCondition, operandOf } from "../codec/expr.js";
import { defaultCode } from "../codec/fn.js";
import type { MessageNames } from "../plan/plan.js";
import type { DeclEnv } from "./decl-env.js";
import { docs } from "./docs.js";
import { decodeWhole } from "./emit-decls.js";
import { type LayoutSpec, layoutInterfaces, readFunction, sizeFunction, writeFunction } from "./emit-layout.js";

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

export function emitMessage(msg: MessageModel, names: MessageNames, env: DeclEnv): StatementStructures[] {
  const request: LayoutSpec = {
    items: msg.request.items,
    names: names.requestLayout,
    errName: JSON.stringify(names.request),
    where: "in the body",
    requestType: undefined,
    recursive: false,
    shared: false,
    doc: msg.doc,
    about: {
      value: `(A ${names.request} as the server decodes it: \`decodeBody\`, a handler's \`request\`.)`,
      init: `A ${names.request}'s fields as \`new ${names.request}(…)\` and the client take them; defaults and computed lengths may be left out.`,
    },
  };
  // A fixed-size request's packetSize is a constant: its sizer would be dead code.
  const requestSize = msg.request.fixedSize === undefined ? [sizeFunction(request, env)] : [];
  const out: StatementStructures[] = [...layoutInterfaces(request, env), ...requestSize, writeFunction(request, env), readFunction(request, env)];
  const reads = responseReadsRequest(msg);
  const response: LayoutSpec | undefined =
    msg.response === undefined
      ? undefined
      : {
          items: msg.response.items,
          names: names.responseLayout,
          errName: JSON.stringify(names.response),
          where: msg.envelope === undefined ? "in the body" : "after the envelope",
          requestType: reads ? names.requestInit : undefined,
          recursive: false,
          shared: false,
          doc: msg.doc,
          about: {
            value: `(The response, decoded; the value of the same name decodes and encodes it.)`,
            init: `A ${names.response} as a handler returns it; defaults and computed lengths may be left out.`,
          },
        };
  if (response !== undefined) {
    out.push(...layoutInterfaces(response, env), sizeFunction(response, env), writeFunction(response, env), readFunction(response, env));
  }
  out.push(requestClass(msg, names, env, reads));
  if (response !== undefined) out.push(responseObject(msg, names, env, reads));
  return out;
}

function requestClass(msg: MessageModel, names: MessageNames, env: DeclEnv, reads: boolean): ClassDeclarationStructure {
  const n = JSON.stringify(names.request);
  const responseType = msg.noReply ? "void" : names.response;
  const allOptional = msg.request.items.every((i) => i.kind === "pad" || i.condition !== undefined || i.role.kind !== "value" || i.defaultValue !== undefined);
  const fixed = msg.request.fixedSize;
  const timeout = msg.timeout === undefined ? "undefined" : `${msg.timeout}`;
  // What every request shares (the fields, the instance msg/retry/noReply/timeout, encode, the defaults
  // of key and isRetry) is the runtime's RequestBase. packetSize and encodeInto stay here: the transport
  // calls them for every send, and a shared encodeInto's calls into the subclass go megamorphic once a
  // program sends more than four message types (1.6× slower measured).
  const methods: MethodStructure[] = [
    {
      name: "packetSize",
      hasOverrideKeyword: true,
      returnType: "number",
      docs: docs("Header plus body, in bytes (computed once)."),
      statements:
        fixed !== undefined
          ? [`return ${HEADER_SIZE + fixed};`]
          : ["let size = this.#size;", `if (size < 0) size = this.#size = ${HEADER_SIZE} + ${names.requestLayout.size}(this.fields);`, "return size;"],
    },
    {
      name: "encodeInto",
      hasOverrideKeyword: true,
      returnType: "number",
      docs: docs("Writes the packet (header and body) at `offset`; returns the offset after it. Throws EncodeError when a value does not fit."),
      parameters: [
        { name: "target", type: "Uint8Array" },
        { name: "offset", type: "number" },
        { name: "sync", type: "number" },
      ],
      statements: [
        "const size = this.packetSize();",
        `if (target.length - offset < size) throw ${env.rt("tooLong")}(${n}, "", size, target.length - offset);`,
        `${env.rt("writeHeader")}(target, offset, ${msg.codeText}, size - ${HEADER_SIZE}, sync);`,
        `const end = ${names.requestLayout.write}(target, offset + ${HEADER_SIZE}, this.fields);`,
        `if (end !== offset + size) throw ${env.rt("sizeChanged")}(${n}, size, end - offset);`,
        "return end;",
      ],
    },
    {
      name: "decodeResponse",
      hasOverrideKeyword: true,
      returnType: responseType,
      docs: docs(msg.noReply ? "No response exists (`no_reply`)." : "Decodes a response body (envelope included). Throws DecodeError, or ServerError for an error reply."),
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
  methods.push({
    name: "decodeBody",
    isStatic: true,
    returnType: names.requestFields,
    docs: docs("Decodes a request body (server side). `bytes` fields are views into `body`. Throws DecodeError."),
    parameters: [{ name: "body", type: "Uint8Array" }],
    statements: decodeWhole(env, "body", names.requestLayout.read, n, undefined, undefined),
  });
  const key = msg.key !== undefined && msg.key.length > 0;
  // ts-morph's accessor structure does not declare `hasOverrideKeyword`, but its printer writes it.
  const keyAccessor = {
    name: "key",
    hasOverrideKeyword: true,
    returnType: "string | Uint8Array | undefined",
    statements: keyGetter(msg, env),
    docs: docs("The balancing key (integers as decimal text, as Perl stringifies them)."),
  };
  return {
    kind: StructureKind.Class,
    name: names.request,
    isExported: true,
    extends: `${env.rt("RequestBase")}<${names.requestInit}, ${responseType}>`,
    docs: docs(msg.doc, `iproto message ${msg.code} (0x${msg.code.toString(16)}) of service ${msg.service}.`),
    properties: [
      { name: "msg", isStatic: true, isReadonly: true, initializer: msg.codeText, docs: docs("iproto message code.") },
      { name: "retry", isStatic: true, isReadonly: true, initializer: `${msg.retry}`, docs: docs("May be re-sent after a failure.") },
      { name: "noReply", isStatic: true, isReadonly: true, initializer: `${msg.noReply}`, docs: docs("The server sends no response.") },
      { name: "timeout", isStatic: true, isReadonly: true, type: "number | undefined", initializer: timeout, docs: docs("Default timeout in milliseconds.") },
      ...(fixed !== undefined ? [] : [{ name: "#size", initializer: "-1" }]),
    ],
    // The statics as prototype values: what the transport reads on every send (see requestFacts).
    staticBlocks: [{ statements: [`${env.rt("requestFacts")}(this);`] }],
    ctors: [{ parameters: [{ name: "fields", isReadonly: true, hasOverrideKeyword: true, type: names.requestInit, ...(allOptional ? { initializer: "{}" } : {}) }], statements: ["super();"] }],
    getAccessors: key ? [keyAccessor] : [],
    methods,
  };
}

function responseObject(msg: MessageModel, names: MessageNames, env: DeclEnv, reads: boolean): StatementStructures {
  const n = JSON.stringify(names.response);
  const l = names.responseLayout;
  const reqParam = reads ? `, request: ${names.requestInit}` : "";
  const reqArg = reads ? ", request" : "";
  const e = msg.envelope === undefined ? undefined : env.envelope(msg.envelope);
  const decode = decodeWhole(env, "body", l.read, n, reads ? "request" : undefined, e?.check).join("\n");
  const encode = [
    `const body = ${env.rt("allocPacket")}(${e === undefined ? "" : `${e.layout.size}(${e.ok}) + `}${l.size}(response${reqArg}));`,
    `const end = ${l.write}(body, ${e === undefined ? "0" : `${e.layout.write}(body, 0, ${e.ok})`}, response${reqArg});`,
    `if (end !== body.length) throw ${env.rt("sizeChanged")}(${n}, body.length, end);`,
    "return body;",
  ];
  const text = `{
    /** Decodes a response body${e === undefined ? "" : " (the envelope first: an error reply throws ServerError)"}. \`bytes\` fields are views into \`body\`. Throws DecodeError. */
    decode(body: Uint8Array${reqParam}): ${names.response} {
      ${decode}
    },
    /** Encodes a success response body${e === undefined ? "" : ", envelope included"} (server side). Throws EncodeError. */
    encodeBody(response: ${names.responseInit}${reqParam}): Uint8Array {
      ${encode.join("\n")}
    },
  } as const`;
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: docs(`Decodes and encodes ${names.response}: the type's companion value, named as it is (like an enum's).`),
    declarations: [{ name: names.response, initializer: text }],
  };
}
