/**
 * Services and their messages: names and codes unique within a service (E0204, E0601), codes in u32
 * range (E0602), options given once (E0605), `no_reply` consistent (E0603, E0604), balancing keys
 * (E0606-E0608), timeouts (E0609), envelopes (E0610), and the message's envelope in force.
 */
import type * as A from "../ast/ast.js";
import type * as M from "../model/model.js";
import type { CheckContext, DeclSymbol, Mutable } from "./context.js";
import { checkExpr } from "./expressions.js";
import { buildLayout, checkCondition } from "./layout.js";
import { reportLookup } from "./lookup-errors.js";
import type { FileScope } from "./scope.js";
import { FieldScope } from "./field-scope.js";
import { didYouMean } from "./suggest.js";
import { describeDecl, describeType } from "./describe.js";

type ServiceSymbol = Extract<DeclSymbol, { kind: "service" }>;

const MAX_TIMEOUT = 2_147_483_647;
const EMPTY_LAYOUT: M.LayoutModel = { items: [], fixedSize: 0 };

export function checkService(ctx: CheckContext, symbol: ServiceSymbol): void {
  const scope = symbol.file.scope;
  if (!scope) return;
  const model = symbol.model;
  const seen = new Map<string, A.ServiceItem>();
  const messages: M.MessageModel[] = [];
  const byName = new Map<string, A.MessageDecl>();
  const byCode = new Map<number, A.MessageDecl>();
  const once = (key: string, item: A.ServiceItem, what: string): boolean => {
    const first = seen.get(key);
    if (!first) {
      seen.set(key, item);
      return true;
    }
    ctx.diagnostics.error("E0605", `service \`${model.name}\` already sets ${what}`, item.span, [{ message: "first set here", span: first.span }]);
    return false;
  };
  // Service options first, whatever their position: messages use the service's envelope and timeout.
  for (const item of symbol.ast.items) {
    if (item.kind === "envelopeOption" && once("envelope", item, "its envelope")) model.envelope = envelopeOf(ctx, item, scope);
    if (item.kind === "timeoutOption" && once("timeout", item, "a timeout")) model.timeout = timeoutOf(ctx, item);
  }
  for (const item of symbol.ast.items) {
    if (item.kind !== "message") continue;
    const message = checkMessage(ctx, item, model, scope);
    messages.push(message);
    const name = item.name.name;
    const sameName = byName.get(name);
    if (name !== "" && sameName) {
      ctx.diagnostics.error("E0204", `service \`${model.name}\` already has a message \`${name}\``, item.name.span, [
        { message: "first declared here", span: sameName.name.span },
      ]);
    } else if (name !== "") {
      byName.set(name, item);
    }
    if (message.code < 0) continue;
    const sameCode = byCode.get(message.code);
    if (sameCode) {
      ctx.diagnostics.error("E0601", `message code ${hex(message.code)} is already used by \`${sameCode.name.name}\` in service \`${model.name}\``, item.code.span, [
        { message: `\`${sameCode.name.name}\` is declared here`, span: sameCode.name.span },
      ]);
    } else {
      byCode.set(message.code, item);
    }
  }
  model.messages = messages;
}

function hex(code: number): string {
  return `${code} (0x${code.toString(16)})`;
}

function envelopeOf(ctx: CheckContext, option: A.EnvelopeOption, scope: FileScope): M.EnvelopeModel | undefined {
  if (!option.envelope) return undefined;
  const lookup = scope.resolve(option.envelope);
  if (lookup.kind === "decl" && lookup.symbol.kind === "envelope") return lookup.symbol.model;
  if (lookup.kind === "decl") {
    ctx.diagnostics.error("E0610", `\`${option.envelope.text}\` is ${describeDecl(lookup.symbol.kind)}, not an envelope`, option.envelope.span);
  } else {
    reportLookup(ctx, lookup, option.envelope, "envelope", scope.visibleNames((s) => s.kind === "envelope"));
  }
  return undefined;
}

function timeoutOf(ctx: CheckContext, option: A.TimeoutOption): number | undefined {
  if (option.value.kind !== "int") return undefined;
  const value = option.value.value;
  if (value < 1n || value > BigInt(MAX_TIMEOUT)) {
    ctx.diagnostics.error("E0609", `a timeout is between 1 and ${MAX_TIMEOUT} milliseconds, found ${value}`, option.value.span);
    return undefined;
  }
  return Number(value);
}

function messageCode(ctx: CheckContext, decl: A.MessageDecl, scope: FileScope): number {
  const checked = checkExpr(ctx, decl.code, { scope, fields: undefined, request: undefined, constantFor: "a message code" });
  const value = checked.constant;
  if (value === undefined) return -1;
  if (typeof value !== "bigint" || value < 0n || value > 0xffff_ffffn) {
    const found = typeof value === "bigint" ? String(value) : typeof value === "string" ? "a string" : "a boolean";
    ctx.diagnostics.error("E0602", `a message code is an integer between 0 and 0xffffffff, found ${found}`, decl.code.span);
    return -1;
  }
  return Number(value);
}

function checkMessage(ctx: CheckContext, decl: A.MessageDecl, service: M.ServiceModel, scope: FileScope): M.MessageModel {
  const name = decl.name.name;
  const seen = new Map<string, A.MessageItem>();
  const first = <K extends A.MessageItem["kind"]>(kind: K): Extract<A.MessageItem, { kind: K }> | undefined =>
    seen.get(kind) as Extract<A.MessageItem, { kind: K }> | undefined;
  for (const item of decl.items) {
    const previous = seen.get(item.kind);
    if (previous) {
      ctx.diagnostics.error("E0605", `message \`${name}\` already has ${OPTION_NAMES[item.kind]}`, item.span, [{ message: "first given here", span: previous.span }]);
    } else {
      seen.set(item.kind, item);
    }
  }
  const noReply = first("noReplyOption");
  const requestBlock = seen.get("request") as A.LayoutBlock | undefined;
  const responseBlock = seen.get("response") as A.LayoutBlock | undefined;
  const request = buildLayout(ctx, requestBlock?.items ?? [], { scope, what: `the request of \`${name}\`` });
  if (noReply && responseBlock) {
    ctx.diagnostics.error("E0603", `message \`${name}\` is \`no_reply\`, so it can't have a response`, responseBlock.span, [
      { message: "`no_reply` is set here", span: noReply.span },
    ]);
  }
  const response = responseBlock
    ? buildLayout(ctx, responseBlock.items, { scope, what: `the response of \`${name}\``, request: request.fields })
    : undefined;
  const retryWhen = first("retryWhen");
  const envelopeOption = first("envelopeOption");
  for (const option of [retryWhen, envelopeOption]) {
    if (noReply && option) {
      ctx.diagnostics.error("E0604", `message \`${name}\` is \`no_reply\`: it has no response for ${option.kind === "retryWhen" ? "`retry_when`" : "an envelope"} to apply to`, option.span, [
        { message: "`no_reply` is set here", span: noReply.span },
      ]);
    }
  }
  const retryCondition = retryWhen
    ? checkCondition(ctx, retryWhen.condition, { scope, fields: response?.fields ?? new FieldScope(), request: request.fields })
    : undefined;
  const keyOption = first("keyOption");
  const timeoutOption = first("timeoutOption");
  const envelope = envelopeOption ? envelopeOf(ctx, envelopeOption, scope) : service.envelope;
  const code = messageCode(ctx, decl, scope);
  const model: Mutable<M.MessageModel> = {
    kind: "message",
    name,
    doc: decl.doc?.text,
    span: decl.span,
    file: service.file,
    code,
    codeText: decl.code.kind === "int" && BigInt(code) === decl.code.value ? decl.code.raw : String(code),
    request: requestBlock ? request.record.model : EMPTY_LAYOUT,
    response: noReply ? undefined : (response?.record.model ?? EMPTY_LAYOUT),
    retry: first("retryOption") !== undefined,
    noReply: noReply !== undefined,
    key: keyOption ? resolveKey(ctx, keyOption.path, request.fields, name) : undefined,
    timeout: timeoutOption ? timeoutOf(ctx, timeoutOption) : service.timeout,
    retryWhen: retryCondition,
    envelope: noReply ? undefined : envelope,
    service: service.name,
  };
  return model;
}

const OPTION_NAMES: Readonly<Record<A.MessageItem["kind"], string>> = {
  request: "a request block",
  response: "a response block",
  retryOption: "`retry`",
  noReplyOption: "`no_reply`",
  keyOption: "a `key`",
  timeoutOption: "a `timeout`",
  retryWhen: "a `retry_when`",
  envelopeOption: "an `envelope`",
};

function resolveKey(ctx: CheckContext, path: A.QualifiedName, request: FieldScope, message: string): M.FieldModel[] | undefined {
  const result: M.FieldModel[] = [];
  let fields: ReadonlyMap<string, M.FieldModel> | undefined;
  for (const [i, part] of path.parts.entries()) {
    const field = i === 0 ? request.any(part.name) : fields?.get(part.name);
    if (!field) {
      const names = i === 0 ? request.names() : [...(fields?.keys() ?? [])];
      const where = i === 0 ? `the request of \`${message}\`` : `\`${path.parts.slice(0, i).map((p) => p.name).join(".")}\``;
      ctx.diagnostics.error("E0606", `\`key\`: ${where} has no field \`${part.name}\`${didYouMean(part.name, names)}`, part.span);
      return undefined;
    }
    if (ctx.poisoned.has(field)) return undefined;
    if (field.condition) {
      ctx.diagnostics.error("E0608", `\`key\` can't use \`${part.name}\`: it is conditional, and a request needs a key to be routed`, part.span, [
        { message: `\`${part.name}\` is declared here`, span: field.span },
      ]);
      return undefined;
    }
    result.push(field);
    const last = i === path.parts.length - 1;
    const type = field.type;
    if (!last) {
      if (type.kind !== "struct") {
        ctx.diagnostics.error("E0607", `\`key\` goes into \`${part.name}\`, which is not a struct`, part.span);
        return undefined;
      }
      fields = new Map(type.struct.items.filter((f): f is M.FieldModel => f.kind === "field").map((f) => [f.name, f]));
    } else if (!["int", "varint", "enum", "flags", "string", "bytes"].includes(type.kind)) {
      ctx.diagnostics.error("E0607", `\`key\` must be an integer, string or bytes field; \`${part.name}\` is ${describeType(type)}`, part.span);
      return undefined;
    }
  }
  return result.length > 0 ? result : undefined;
}
