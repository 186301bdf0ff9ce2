/**
 * The replies a server writes through an envelope must work (model/server-replies.ts says how the
 * generated code writes them). Each value field a reply may write needs a default or a zero value (E0705): every
 * unconditional one; a conditional one when the success reply writes it, or an error reply may (its
 * condition holds for the values every error reply writes, or reads the ServerError's code or message).
 * The success reply must be writable and read back as written (E0708) and must not read as an error (E0706).
 */
import type { Value } from "../model/expr-eval.js";
import type * as M from "../model/model.js";
import { exprFields } from "../model/refs.js";
import { holdsOnSuccess, isFilledByServer, mayWriteInErrorReply, successReply, valueText, writtenValue } from "../model/server-replies.js";
import type { CheckContext } from "./context.js";
import { describeType } from "./describe.js";

const HEAD = { reply: "the replies a server writes can't fill", gives: "they give each envelope field" } as const;
const BLOCK = { reply: "an error reply can't fill", gives: "it gives each field of the error block but `message`" } as const;

export function checkReplies(ctx: CheckContext, envelope: M.EnvelopeModel): void {
  const head = envelope.layout.items.filter(isFilledByServer);
  const block = (envelope.errorLayout?.items ?? []).filter(isFilledByServer).filter((f) => f !== envelope.messageField && f.name !== "message");
  if ([...head, ...block].some((f) => ctx.poisoned.has(f))) return;
  const dynamic = new Set([envelope.codeField, envelope.messageField].filter((f) => f !== undefined));

  const success = successReply(envelope.layout);
  const unfilled = success.problem?.unfilled ? success.problem.field : undefined;
  for (const f of head) {
    if (writtenValue(f) !== undefined) continue;
    if (f.condition === undefined || f === unfilled || mayWriteInErrorReply(f, dynamic)) unfillable(ctx, f, HEAD);
  }
  for (const f of block) if (writtenValue(f) === undefined && mayWriteInErrorReply(f, dynamic)) unfillable(ctx, f, BLOCK);

  if (success.problem !== undefined) {
    if (!success.problem.unfilled) ctx.diagnostics.error("E0708", success.problem.message, success.problem.field.span);
    return;
  }
  if (envelope.errorCondition !== undefined) checkSuccessIsNoError(ctx, envelope.errorCondition, success.decoded);
}

function unfillable(ctx: CheckContext, f: M.FieldModel, where: { reply: string; gives: string }): void {
  const when = f.condition === undefined ? "" : " (when its condition holds)";
  ctx.diagnostics.error("E0705", `${where.reply} \`${f.name}\`${when}: ${where.gives} its default, else zero, and ${describeType(f.type)} has neither`, f.span);
}

/** E0706: `error if` must not hold for the success reply, or every success would read as an error. */
function checkSuccessIsNoError(ctx: CheckContext, condition: M.ExprModel, decoded: ReadonlyMap<M.FieldModel, Value>): void {
  if (!holdsOnSuccess(condition, decoded)) return;
  const used = [...exprFields(condition, false)];
  const values = used.map((f) => `\`${f.name}\` ${decoded.has(f) ? `= ${valueText(decoded.get(f)!)}` : "absent"}`);
  const how = used.some((f) => f.role.kind !== "value") ? "the fields' defaults, else zero, and the sizes of those" : "each field's default, else zero";
  const when = used.length === 0 ? "always holds" : `holds for a success reply (${values.join(", ")}: ${how})`;
  const fix = used.length === 0 ? "" : "; give the fields defaults that make it false";
  ctx.diagnostics.error("E0706", `\`error if\` ${when}: every success reply would read as an error${fix}`, condition.span);
}
