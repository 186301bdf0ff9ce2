/**
 * Per service: a typed client over any runtime client (`await box.select({...})`), a typed handler
 * interface, and a dispatcher that turns a handler into the runtime server's IProtoHandler.
 */
import { type StatementStructures, StructureKind } from "../print/structures.js";
import type { MessageModel, ServiceModel } from "../../model/model.js";
import { layoutMinWidth } from "../../model/wire.js";
import { PRINT_WIDTH } from "../print/width.js";
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

/** `[code, route(args)],` at four spaces (a dispatcher's array), or prettier's broken forms of it. */
function routeLines(code: string, route: string, args: readonly string[]): string[] {
  const call = `${route}(${args.join(", ")})`;
  if (4 + `[${code}, ${call}],`.length <= PRINT_WIDTH) return [`[${code}, ${call}],`];
  if (6 + `${call},`.length <= PRINT_WIDTH) return ["[", `${code},`, `${call},`, "],"];
  return ["[", `${code},`, `${route}(`, ...args.map((a) => `${a},`), "),", "],"];
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

  // A route a line, in prettier's layout: `[code, route(…)],`, broken as prettier breaks it when too wide.
  const routes = service.messages.flatMap((msg) => {
    const n = msgNames(msg);
    const e = msg.envelope === undefined ? undefined : env.envelope(msg.envelope);
    const args = [
      JSON.stringify(m.get(msg)!),
      n.request,
      msg.noReply ? "undefined" : n.response,
      e === undefined ? "undefined" : e.encodeError,
      JSON.stringify(msg.noReply ? n.request : n.response),
      `${emptyResponse(msg)}`,
      `${msg.response !== undefined && layoutMinWidth(msg.response) > 0}`,
    ];
    return routeLines(msg.codeText, env.rt("route"), args);
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
