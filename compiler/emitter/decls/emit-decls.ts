/** Constants, enums, flag sets and structs. */
import { type StatementStructures, StructureKind, VariableDeclarationKind } from "../print/structures.js";
import type { ConstModel, EnumModel, FlagsModel, StructModel } from "../../model/model.js";
import { structFixedWidth } from "../../model/wire.js";
import { FnGen } from "../codec/fn.js";
import { inlineable, readFixedAt } from "../codec/read-fixed.js";
import { writeFixedAt } from "../codec/write-fixed.js";
import { member } from "../plan/names.js";
import type { StructPlan } from "../plan/plan.js";
import type { DeclEnv } from "./decl-env.js";
import { docs } from "./docs.js";
import { layoutInterfaces, readFunction, sizeFunction, writeFunction } from "./emit-layout.js";

export function emitConst(c: ConstModel, name: string, env: DeclEnv): StatementStructures[] {
  let init: string;
  const v = c.value;
  if (typeof v === "string") {
    init = c.type?.kind === "bytes" ? `${env.rt("utf8Bytes")}(${JSON.stringify(v)})` : JSON.stringify(v);
  } else if (typeof v === "boolean") {
    init = String(v);
  } else {
    const big = c.type !== undefined && (c.type.kind === "int" || c.type.kind === "varint") ? c.type.repr === "bigint" : v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER);
    init = big ? `${v}n` : `${v}`;
  }
  return [
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: docs(c.doc),
      declarations: [{ name, initializer: init }],
    },
  ];
}

/** `export const E = { A: 1 } as const` plus `export type E = 1 | … | (number & {})`: unknown values stay valid. */
export function emitNamed(d: EnumModel | FlagsModel, name: string): StatementStructures[] {
  const big = d.backing.repr === "bigint";
  const members = d.members.map((m) => {
    const doc = m.doc === undefined ? "" : `/** ${m.doc.trim().replace(/\*\//g, "*\\/").replace(/\n/g, "\n * ")} */\n`;
    return `${doc}${member(m.name)}: ${m.value}${big ? "n" : ""},`;
  });
  const what = d.kind === "enum" ? "Any value of the backing type decodes; the named members are these." : "Any combination of bits decodes; the named bits are these.";
  return [
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: docs(d.doc),
      declarations: [{ name, initializer: `{\n${members.join("\n")}\n} as const` }],
    },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name,
      docs: docs(d.doc, what),
      type: `(typeof ${name})[keyof typeof ${name}] | (${big ? "bigint" : "number"} & {})`,
    },
  ];
}

/**
 * Statements decoding a whole body with a layout reader (after the envelope check, if any). Generated
 * per message rather than shared: a shared helper's call to `read` would be megamorphic in any real
 * program and cost the inlining that keeps decoding at hand-written speed.
 */
export function decodeWhole(env: DeclEnv, body: string, read: string, name: string, request: string | undefined, check: string | undefined, passName = false): string[] {
  // The envelope's end on a line of its own: the read then fits on one line (less text per message).
  return [
    `const cursor = ${env.rt("newCursor")}();`,
    ...(check === undefined ? [] : [`const start = ${check}(${body}, ${body}.length, cursor, ${name});`]),
    `const value = ${read}(${body}, ${check === undefined ? "0" : "start"}, ${body}.length, cursor${request === undefined ? "" : `, ${request}`}${passName ? `, ${name}` : ""});`,
    `if (cursor.pos !== ${body}.length) throw ${env.rt("trailingBytes")}(${name}, cursor.pos, ${body}.length);`,
    "return value;",
  ];
}

export function emitStruct(s: StructModel, plan: StructPlan, env: DeclEnv): StatementStructures[] {
  const spec = {
    items: s.items,
    names: plan.layout,
    errName: JSON.stringify(s.name),
    where: "in the struct",
    requestType: undefined,
    recursive: s.recursive,
    shared: true,
    doc: s.doc,
    about: {
      value: `(Decoded: \`${plan.decode}\`.)`,
      init: `A ${s.name} to encode (\`${plan.encode}\`, or in a value holding one); defaults and computed lengths may be left out.`,
    },
  };
  const l = plan.layout;
  const fixed = inlineable(s) ? structFixedWidth(s) : undefined;
  const name = JSON.stringify(s.name);
  const self = { kind: "struct", struct: s, sizePrefix: undefined } as const;
  // A fixed-size struct on its own: constant offsets from 0, no cursor.
  const fixedEncode = (): string[] => {
    const g = new FnGen(env, name, undefined);
    const out = [`const $t = ${env.rt("allocPacket")}(${fixed});`];
    writeFixedAt(g, self, "value", { base: "0", k: 0 }, [], out);
    return [...out, "return $t;"];
  };
  const fixedDecode = (): string[] => {
    const g = new FnGen(env, name, undefined);
    const out = [
      `if (bytes.length < ${fixed}) throw ${env.rt("truncated")}(${name}, "", 0, ${fixed}, bytes.length);`,
      `if (bytes.length > ${fixed}) throw ${env.rt("trailingBytes")}(${name}, ${fixed}, bytes.length);`,
      "const $t = bytes;",
    ];
    const value = readFixedAt(g, self, { base: "0", k: 0 }, [], out);
    return [...out, `return ${value};`];
  };
  return [
    ...layoutInterfaces(spec, env),
    sizeFunction(spec, env),
    writeFunction(spec, env),
    readFunction(spec, env),
    {
      kind: StructureKind.Function,
      name: plan.encode,
      isExported: true,
      docs: docs(`Encodes a ${s.name} on its own (without a packet header). Throws EncodeError when a value does not fit.`),
      parameters: [{ name: "value", type: l.init }],
      returnType: "Uint8Array",
      statements:
        fixed !== undefined
          ? fixedEncode()
          : [
              `const bytes = ${env.rt("allocPacket")}(${l.size}(value));`,
              `const end = ${l.write}(bytes, 0, value);`,
              `if (end !== bytes.length) throw ${env.rt("sizeChanged")}(${name}, bytes.length, end);`,
              `return bytes;`,
            ],
    },
    {
      kind: StructureKind.Function,
      name: plan.decode,
      isExported: true,
      docs: docs(`Decodes a ${s.name} that fills \`bytes\` exactly. \`bytes\` fields of the result are views into \`bytes\` (copy them to keep them beyond its lifetime). Throws DecodeError.`),
      parameters: [{ name: "bytes", type: "Uint8Array" }],
      returnType: l.type,
      statements:
        fixed !== undefined
          ? fixedDecode()
          : decodeWhole(env, "bytes", l.read, name, undefined, undefined),
    },
  ];
}
