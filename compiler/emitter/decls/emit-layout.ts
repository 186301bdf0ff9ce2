/**
 * The declarations every layout (struct, request, response, envelope) turns into: its decoded and init
 * interfaces, and its size, write and read functions.
 */
import { type FunctionDeclarationStructure, type InterfaceDeclarationStructure, StructureKind } from "../print/structures.js";
import type { FieldModel, LayoutItem } from "../../model/model.js";
import { EncodeValues } from "../codec/encode-values.js";
import { FnGen, type ModuleEnv } from "../codec/fn.js";
import { readLayout } from "../codec/read.js";
import { sizeCode, sizeLayout, sizeValue } from "../codec/size.js";
import { tsType } from "../codec/ts-types.js";
import { writeLayout } from "../codec/write.js";
import type { LayoutNames } from "../plan/plan.js";
import { docs, fixedOffsets, wireDoc } from "./docs.js";

export interface LayoutSpec {
  readonly items: readonly LayoutItem[];
  readonly names: LayoutNames;
  /**
   * String literal naming the layout in errors, e.g. `"SelectResponse"`; or `$n`, a parameter the
   * functions then take last (a message's codec, shared by every message of the same layout).
   */
  readonly errName: string;
  /** "in the body", "after the envelope", "in the struct". */
  readonly where: string;
  /** The request init type, when the layout's conditions read request fields. */
  readonly requestType: string | undefined;
  /**
   * The enclosing layout and its init type, when this one's conditions read its fields (an error block
   * reading its envelope's): its encoders then take that layout's values too, as `$h`.
   */
  readonly outer?: { readonly items: readonly LayoutItem[]; readonly init: string } | undefined;
  readonly recursive: boolean;
  readonly doc: string | undefined;
  /**
   * Whether other generated modules may call the layout's `$size`/`$write`/`$read` (a struct's, an
   * envelope's): then they are exported and `@internal`; a message's stay private to its module.
   */
  readonly shared: boolean;
  /** What the decoded and init interfaces are for, after the schema's doc (`@internal` for an envelope's). */
  readonly about: { readonly value: string; readonly init: string };
}

/** Marks a declaration generated modules share but users should not: exported, and `@internal`. */
export const INTERNAL = "@internal";

function helperExport(spec: LayoutSpec): { isExported: boolean; docs: { description: string }[] } {
  return spec.shared ? { isExported: true, docs: docs(INTERNAL) } : { isExported: false, docs: [] };
}

/** "Wire name `user_id`." where the property is spelled otherwise (camelCase names). */
function wireName(f: FieldModel, env: ModuleEnv): string | undefined {
  return env.prop(f.name) === f.name ? undefined : `Wire name \`${f.name}\`.`;
}

function fields(items: readonly LayoutItem[]): FieldModel[] {
  return items.filter((i): i is FieldModel => i.kind === "field");
}

export function layoutInterfaces(spec: LayoutSpec, env: ModuleEnv): InterfaceDeclarationStructure[] {
  const offsets = fixedOffsets(spec.items);
  const value: InterfaceDeclarationStructure = {
    kind: StructureKind.Interface,
    name: spec.names.type,
    isExported: true,
    // A one-line schema doc and the interface's role share a line: two short paragraphs would take five.
    docs: spec.doc !== undefined && !spec.doc.trim().includes("\n") ? docs(`${spec.doc.trim()} ${spec.about.value}`) : docs(spec.doc, spec.about.value),
    properties: fields(spec.items).map((f) => ({
      name: env.prop(f.name),
      type: `${tsType(f.type, "value", env)}${f.condition !== undefined ? " | undefined" : ""}`,
      docs: docs(f.doc, wireName(f, env) === undefined ? wireDoc(f, offsets.get(f), spec.where) : wireDoc(f, offsets.get(f), spec.where).replace(/^Wire:/, `Wire name \`${f.name}\`:`)),
    })),
  };
  const init: InterfaceDeclarationStructure = {
    kind: StructureKind.Interface,
    name: spec.names.init,
    isExported: true,
    docs: docs(spec.about.init),
    properties: fields(spec.items).map((f) => {
      const optional = f.condition !== undefined || f.role.kind !== "value" || f.defaultValue !== undefined;
      return {
        name: env.prop(f.name),
        hasQuestionToken: optional,
        isReadonly: true,
        type: `${tsType(f.type, "init", env)}${f.condition !== undefined ? " | undefined" : ""}`,
        docs: docs(f.doc, wireName(f, env)),
      };
    }),
  };
  return [value, init];
}

function requestParam(spec: LayoutSpec): { name: string; type: string }[] {
  return [...(spec.requestType === undefined ? [] : [{ name: "$r", type: spec.requestType }]), ...nameParam(spec)];
}

/** The layout's name in errors, when the caller passes it (see LayoutSpec.errName). */
function nameParam(spec: LayoutSpec): { name: string; type: string }[] {
  return spec.errName === NAME_PARAM ? [{ name: NAME_PARAM, type: "string" }] : [];
}

export const NAME_PARAM = "$n";

/** What the encoders take besides the layout's own values: the outer layout's, then the request. */
function encoderParams(spec: LayoutSpec): { name: string; type: string }[] {
  return [...(spec.outer === undefined ? [] : [{ name: "$h", type: spec.outer.init }]), ...requestParam(spec)];
}

function encodeValues(g: FnGen, spec: LayoutSpec): EncodeValues {
  return new EncodeValues(g, spec.items, "$v", sizer(g), spec.outer && { items: spec.outer.items, obj: "$h" });
}

export function readFunction(spec: LayoutSpec, env: ModuleEnv): FunctionDeclarationStructure {
  const g = new FnGen(env, spec.errName, spec.requestType === undefined ? undefined : "$r");
  const body: string[] = [];
  if (spec.recursive) {
    body.push(`if (++$c.depth > ${g.rt("MAX_DECODE_DEPTH")}) throw ${g.rt("tooDeep")}(${spec.errName}, "", $p);`);
  }
  readLayout(g, spec.items, "$end", [], body);
  body.push(`$c.pos = $p;`);
  if (spec.recursive) body.push(`$c.depth--;`);
  const props = fields(spec.items).map((f) => {
    const local = g.fieldVars.get(f)!;
    return env.prop(f.name) === local ? local : `${env.prop(f.name)}: ${local}`;
  });
  body.push(props.length === 0 ? "return {};" : `return { ${props.join(", ")} };`);
  return {
    kind: StructureKind.Function,
    name: spec.names.read,
    ...helperExport(spec),
    parameters: [
      { name: "$t", type: "Uint8Array" },
      { name: "$p", type: "number" },
      { name: "$end", type: "number" },
      { name: "$c", type: env.rtType("DecodeCursor") },
      ...requestParam(spec),
    ],
    returnType: spec.names.type,
    statements: body,
  };
}

function sizer(g: FnGen) {
  return (field: FieldModel, value: string, out: string[]): string => sizeCode(sizeValue(g, field.type, value, out));
}

export function sizeFunction(spec: LayoutSpec, env: ModuleEnv): FunctionDeclarationStructure {
  const g = new FnGen(env, spec.errName, spec.requestType === undefined ? undefined : "$r");
  const vals = encodeValues(g, spec);
  const body: string[] = [];
  const total = sizeLayout(g, spec.items, vals, body);
  const pre = vals.declarations();
  const constant = pre.length === 0 && body.length === 1 ? /^let \S+ = (\d+);$/.exec(body[0]!) : null;
  return {
    kind: StructureKind.Function,
    name: spec.names.size,
    ...helperExport(spec),
    parameters: [{ name: "$v", type: spec.names.init }, ...encoderParams(spec)],
    returnType: "number",
    statements: constant ? [`return ${constant[1]};`] : [...pre, ...body, `return ${total};`],
  };
}

export function writeFunction(spec: LayoutSpec, env: ModuleEnv): FunctionDeclarationStructure {
  const g = new FnGen(env, spec.errName, spec.requestType === undefined ? undefined : "$r");
  const vals = encodeValues(g, spec);
  const body: string[] = [];
  writeLayout(g, spec.items, vals, [], body);
  return {
    kind: StructureKind.Function,
    name: spec.names.write,
    ...helperExport(spec),
    parameters: [{ name: "$t", type: "Uint8Array" }, { name: "$p", type: "number" }, { name: "$v", type: spec.names.init }, ...encoderParams(spec)],
    returnType: "number",
    statements: [...vals.declarations(), ...body, `return $p;`],
  };
}
