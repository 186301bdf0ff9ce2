/**
 * Per service: a typed client over any runtime client (`await box.select({...})`), a typed handler
 * interface, and a dispatcher that turns a handler into the runtime server's IProtoHandler.
 */
import { type StatementStructures, StructureKind } from "../print/structures.js";
import type { MessageModel, ServiceModel } from "../../model/model.js";
import { layoutMinWidth } from "../../model/wire.js";
import { methodNames } from "../plan/names.js";
import type { FileNames, ServiceNames } from "../plan/plan.js";
import type { DeclEnv } from "./decl-env.js";
import { docs } from "./docs.js";
import { responseReadsRequest } from "./emit-message.js";

/** Method names, unique within the service. */
function methods(service: ServiceModel): Map<MessageModel, string> {
  const names = methodNames(service.messages.map((m) => m.name));
  return new Map(service.messages.map((m, i) => [m, names[i]!] as const));
}

function emptyInit(msg: MessageModel): boolean {
  return msg.request.items.every((i) => i.kind === "pad" || i.condition !== undefined || i.role.kind !== "value" || i.defaultValue !== undefined);
}

function emptyResponse(msg: MessageModel): boolean {
  return (msg.response?.items ?? []).every((i) => i.kind === "pad" || i.condition !== undefined || i.role.kind !== "value" || i.defaultValue !== undefined);
}

export function emitService(service: ServiceModel, names: ServiceNames, plan: FileNames, env: DeclEnv): StatementStructures[] {
  const m = methods(service);
  const msgNames = (msg: MessageModel) => plan.messages.get(msg)!;
  const sender = env.rtType("IProtoSender");

  const client: StatementStructures = {
    kind: StructureKind.Class,
    name: names.client,
    isExported: true,
    typeParameters: [{ name: "TOptions", default: "unknown" }],
    docs: docs(service.doc, `Typed client of service ${service.name}: one method per message, over any runtime client with \`send\`.`),
    properties: [{ name: "#sender", isReadonly: true, type: `${sender}<TOptions>` }],
    ctors: [{ parameters: [{ name: "sender", type: `${sender}<TOptions>` }], statements: ["this.#sender = sender;"] }],
    methods: service.messages.map((msg) => {
      const n = msgNames(msg);
      return {
        name: m.get(msg)!,
        docs: docs(msg.doc, msg.noReply ? "Resolves once the request is handed to the socket (no reply exists)." : undefined),
        parameters: [
          { name: "fields", type: n.requestInit, ...(emptyInit(msg) ? { initializer: "{}" } : {}) },
          { name: "options", type: "TOptions", hasQuestionToken: true },
        ],
        returnType: `Promise<${msg.noReply ? "void" : n.response}>`,
        statements: [`return this.#sender.send(new ${n.request}(fields), options);`],
      };
    }),
  };

  const conn = env.rtType("ServerConnectionInfo");
  const handler: StatementStructures = {
    kind: StructureKind.Interface,
    name: names.handler,
    isExported: true,
    docs: docs(service.doc, `Implements service ${service.name}: one method per message. Throw ServerError to send an error reply through the envelope.`),
    methods: service.messages.map((msg) => {
      const n = msgNames(msg);
      const result = msg.noReply ? "void" : emptyResponse(msg) ? `${n.responseInit} | void` : n.responseInit;
      return {
        name: m.get(msg)!,
        docs: docs(msg.doc),
        parameters: [
          { name: "request", type: n.requestFields },
          { name: "connection", type: conn },
        ],
        returnType: `${result} | Promise<${result}>`,
      };
    }),
  };

  // Written in prettier's layout (an entry a line, expanded objects), so no formatter has to touch it.
  const routes = service.messages.flatMap((msg) => {
    const n = msgNames(msg);
    const e = msg.envelope === undefined ? undefined : env.envelope(msg.envelope);
    return [
      "[",
      `${msg.codeText},`,
      "{",
      `method: ${JSON.stringify(m.get(msg)!)},`,
      `decodeRequest: ${n.request}.decodeBody,`,
      `encodeResponse: ${msg.noReply ? "undefined" : `${n.response}.encodeBody`},`,
      `encodeError: ${e === undefined ? "undefined" : e.encodeError},`,
      `response: ${JSON.stringify(msg.noReply ? n.request : n.response)},`,
      `emptyResponse: ${emptyResponse(msg)},`,
      `emptyBodyFails: ${msg.response !== undefined && layoutMinWidth(msg.response) > 0},`,
      "},",
      "],",
    ];
  });

  const handlerType = names.handler;
  const dispatcher: StatementStructures = {
    kind: StructureKind.Function,
    name: names.dispatcher,
    isExported: true,
    docs: docs(
      `Serves ${service.name} with \`handler\`: decodes each request, calls the method for its message code, encodes the response. A ServerError thrown by the handler becomes an envelope error reply; unknown codes and undecodable requests are errors the server reports (no reply is sent).`,
    ),
    overloads: [
      {
        docs: docs(`Every message of ${service.name} needs its method: leaving one out is a type error.`),
        parameters: [{ name: "handler", type: handlerType }],
        returnType: env.rtType("IProtoHandler"),
      },
      {
        docs: docs(
          "A handler that leaves messages out, said explicitly: their requests are answered at once (the envelope's error reply, or an empty body where no response is empty) and reported as NotImplementedError.",
        ),
        parameters: [
          { name: "handler", type: `Partial<${handlerType}>` },
          { name: "options", type: env.rtType("PartialDispatcherOptions") },
        ],
        returnType: env.rtType("IProtoHandler"),
      },
    ],
    parameters: [
      { name: "handler", type: `Partial<${handlerType}>` },
      { name: "options", type: env.rtType("PartialDispatcherOptions"), hasQuestionToken: true },
    ],
    returnType: env.rtType("IProtoHandler"),
    statements: [
      ...(routes.length === 0 ? [`const routes: [number, ${env.rtType("Route")}][] = [];`] : [`const routes: [number, ${env.rtType("Route")}][] = [`, ...routes, "];"]),
      `return ${env.rt("dispatcher")}(${JSON.stringify(service.name)}, handler, new Map(routes), options);`,
    ],
  };
  return [client, handler, dispatcher];
}
