/**
 * A response envelope: the check every response decoder runs first (throwing ServerError on an error
 * reply), the success prefix servers write, and the error reply the dispatcher sends for a ServerError.
 */
import { type StatementStructures, StructureKind, VariableDeclarationKind } from "ts-morph";
import { holdsOnSuccess, isWrittenByServer, writtenValue } from "../checks/envelope-success.js";
import type { EnvelopeModel, FieldModel, TypeModel } from "../model/model.js";
import { docs } from "./docs.js";
import { type LayoutSpec, layoutInterfaces, sizeFunction, writeFunction } from "./emit-layout.js";
import { EncodeValues } from "./encode-values.js";
import type { Value } from "./expr-eval.js";
import { compileCondition } from "./expr.js";
import type { FileEnv } from "./file-env.js";
import { FnGen, constCode } from "./fn.js";
import { prop } from "./names.js";
import type { EnvelopeNames } from "./plan.js";
import { readLayout } from "./read.js";
import { sizeCode, sizeValue } from "./size.js";

/**
 * An envelope the emitter cannot generate code for. The checker rejects every such envelope (E0705,
 * E0706), so one reaching the emitter is a compiler bug.
 */
export class EnvelopeProblem extends Error {}

/** The value a server writes into the field (envelope-success.ts); the checker guarantees there is one. */
function serverValue(field: FieldModel): Value {
  const v = writtenValue(field);
  if (v === undefined) throw new EnvelopeProblem(`envelope field ${field.name} of type ${field.type.kind} has neither a default nor a zero value (E0705)`);
  return v;
}

function valueCode(v: Value, type: TypeModel, env: FileEnv): string {
  if (typeof v === "number") return `${v}`;
  return constCode(v, type, env);
}

export function emitEnvelope(e: EnvelopeModel, names: EnvelopeNames, env: FileEnv): StatementStructures[] {
  const errName = JSON.stringify(e.name);
  const spec = (items: EnvelopeModel["layout"]["items"], layout: EnvelopeNames["layout"]): LayoutSpec => ({
    items, names: layout, errName, where: "in the body", requestType: undefined, recursive: false, doc: e.doc,
  });
  const head = spec(e.layout.items, names.layout);
  const errorItems = e.errorLayout?.items ?? [];
  const tail = spec(errorItems, names.errorLayout);

  // Success values, checked now: a success reply must not read as an error.
  const ok = new Map<FieldModel, Value>();
  const okProps: string[] = [];
  for (const item of e.layout.items) {
    if (!isWrittenByServer(item)) continue;
    const v = serverValue(item);
    ok.set(item, v);
    okProps.push(`${prop(item.name)}: ${valueCode(v, item.type, env)}`);
  }
  if (e.errorCondition !== undefined && holdsOnSuccess(e.errorCondition, ok)) {
    throw new EnvelopeProblem(`the error condition holds for the envelope's success values (E0706)`);
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
      docs: docs(`${e.name} values of a success reply.`),
      declarations: [{ name: names.ok, type: names.layout.init, initializer: `{ ${okProps.join(", ")} }` }],
    },
    checkFunction(e, names, env),
    encodeErrorFunction(e, names, env),
  ];
}

/** Reads the envelope at the start of a body; returns where the response layout starts. */
function checkFunction(e: EnvelopeModel, names: EnvelopeNames, env: FileEnv): StatementStructures {
  const g = new FnGen(env, "$name", undefined);
  const body = ["let $p = 0;"];
  readLayout(g, e.layout.items, "$end", [], body);
  if (e.errorCondition !== undefined) {
    const inner: string[] = [];
    readLayout(g, e.errorLayout?.items ?? [], "$end", [], inner);
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
    docs: docs(`Reads the ${e.name} envelope at the start of a response body and returns the offset of the response proper. An error reply throws ServerError; \`$name\` names the response in DecodeErrors.`),
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
function encodeErrorFunction(e: EnvelopeModel, names: EnvelopeNames, env: FileEnv): StatementStructures {
  const g = new FnGen(env, "$name", undefined);
  const vals = new EncodeValues(g, e.layout.items, "$v", (f, v, out) => sizeCode(sizeValue(g, f.type, v, out)));
  const codeType = e.codeField.type;
  const big = (codeType.kind === "int" || codeType.kind === "varint") && codeType.repr === "bigint";
  const check =
    e.errorCondition === undefined
      ? []
      : [`if (!${compileCondition(e.errorCondition, g.exprEnv())}) throw ${env.rt("notAnError")}($name, error.returnCode);`];
  const pre = vals.declarations();
  const errorProps = (e.errorLayout?.items ?? []).flatMap((item) => {
    if (!isWrittenByServer(item)) return [];
    if (item === e.messageField) return [`${prop(item.name)}: error.serverMessage`];
    return item.defaultValue === undefined ? [`${prop(item.name)}: ${valueCode(serverValue(item), item.type, env)}`] : [];
  });
  return {
    kind: StructureKind.Function,
    name: names.encodeError,
    isExported: true,
    docs: docs(`The body of a ${e.name} error reply for \`error\` (its return code and message).`),
    parameters: [
      { name: "error", type: env.rtType("ServerError") },
      { name: "$name", type: "string" },
    ],
    returnType: "Uint8Array",
    statements: [
      `const $v: ${names.layout.init} = { ...${names.ok}, ${prop(e.codeField.name)}: ${big ? "BigInt(error.returnCode)" : "error.returnCode"} };`,
      ...pre,
      ...check,
      `const $e: ${names.errorLayout.init} = { ${errorProps.join(", ")} };`,
      `const $t = ${env.rt("allocPacket")}(${names.layout.size}($v) + ${names.errorLayout.size}($e));`,
      `const $p = ${names.errorLayout.write}($t, ${names.layout.write}($t, 0, $v), $e);`,
      `if ($p !== $t.length) throw ${env.rt("sizeChanged")}($name, $t.length, $p);`,
      `return $t;`,
    ],
  };
}
