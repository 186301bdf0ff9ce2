/**
 * One matched pair of messages: their flags, their bodies (the request; the response after the envelope;
 * the envelope's error reply) and the expressions that steer behaviour (`retry_when`, the balancing key).
 * Each body is compared as one byte sequence whose end is a tail (see compare-sequence.ts).
 */
import type * as M from "../model/model.js";
import { sameOptionalExpr } from "./compare-expr.js";
import { compareSequences } from "./compare-sequence.js";
import { type BreakingOptions, type CompareContext, type Finding, newContext, Pairing } from "./context.js";
import { exprText } from "../model/expr-text.js";
import { flatten } from "./flatten.js";
import type { BreakingRule } from "./rules.js";

/** Findings of one message, with the body each was found in (for the notes and the use-site findings). */
export interface MessageFindings {
  readonly message: M.MessageModel;
  readonly old: M.MessageModel;
  readonly findings: readonly { readonly finding: Finding; readonly body: string }[];
}

export function compareMessage(om: M.MessageModel, nm: M.MessageModel, options: BreakingOptions): MessageFindings {
  const findings: { finding: Finding; body: string }[] = [];
  const title = `\`${nm.service}.${nm.name}\``;
  const add = (body: string, list: readonly Finding[]): void => {
    for (const finding of list) findings.push({ finding, body });
  };
  const flag = (rule: BreakingRule, message: string, oldNote: string): void => {
    add(title, [{ rule, message, newSpan: nm.span, oldSpan: om.span, oldNote, container: undefined, via: undefined }]);
  };

  const requestPairing = new Pairing();
  const requestCx = newContext(options);
  const requestBody = `the request of ${title}`;
  add(requestBody, compareSequences({
    old: flatten(om.request.items, undefined),
    neu: flatten(nm.request.items, undefined),
    region: { what: requestBody, newSpan: nm.span, oldSpan: om.span, bounded: true },
    pairing: requestPairing,
    cx: requestCx,
    via: undefined,
  }));

  if (om.noReply !== nm.noReply) {
    flag("B005", nm.noReply
      ? `${title} is now \`no_reply\`: old clients wait for a response that never comes`
      : `${title} is no longer \`no_reply\`: old servers send no response and new clients wait for one until the timeout`, "the old message");
  }
  if (om.retry && !nm.retry) {
    flag("B050", `\`retry\` was removed from ${title}: old clients still re-send it after a failure, so it may run twice`, "`retry` was set here");
  }
  if (!sameKey(om.key, nm.key, requestPairing)) {
    const show = (key: readonly M.FieldModel[] | undefined): string => (key ? `\`${key.map((f) => f.name).join(".")}\`` : "none");
    flag("B052", `the balancing key of ${title} changed from ${show(om.key)} to ${show(nm.key)}: old and new clients send the same request to different servers`, "the old key");
  }

  let responseCx: CompareContext | undefined;
  if (om.response && nm.response) {
    responseCx = newContext(options, requestPairing);
    const responsePairing = new Pairing();
    const responseBody = `the response of ${title}`;
    if ((om.envelope === undefined) !== (nm.envelope === undefined)) {
      flag("B006", nm.envelope
        ? `${title} now has the response envelope \`${nm.envelope.name}\`: old clients read its fields as the response`
        : `${title} no longer has the response envelope \`${om.envelope?.name ?? ""}\`: old clients read the response as envelope fields`, "the old message");
    } else {
      const head = (m: M.MessageModel): ReturnType<typeof flatten> =>
        m.envelope ? flatten(m.envelope.layout.items, { kind: "envelope", decl: m.envelope }) : [];
      add(responseBody, compareSequences({
        old: [...head(om), ...flatten(om.response.items, undefined)],
        neu: [...head(nm), ...flatten(nm.response.items, undefined)],
        region: { what: responseBody, newSpan: nm.span, oldSpan: om.span, bounded: true },
        pairing: responsePairing,
        cx: responseCx,
        via: undefined,
      }));
      if (om.envelope && nm.envelope) add(responseBody, compareEnvelopeErrors(om.envelope, nm.envelope, options));
    }
    if (!sameOptionalExpr(om.retryWhen, nm.retryWhen, responsePairing, requestPairing)) {
      const show = (e: M.ExprModel | undefined): string => (e ? `\`${exprText(e)}\`` : "none");
      flag("B051", `\`retry_when\` of ${title} changed from ${show(om.retryWhen)} to ${show(nm.retryWhen)}: old and new clients disagree on when the server asks for a retry`, "the old message");
    }
  }
  if (requestCx.appendedAtTail && responseCx?.appendedAtTail) {
    flag("B025", `${title} appends fields to both its request and its response: old servers need the clients upgraded first, old clients need the servers upgraded first`, "the old message");
  }
  return { message: nm, old: om, findings };
}

function sameKey(a: readonly M.FieldModel[] | undefined, b: readonly M.FieldModel[] | undefined, pairing: Pairing): boolean {
  if (a === undefined || b === undefined) return a === b;
  // The key's last step is the leaf the alignment paired when its structs are written in place; inside a
  // size-prefixed struct it is not paired at this level, and the path is compared by name.
  const last = a[a.length - 1];
  if (a.length !== b.length || !last) return false;
  return pairing.get(last) === b[b.length - 1] || a.every((f, i) => f.name === b[i]?.name);
}

/** The error reply (envelope fields, then the error block) and the `error if` condition that selects it. */
function compareEnvelopeErrors(oe: M.EnvelopeModel, ne: M.EnvelopeModel, options: BreakingOptions): Finding[] {
  const out: Finding[] = [];
  const pairing = new Pairing();
  const cx = newContext(options);
  const body = (e: M.EnvelopeModel): ReturnType<typeof flatten> => [
    ...flatten(e.layout.items, { kind: "envelope", decl: e }),
    ...flatten(e.errorLayout?.items ?? [], { kind: "envelope", decl: e }),
  ];
  out.push(...compareSequences({
    old: body(oe),
    neu: body(ne),
    region: { what: `the error reply of envelope \`${ne.name}\``, newSpan: ne.span, oldSpan: oe.span, bounded: true },
    pairing,
    cx,
    via: undefined,
  }));
  const envelopeFinding = (rule: BreakingRule, message: string): Finding =>
    ({ rule, message, newSpan: ne.span, oldSpan: oe.span, oldNote: "the old envelope", container: { kind: "envelope", decl: ne }, via: undefined });
  if (!sameOptionalExpr(oe.errorCondition, ne.errorCondition, pairing, undefined)) {
    const show = (e: M.ExprModel | undefined): string => (e ? `\`${exprText(e)}\`` : "none");
    out.push(envelopeFinding("B031", `the \`error if\` condition of envelope \`${ne.name}\` changed from ${show(oe.errorCondition)} to ${show(ne.errorCondition)}: old clients take some replies for errors or errors for replies`));
  }
  if (!sameOptionalExpr(oe.retryWhen, ne.retryWhen, pairing, undefined)) {
    const show = (e: M.ExprModel | undefined): string => (e ? `\`${exprText(e)}\`` : "none");
    out.push(envelopeFinding("B051", `\`retry_when\` of envelope \`${ne.name}\` changed from ${show(oe.retryWhen)} to ${show(ne.retryWhen)}: old and new clients disagree on which errors to retry`));
  }
  if (options.strictNames && oe.name !== ne.name) out.push(envelopeFinding("B073", `envelope \`${oe.name}\` was renamed to \`${ne.name}\``));
  return out;
}
