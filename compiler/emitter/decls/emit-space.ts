/**
 * A Box `space` → its typed client. The tuple (and a long tuple's tail group) are ordinary structs
 * (model/space-layout.ts), so their encoders and decoders are the unrolled code of any struct; this file
 * adds what the runtime's Box operations take (runtime/box/space/types.ts): the tuple codec, a key codec
 * and key type per index, the update operations and their codec, and `<Space>Space`, a `BoxSpace` with
 * the space's number and codecs fixed and one `selectBy<Index>` per index.
 */
import { namedIn } from "../print/scan.js";
import type { Statement } from "../print/structures.js";
import type { IndexModel, SpaceFieldModel, SpaceModel, StructModel } from "../../model/model.js";
import { pascalCase, spaceLayouts, TAIL_FIELD } from "../../model/space-layout.js";
import { fixedWidth } from "../../model/wire.js";
import { FnGen } from "../codec/fn.js";
import { sizeCode, sizeValue } from "../codec/size.js";
import { tsType } from "../codec/ts-types.js";
import { writeValue } from "../codec/write-value.js";
import type { FileNames, SpaceNames } from "../plan/plan.js";
import type { DeclEnv } from "./decl-env.js";
import { docText } from "./docs.js";
import { emitStruct } from "./emit-decls.js";
import { keyTypeOf, spaceDescriptor } from "./space-descriptor.js";

/** A TSDoc block for raw statements. */
export function comment(...paragraphs: (string | undefined)[]): string {
  const text = docText(...paragraphs);
  return text === undefined ? "" : `/**\n${text.split("\n").map((l) => ` *${l === "" ? "" : ` ${l}`}`).join("\n")}\n */\n`;
}

/** `selectBy<Index>`: an index called `by_name` gives `selectByName`, not `selectByByName`. */
export function selectMethod(index: IndexModel): string {
  return `selectBy${pascalCase(index.name.replace(/^by_(?=.)/, ""))}`;
}

export function emitSpace(space: SpaceModel, plan: FileNames, env: DeclEnv): Statement[][] {
  const names = plan.spaces.get(space)!;
  const layouts = spaceLayouts(space);
  const groups: Statement[][] = [];
  if (layouts.tail !== undefined) groups.push(emitStruct(layouts.tail, plan.structs.get(layouts.tail)!, env));
  groups.push(emitStruct(layouts.tuple, plan.structs.get(layouts.tuple)!, env));
  groups.push([tupleCodec(space, names, env), ...space.indexes.flatMap((i) => keyCodec(space, i, names, env)), ...updateCodec(space, names, env), spaceClass(space, names, env)]);
  return groups;
}

function tupleCodec(space: SpaceModel, names: SpaceNames, env: DeclEnv): string {
  const about = `The tuple codec of space ${space.name} (runtime/box/space): the generated struct code plus the tuple's cardinality.`;
  return tupleCodecConst(names.tupleCodec, space.name, spaceLayouts(space).tuple, space.fields.length, space.tail.length, about, env);
}

/** A `TupleCodec` over a tuple struct's generated code: `n` fields, then groups of `k` to the end. */
export function tupleCodecConst(constName: string, label: string, struct: StructModel, n: number, k: number, about: string, env: DeclEnv): string {
  const tuple = env.struct(struct);
  const name = JSON.stringify(label);
  const tail = env.prop(TAIL_FIELD);
  const count = k === 0 ? `() => ${n}` : `(t) => ${n} + ${k === 1 ? "" : `${k} * `}t.${tail}.length`;
  const check =
    k === 0
      ? ""
      : `if (v.${tail}.length !== tails) throw ${env.rt("badValue")}(${name}, "${tail}", p, \`a tuple of \${cardinality} fields holds \${tails} tail groups, its bytes \${v.${tail}.length}\`);\n`;
  return `${comment(about, "@internal")}export const ${constName}: ${env.rtType("TupleCodec")}<${tuple.type}, ${tuple.init}> = {
  name: ${name},
  fieldCount: ${n},
  tailWidth: ${k},
  count: ${count},
  size: ${tuple.size},
  write: ${tuple.write},
  read(body, p, end, cardinality, c) {
    ${k === 0 ? "" : "const tails = "}${env.rt("checkCardinality")}(${constName}, cardinality, p);
    const v = ${tuple.read}(body, p, end, c);
    ${check}return v;
  },
};`;
}

/** A key part's value type; parts after the first are optional in a TREE index's key (a prefix). */
function keyType(space: SpaceModel, index: IndexModel, env: DeclEnv): string {
  const prefix = index.kind === "tree";
  const parts = index.parts.map((p, i) => `${env.prop(p.field.name)}${prefix && i > 0 ? "?" : ""}: ${tsType(p.field.type, "init", env)}`);
  return `readonly [${parts.join(", ")}]`;
}

function keyCodec(space: SpaceModel, index: IndexModel, names: SpaceNames, env: DeclEnv): string[] {
  const key = names.keys.get(index)!;
  const label = `${space.name}.${index.name}`;
  const prefix = index.kind === "tree";
  const sizeG = new FnGen(env, JSON.stringify(label), undefined);
  const writeG = new FnGen(env, JSON.stringify(label), undefined);
  const size: string[] = [];
  const write: string[] = [];
  let constant = 0;
  index.parts.forEach((part, i) => {
    const value = `k[${i}]${i > 0 && prefix ? "!" : ""}`;
    const path = [part.field.name];
    const s: string[] = [];
    const w: string[] = [];
    const z = sizeValue(sizeG, part.field.type, value, s);
    writeValue(writeG, part.field.type, value, path, w);
    const guarded = i > 0 && prefix;
    if (!guarded && fixedWidth(part.field.type) !== undefined) constant += z.k;
    else s.push(`$size += ${sizeCode(z)};`);
    size.push(...(guarded ? [`if (k.length > ${i}) {`, ...s, "}"] : s));
    write.push(...(guarded ? [`if (k.length > ${i}) {`, ...w, "}"] : w));
  });
  const parts = index.parts.map((p) => `${p.field.name} (${keyTypeOf(p.field)})`).join(", ");
  const about = `${index.unique ? "unique" : "not unique"} ${index.kind.toUpperCase()} index ${index.no} of ${space.name}: ${parts}`;
  return [
    `${comment(index.doc, `A key of the ${about}.${prefix && index.parts.length > 1 ? " A prefix of it selects a range." : ""}`)}export type ${key.type} = ${keyType(space, index, env)};`,
    `${comment(`Encodes keys of the ${about}.`, "@internal")}export const ${key.codec}: ${env.rtType("KeyCodec")}<${key.type}> = {
  name: ${JSON.stringify(label)},
  index: ${index.no},
  parts: ${index.parts.length},
  prefix: ${prefix},
  size(${namedIn(size.join("\n"), "k") ? "k" : "_k"}) {
    let $size = ${constant};
    ${size.join("\n")}
    return $size;
  },
  write($t, $p, k) {
    ${write.join("\n")}
    return $p;
  },
};`,
  ];
}

/** Integer fields of 4 or 8 bytes: Tarantool 1.5's arithmetic (add, and, or, xor) works on NUM and NUM64 only. */
function arithmetic(f: SpaceFieldModel): boolean {
  const v = f.type.kind === "prefixed" ? f.type.value : undefined;
  const int = v?.kind === "int" ? v : v?.kind === "enum" ? v.enum.backing : v?.kind === "flags" ? v.flags.backing : undefined;
  return int !== undefined && (int.bits === 32 || int.bits === 64);
}

function updateCodec(space: SpaceModel, names: SpaceNames, env: DeclEnv): string[] {
  const { type, codec } = names.update;
  const label = JSON.stringify(space.name);
  const field = (f: SpaceFieldModel): string => JSON.stringify(env.prop(f.name));
  const variants = space.fields.flatMap((f) => {
    const ops = ['"set"', '"insert"', ...(arithmetic(f) ? ['"add"', '"and"', '"or"', '"xor"'] : [])];
    const v = [`{ readonly field: ${field(f)}; readonly op: ${ops.join(" | ")}; readonly value: ${tsType(f.type, "init", env)} }`];
    if (f.type.kind === "string" || f.type.kind === "bytes") v.push(`{ readonly field: ${field(f)}; readonly op: "splice"; readonly offset: number; readonly length: number; readonly text: string }`);
    return v;
  });
  variants.push(`{ readonly field: ${space.fields.map(field).join(" | ")}; readonly op: "delete" }`);
  // Keys unquoted when every one can be (prettier's quoteProps "as-needed").
  const bare = space.fields.every((f) => /^[A-Za-z_$][\w$]*$/.test(env.prop(f.name)));
  const numbers = space.fields.map((f) => `${bare ? env.prop(f.name) : field(f)}: ${f.no}`).join(", ");
  const sizeG = new FnGen(env, label, undefined);
  const writeG = new FnGen(env, label, undefined);
  const sizeCases: string[] = [];
  const writeCases: string[] = [];
  for (const f of space.fields) {
    const splice = f.type.kind === "string" || f.type.kind === "bytes";
    const s: string[] = [];
    const z = sizeValue(sizeG, f.type, "u.value", s);
    // The union type allows only these; plain JavaScript may pass anything, refused before it is sent.
    const ops = ["set", "insert", ...(arithmetic(f) ? ["add", "and", "or", "xor"] : [])];
    const allowed = ops.map((o) => `u.op !== "${o}"`).join(" && ");
    const refuse = `if (${allowed}) throw ${env.rt("outOfRange")}(${label}, ${JSON.stringify(f.name)}, (u as { op: unknown }).op, "an update of ${f.name}");`;
    sizeCases.push(`case ${field(f)}: {`, ...(splice ? [`if (u.op === "splice") return 5 + ${env.rt("spliceSize")}(u.text);`] : []), refuse, ...s, `return 5 + ${sizeCode(z)};`, "}");
    const w: string[] = [];
    writeValue(writeG, f.type, "u.value", [f.name], w);
    writeCases.push(`case ${field(f)}: {`, ...(splice ? [`if (u.op === "splice") return ${env.rt("writeSplice")}($t, $p, ${label}, u.offset, u.length, u.text);`] : []), ...w, "return $p;", "}");
  }
  return [
    `${comment(`An UPDATE operation on a field of ${space.name}: set or insert a value of the field's type; add, and, or, xor on 32- and 64-bit integer fields (with the field's width); splice a string or bytes field; delete a field. Fields of the tail are not addressed by name.`)}export type ${type} =\n  | ${variants.join("\n  | ")};`,
    `${comment(`Encodes UPDATE operations of ${space.name}: field number, op code, argument (BER length + bytes).`, "@internal")}export const ${codec}: ${env.rtType("UpdateCodec")}<${type}> = {
  name: ${label},
  size(u) {
    if (u.op === "delete") return 6;
    switch (u.field) {
      ${sizeCases.join("\n")}
      default:
        throw ${env.rt("outOfRange")}(${label}, "field", (u as { field: unknown }).field, "a field of ${space.name} an update can name");
    }
  },
  write($t, $p, u) {
    $p = ${env.rt("writeUpdateHead")}($t, $p, { ${numbers} }[u.field], u.op);
    if (u.op === "delete") {
      $t[$p] = 0;
      return $p + 1;
    }
    switch (u.field) {
      ${writeCases.join("\n")}
    }
  },
};`,
  ];
}

function spaceClass(space: SpaceModel, names: SpaceNames, env: DeclEnv): string {
  const tuple = env.struct(spaceLayouts(space).tuple);
  const primary = names.keys.get(space.indexes[0]!)!;
  const used = new Set<string>();
  const selects = space.indexes.map((index) => {
    let method = selectMethod(index);
    while (used.has(method)) method += "_";
    used.add(method);
    const key = names.keys.get(index)!;
    const parts = index.parts.map((p) => p.field.name).join(", ");
    return `${comment(index.doc, `The tuples matching any of \`keys\` in index ${index.name} (${index.kind.toUpperCase()}, ${index.unique ? "unique" : "not unique"}: ${parts}), in its order, after \`offset\`, at most \`limit\`.`)}${method}(keys: readonly ${key.type}[], options?: ${env.rtType("BoxSelectOptions")}<TOptions>): Promise<${tuple.type}[]> {
    return this.select(${key.codec}, keys, options);
  }`;
  });
  return `${comment(space.doc, `Box space ${space.name} (number ${space.no}): every Box operation with typed tuples, keys and updates (insert, add, replace, select, get, update, delete — runtime/box/space, \`BoxSpace\`), over any runtime client with \`send\`.`)}export class ${names.client}<TOptions = unknown> extends ${env.rt("BoxSpace")}<${tuple.type}, ${tuple.init}, ${primary.type}, ${names.update.type}, TOptions> {
  /** The space as the schema declares it: number, fields, indexes (what \`MemoryBox\` is configured with). */
  static readonly descriptor: ${env.rtType("SpaceDescriptor")} = ${spaceDescriptor(space, env)};

  constructor(sender: ${env.rtType("IProtoSender")}<TOptions>) {
    super(sender, ${space.no}, ${names.tupleCodec}, ${primary.codec}, ${names.update.codec});
  }

  ${selects.join("\n\n")}
}`;
}
