/**
 * A response envelope: the check every response decoder runs first (throwing ServerError on an error
 * reply), the success prefix servers write, and the error reply the dispatcher sends for a ServerError.
 */
import { type StatementStructures, StructureKind, VariableDeclarationKind } from "../print/structures.js";
import type { Value } from "../../model/expr-eval.js";
import type { EnvelopeModel, FieldModel, LayoutItem, TypeModel } from "../../model/model.js";
import { exprFields, fieldsInConditions } from "../../model/refs.js";
import { holdsOnSuccess, isFilledByServer, successReply, writtenValue } from "../../model/server-replies.js";
import { EncodeValues } from "../codec/encode-values.js";
import { compileCondition } from "../codec/expr.js";
import { atomic } from "../print/expr-parens.js";
import { FnGen, constCode } from "../codec/fn.js";
import { readLayout } from "../codec/read.js";
import { sizeCode, sizeValue } from "../codec/size.js";
import type { EnvelopeNames } from "../plan/plan.js";
import type { DeclEnv } from "./decl-env.js";
import { docs } from "./docs.js";
import { INTERNAL, type LayoutSpec, layoutInterfaces, sizeFunction, writeFunction } from "./emit-layout.js";

/**
 * An envelope the emitter cannot generate code for. The checker rejects every such envelope (E0705,
 * E0706, E0708), so one reaching the emitter is a compiler bug.
 */
export class EnvelopeProblem extends Error {}

/**
 * The value fields a reply the server writes fills (model/server-replies.ts), conditional ones included. One
 * without a default or zero value is left out: the checker made sure no reply writes it (E0705).
 */
function filled(items: readonly LayoutItem[]): { field: FieldModel; value: Value }[] {
  return items.filter(isFilledByServer).flatMap((field) => {
    const value = writtenValue(field);
    if (value !== undefined) return [{ field, value }];
    if (field.condition === undefined) throw new EnvelopeProblem(`envelope field ${field.name} of type ${field.type.kind} has neither a default nor a zero value (E0705)`);
    return [];
  });
}

function valueCode(v: Value, type: TypeModel, env: DeclEnv): string {
  if (typeof v === "number") return `${v}`;
  return constCode(v, type, env);
}

/** Whether the error block's conditions read the envelope's fields: its encoders then take those too. */
function readsHead(e: EnvelopeModel): boolean {
  const head = new Set(e.layout.items);
  return [...fieldsInConditions(e.errorLayout?.items ?? [])].some((f) => head.has(f));
}

export function emitEnvelope(e: EnvelopeModel, names: EnvelopeNames, env: DeclEnv): StatementStructures[] {
  const errName = JSON.stringify(e.name);
  const spec = (items: EnvelopeModel["layout"]["items"], layout: EnvelopeNames["layout"]): LayoutSpec => ({
    items, names: layout, errName, where: "in the body", requestType: undefined, recursive: false, shared: true, doc: e.doc,
    about: { value: INTERNAL, init: INTERNAL },
  });
  const head = spec(e.layout.items, names.layout);
  const errorItems = e.errorLayout?.items ?? [];
  const tail: LayoutSpec = { ...spec(errorItems, names.errorLayout), outer: readsHead(e) ? { items: e.layout.items, init: names.layout.init } : undefined };

  // Every value field, conditional ones too: the encoder writes those whose condition holds, and an error
  // reply starts from these values with another code. Checked now as the checker did.
  const okProps = filled(e.layout.items).map(({ field, value }) => `${env.prop(field.name)}: ${valueCode(value, field.type, env)}`);
  const success = successReply(e.layout);
  const problem = success.problem;
  if (problem !== undefined) {
    throw new EnvelopeProblem(problem.unfilled ? `the success reply writes ${problem.field.name}, which has no default or zero value (E0705)` : `${problem.message} (E0708)`);
  }
  if (e.errorCondition !== undefined && holdsOnSuccess(e.errorCondition, success.decoded)) {
    throw new EnvelopeProblem(`the error condition holds for the envelope's success reply (E0706)`);
  }

  return [
    layoutInterfaces(head, env)[1]!,
    layoutInterfaces(tail, env)[1]!,
    sizeFunction(head, env),
    writeFunction(head, env),
    sizeFunction(tail, env),
    writeFunction(tail, env),
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: docs(`${e.name} values of a success reply.`, INTERNAL),
      declarations: [{ name: names.ok, type: names.layout.init, initializer: `{ ${okProps.join(", ")} }` }],
    },
    {
      // One argument for every message's encodeBody (runtime/framing/body.ts) instead of three.
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: docs(`How a ${e.name} success reply starts: the envelope's encoder and success values, for \`encodeBody\`.`, INTERNAL),
      declarations: [
        {
          name: names.reply,
          type: `${env.rtType("ReplyEnvelope")}<${names.layout.init}>`,
          initializer: `{ size: ${names.layout.size}, write: ${names.layout.write}, ok: ${names.ok} }`,
        },
      ],
    },
    checkFunction(e, names, env),
    encodeErrorFunction(e, names, env, tail.outer !== undefined),
  ];
}

/**
 * The fields the check function reads after decoding them: the code, the message, what the error and
 * retry conditions and the fields' own conditions name, and every length and sizeof field. The others are
 * checked and stepped over, not bound (readLayout).
 */
function envelopeReads(e: EnvelopeModel): Set<FieldModel> {
  const items = [...e.layout.items, ...(e.errorLayout?.items ?? [])];
  const reads = fieldsInConditions(items);
  exprFields(e.errorCondition, false, reads);
  exprFields(e.retryWhen, false, reads);
  reads.add(e.codeField);
  if (e.messageField !== undefined) reads.add(e.messageField);
  for (const item of items) if (item.kind === "field" && item.role.kind !== "value") reads.add(item);
  return reads;
}

/** Reads the envelope at the start of a body; returns where the response layout starts. */
function checkFunction(e: EnvelopeModel, names: EnvelopeNames, env: DeclEnv): StatementStructures {
  const g = new FnGen(env, "$name", undefined);
  const body = ["let $p = 0;"];
  const reads = envelopeReads(e);
  readLayout(g, e.layout.items, "$end", [], body, reads);
  if (e.errorCondition !== undefined) {
    const inner: string[] = [];
    readLayout(g, e.errorLayout?.items ?? [], "$end", [], inner, reads);
    const code = g.fieldVars.get(e.codeField)!;
    const codeNum = e.codeField.type.kind === "int" && e.codeField.type.repr === "bigint" ? `Number(${code})` : code;
    const message = e.messageField === undefined ? '""' : g.fieldVars.get(e.messageField)!;
    const temporary = e.retryWhen === undefined ? "false" : compileCondition(e.retryWhen, g.exprEnv());
    body.push(
      `if (${compileCondition(e.errorCondition, g.exprEnv())}) {`,
      ...inner,
      `throw new ${env.rt("ServerError")}(${codeNum}, ${message}, ${temporary});`,
      `}`,
    );
  }
  body.push("return $p;");
  return {
    kind: StructureKind.Function,
    name: names.check,
    isExported: true,
    docs: docs(`Reads the ${e.name} envelope at the start of a response body and returns the offset of the response proper. An error reply throws ServerError; \`$name\` names the response in DecodeErrors.`, INTERNAL),
    parameters: [
      { name: "$t", type: "Uint8Array" },
      { name: "$end", type: "number" },
      { name: "$c", type: env.rtType("DecodeCursor") },
      { name: "$name", type: "string" },
    ],
    returnType: "number",
    statements: body,
  };
}

/** Builds the body of an error reply carrying a ServerError's code and message. */
function encodeErrorFunction(e: EnvelopeModel, names: EnvelopeNames, env: DeclEnv, errorReadsHead: boolean): StatementStructures {
  const g = new FnGen(env, "$name", undefined);
  const vals = new EncodeValues(g, e.layout.items, "$v", (f, v, out) => sizeCode(sizeValue(g, f.type, v, out)));
  const codeType = e.codeField.type;
  const big = (codeType.kind === "int" || codeType.kind === "varint") && codeType.repr === "bigint";
  const check =
    e.errorCondition === undefined
      ? []
      : [`if (!${atomic(compileCondition(e.errorCondition, g.exprEnv()))}) throw ${env.rt("notAnError")}($name, error.returnCode);`];
  const pre = vals.declarations();
  // Conditional fields too (the encoder writes those whose condition holds); defaults apply by themselves.
  const errorProps = filled(e.errorLayout?.items ?? []).flatMap(({ field, value }) => {
    if (field === e.messageField) return [`${env.prop(field.name)}: error.serverMessage`];
    return field.defaultValue === undefined ? [`${env.prop(field.name)}: ${valueCode(value, field.type, env)}`] : [];
  });
  const head = errorReadsHead ? ", $v" : "";
  return {
    kind: StructureKind.Function,
    name: names.encodeError,
    isExported: true,
    docs: docs(`The body of a ${e.name} error reply for \`error\` (its return code and message).`, INTERNAL),
    parameters: [
      { name: "error", type: env.rtType("ServerError") },
      { name: "$name", type: "string" },
    ],
    returnType: "Uint8Array",
    statements: [
      `const $v: ${names.layout.init} = { ...${names.ok}, ${env.prop(e.codeField.name)}: ${big ? "BigInt(error.returnCode)" : "error.returnCode"} };`,
      ...pre,
      ...check,
      `const $e: ${names.errorLayout.init} = { ${errorProps.join(", ")} };`,
      `const $t = ${env.rt("allocPacket")}(${names.layout.size}($v) + ${names.errorLayout.size}($e${head}));`,
      `const $p = ${names.errorLayout.write}($t, ${names.layout.write}($t, 0, $v), $e${head});`,
      `if ($p !== $t.length) throw ${env.rt("sizeChanged")}($name, $t.length, $p);`,
      `return $t;`,
    ],
  };
}
