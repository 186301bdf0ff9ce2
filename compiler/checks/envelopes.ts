/**
 * Envelopes: fields first, then at most one `error if` block, then at most one `retry_when` (E0703). The
 * envelope needs an unconditional integer field `code` that fits a number (ServerError.returnCode, E0701),
 * and its error block an unconditional string field `message` (ServerError.serverMessage, E0702). The
 * replies a server writes must work (E0705, E0706, E0708: envelope-replies.ts), and the error block's
 * lengths and counts are its own (E0707, types.ts).
 */
import type * as A from "../ast/ast.js";
import type * as M from "../model/model.js";
import type { CheckContext, DeclSymbol } from "./context.js";
import { buildLayout, checkCondition } from "./layout.js";
import { describeType } from "./describe.js";
import { checkReplies } from "./envelope-replies.js";

type EnvelopeSymbol = Extract<DeclSymbol, { kind: "envelope" }>;

export function checkEnvelope(ctx: CheckContext, symbol: EnvelopeSymbol): void {
  const scope = symbol.file.scope;
  if (!scope) return;
  const model = symbol.model;
  const name = model.name;
  const fields: A.LayoutItem[] = [];
  let errorClause: A.ErrorClause | undefined;
  let retryWhen: A.RetryWhenClause | undefined;
  for (const item of symbol.ast.items) {
    if (item.kind === "errorClause") {
      if (errorClause) ctx.diagnostics.error("E0703", "an envelope has one `error if` block", item.span, [{ message: "the first is here", span: errorClause.span }]);
      else if (retryWhen) ctx.diagnostics.error("E0703", "`error if` must come before `retry_when`", item.span);
      else errorClause = item;
    } else if (item.kind === "retryWhen") {
      if (retryWhen) ctx.diagnostics.error("E0703", "an envelope has one `retry_when`", item.span, [{ message: "the first is here", span: retryWhen.span }]);
      else retryWhen = item;
    } else if (errorClause || retryWhen) {
      ctx.diagnostics.error("E0703", `the envelope's fields must come before \`${errorClause ? "error if" : "retry_when"}\``, item.span);
    } else {
      fields.push(item);
    }
  }

  const head = buildLayout(ctx, fields, { scope, what: `envelope \`${name}\``, isEnvelopeHead: true });
  model.layout = head.record.model;
  const code = head.fields.any("code");
  if (!code) {
    ctx.diagnostics.error("E0701", `envelope \`${name}\` needs an integer field \`code\`: it becomes the ServerError's return code`, symbol.ast.name.span);
  } else if (!ctx.poisoned.has(code)) {
    const problem = codeProblem(code);
    if (problem) ctx.diagnostics.error("E0701", `the envelope's \`code\` ${problem}`, code.span);
    model.codeField = code;
  }

  let errorScope = head.fields;
  if (errorClause) {
    model.errorCondition = checkCondition(ctx, errorClause.condition, { scope, fields: head.fields, request: undefined });
    const block = buildLayout(ctx, errorClause.items, { scope, what: `the error block of envelope \`${name}\``, outer: head.fields });
    model.errorLayout = block.record.model;
    errorScope = block.fields;
    const message = block.record.model.items.find((i): i is M.FieldModel => i.kind === "field" && i.name === "message");
    if (!message) {
      ctx.diagnostics.error("E0702", "the error block needs a string field `message`: it becomes the ServerError's message", errorClause.span);
    } else if (!ctx.poisoned.has(message)) {
      if (message.type.kind !== "string") ctx.diagnostics.error("E0702", `the error block's \`message\` must be a string, not ${describeType(message.type)}`, message.span);
      else if (message.condition) ctx.diagnostics.error("E0702", "the error block's `message` can't be conditional", message.span);
      model.messageField = message;
    }
  }
  if (retryWhen) model.retryWhen = checkCondition(ctx, retryWhen.condition, { scope, fields: errorScope, request: undefined });
  checkReplies(ctx, model);
}

function codeProblem(code: M.FieldModel): string | undefined {
  const type = code.type;
  if (code.condition) return "can't be conditional";
  if (type.kind === "int" || type.kind === "varint") {
    return type.repr === "bigint" ? "must fit a JavaScript number: declare it `as number`" : undefined;
  }
  if (type.kind === "enum" || type.kind === "flags") {
    const backing = type.kind === "enum" ? type.enum.backing : type.flags.backing;
    return backing.bits === 64 ? "must fit a JavaScript number; a 64-bit enum doesn't" : undefined;
  }
  return `must be an integer, not ${describeType(type)}`;
}
