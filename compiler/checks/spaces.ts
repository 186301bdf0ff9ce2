/**
 * Box spaces: a space's number, its tuple's fields (each behind its BER length, as Box stores it), an
 * optional tail repeated to the tuple's end, and its indexes with their typed parts. Reports E0801–E0809
 * and, for duplicate field names, E0202. The checks follow what Tarantool 1.5 accepts in its
 * configuration: index 0 is unique, a HASH index is unique with one part, key parts are NUM (32-bit),
 * NUM64 (64-bit) or STR (bytes).
 */
import { boxKeyType } from "../model/box-key-type.js";
import type * as A from "../ast/ast.js";
import type * as M from "../model/model.js";
import { intTypeName } from "../model/wire.js";
import type { CheckContext, DeclSymbol, Mutable } from "./context.js";
import { checkExpr } from "./expressions.js";
import { FieldScope } from "./field-scope.js";
import type { FileScope } from "./scope.js";
import { didYouMean } from "./suggest.js";
import { resolveType } from "./types.js";

type SpaceSymbol = Extract<DeclSymbol, { kind: "space" }>;

/** Index numbers Tarantool 1.5 accepts (`BOX_INDEX_MAX`). */
const MAX_INDEXES = 10;

export function checkSpace(ctx: CheckContext, symbol: SpaceSymbol): void {
  const { ast, model } = symbol;
  const scope = symbol.file.scope;
  if (!scope) return;
  model.no = constantNumber(ctx, ast.number, scope, "a space number", 0xffff_ffffn, "E0801") ?? -1;
  const fieldDecls: A.FieldDecl[] = [];
  let tail: A.TailDecl | undefined;
  for (const item of ast.items) {
    if (item.kind === "field") {
      if (tail) ctx.diagnostics.error("E0804", "a space's fields come before its `tail`: the tail repeats to the end of the tuple", item.span, [{ message: "the tail is here", span: tail.span }]);
      else fieldDecls.push(item);
    } else if (item.kind === "tail") {
      if (tail) ctx.diagnostics.error("E0804", "a space has one `tail`", item.span, [{ message: "the first is here", span: tail.span }]);
      else tail = item;
    }
  }
  const names = new Map<string, A.FieldDecl>();
  model.fields = fields(ctx, fieldDecls, scope, names);
  if (tail) {
    const tailFields = tail.items.filter((i): i is A.FieldDecl => i.kind === "field");
    for (const pad of tail.items.filter((i) => i.kind === "pad")) ctx.diagnostics.error("E0803", "a tuple has no padding: every field is a value behind its length", pad.span);
    if (tailFields.length === 0 && tail.items.length === 0) ctx.diagnostics.error("E0804", "an empty `tail` repeats nothing: give it a field, or remove it", tail.span);
    model.tail = fields(ctx, tailFields, scope, names);
  }
  model.indexes = indexes(ctx, ast, model, scope);
}

/** Two spaces of the program with one number: the server has one space per number. */
export function checkSpaceNumbers(ctx: CheckContext): void {
  const byNumber = new Map<number, SpaceSymbol>();
  for (const file of ctx.files) {
    for (const symbol of file.symbols) {
      if (symbol.kind !== "space" || symbol.model.no < 0) continue;
      const first = byNumber.get(symbol.model.no);
      if (first) {
        ctx.diagnostics.error("E0802", `space number ${symbol.model.no} is already space \`${first.model.name}\``, symbol.ast.number.span, [
          { message: "declared here", span: first.ast.name.span },
        ]);
      } else byNumber.set(symbol.model.no, symbol);
    }
  }
}

function fields(ctx: CheckContext, decls: readonly A.FieldDecl[], scope: FileScope, names: Map<string, A.FieldDecl>): M.SpaceFieldModel[] {
  const out: M.SpaceFieldModel[] = [];
  for (const decl of decls) {
    const name = decl.name.name;
    const first = names.get(name);
    if (first) {
      ctx.diagnostics.error("E0202", `duplicate field \`${name}\` in a space`, decl.name.span, [{ message: "first declared here", span: first.name.span }]);
      continue;
    }
    if (name !== "") names.set(name, decl);
    const type = tupleFieldType(ctx, decl, scope);
    if (type) out.push({ name, doc: decl.doc?.text, no: out.length, type, span: decl.span });
  }
  return out;
}

/** What holds the field, for messages, and the code its type errors get: a space's E0803, a procedure's E0812. */
export interface TupleFieldRole {
  readonly what: string;
  readonly code: "E0803" | "E0812";
  /** What ends the suggested declaration: `;` in a space, nothing in a procedure's parentheses. */
  readonly end: string;
}

const SPACE_FIELD: TupleFieldRole = { what: "a space field", code: "E0803", end: ";" };

/**
 * The type of one field of a Box tuple (a space's, or a procedure's argument or result): `u32` is Box's
 * `w/a*` of `V`, resolved as `u32<varint>`; `string` as `string<varint>`.
 */
export function tupleFieldType(ctx: CheckContext, decl: A.FieldDecl, scope: FileScope, role: TupleFieldRole = SPACE_FIELD): M.SpaceFieldModel["type"] | undefined {
  const { what: holder, code } = role;
  const ref = decl.type;
  const extra = ref.length ?? ref.counts[0] ?? decl.condition ?? decl.value;
  if (extra) {
    const what = ref.length ? "length spec (its length is the BER prefix Box keeps)" : ref.counts.length > 0 ? "array count" : decl.condition ? "condition" : "value";
    ctx.diagnostics.error(code, `${holder} takes no ${what}: write \`${decl.name.name}: ${ref.base.text}${role.end}\``, extra.span);
    return undefined;
  }
  const span = ref.base.span;
  const varint: A.QualifiedName = { kind: "qualifiedName", parts: [{ kind: "identifier", name: "varint", span }], text: "varint", span };
  const prefixed: A.TypeRef = { ...ref, length: { kind: "lengthSpec", arg: varint, padding: undefined, span } };
  if (ref.base.text === "varint") {
    ctx.diagnostics.error(code, `${holder} has a fixed width or is a string or bytes; \`varint\` has neither`, span);
    return undefined;
  }
  const type = resolveType(ctx, prefixed, { scope, fields: new FieldScope(), repr: decl.repr, onLengthField: () => {} });
  if (type === undefined) return undefined;
  if (type.kind === "struct") {
    ctx.diagnostics.error(code, `${holder} is an integer, a float, an enum, flags, a string or bytes; \`${ref.base.text}\` is a struct`, span);
    return undefined;
  }
  if (type.kind !== "prefixed" && type.kind !== "string" && type.kind !== "bytes") return undefined;
  return type;
}

function indexes(ctx: CheckContext, ast: A.SpaceDecl, model: Mutable<M.SpaceModel>, scope: FileScope): M.IndexModel[] {
  const out: M.IndexModel[] = [];
  const byNumber = new Map<number, A.IndexDecl>();
  const byName = new Map<string, A.IndexDecl>();
  // Every field written, those whose type failed too: a part naming one is no unknown name.
  const declared = ast.items.filter((i): i is A.FieldDecl => i.kind === "field").map((f) => f.name.name);
  for (const decl of ast.items) {
    if (decl.kind !== "index") continue;
    const no = constantNumber(ctx, decl.number, scope, "an index number", BigInt(MAX_INDEXES - 1), "E0805");
    const sameName = byName.get(decl.name.name);
    if (sameName) ctx.diagnostics.error("E0805", `index \`${decl.name.name}\` is declared twice`, decl.name.span, [{ message: "first declared here", span: sameName.name.span }]);
    else byName.set(decl.name.name, decl);
    if (no !== undefined) {
      const same = byNumber.get(no);
      if (same) ctx.diagnostics.error("E0805", `index number ${no} is already index \`${same.name.name}\``, decl.number.span, [{ message: "declared here", span: same.name.span }]);
      else byNumber.set(no, decl);
    }
    const shape = indexShape(ctx, decl);
    const parts = indexParts(ctx, decl, model, declared);
    if (no === undefined || !shape || !parts) continue;
    if (shape.kind === "hash" && (!shape.unique || parts.length !== 1)) {
      ctx.diagnostics.error("E0809", "a HASH index is unique and has one part in Tarantool 1.5: make it `tree`, or `hash unique` on one field", decl.span);
    }
    if (no === 0 && !shape.unique) ctx.diagnostics.error("E0809", "index 0 is the primary key: it must be `unique`", decl.span);
    out.push({ name: decl.name.name, doc: decl.doc?.text, no, kind: shape.kind, unique: shape.unique, parts, span: decl.span });
  }
  if (!byNumber.has(0) && ast.name.name !== "") {
    ctx.diagnostics.error("E0809", `space \`${ast.name.name}\` needs its primary key: \`index primary = 0 tree unique (field);\``, ast.name.span);
  }
  for (let no = 1; no < MAX_INDEXES; no++) {
    const decl = byNumber.get(no);
    if (decl && !byNumber.has(no - 1)) ctx.diagnostics.error("E0805", `index numbers run from 0 without gaps: there is no index ${no - 1}`, decl.number.span);
  }
  return out.sort((a, b) => a.no - b.no);
}

function indexShape(ctx: CheckContext, decl: A.IndexDecl): { kind: "hash" | "tree"; unique: boolean } | undefined {
  let kind: "hash" | "tree" | undefined;
  let unique = false;
  let ok = true;
  for (const word of decl.words) {
    if (word.name === "hash" || word.name === "tree") {
      if (kind) {
        ctx.diagnostics.error("E0806", `an index is either \`hash\` or \`tree\`, once`, word.span);
        ok = false;
      }
      kind = word.name;
    } else if (word.name === "unique" && !unique) unique = true;
    else {
      ctx.diagnostics.error("E0806", `unknown index word \`${word.name}\`: an index is \`tree\` or \`hash\`, and may be \`unique\`${didYouMean(word.name, ["tree", "hash", "unique"])}`, word.span);
      ok = false;
    }
  }
  if (!kind && ok) ctx.diagnostics.error("E0806", "say the index's kind: `tree` (ordered: ranges, prefixes of multi-part keys) or `hash` (unique, one part)", decl.name.span);
  return ok && kind ? { kind, unique } : undefined;
}

function indexParts(ctx: CheckContext, decl: A.IndexDecl, model: M.SpaceModel, declared: readonly string[]): M.IndexPartModel[] | undefined {
  const parts: M.IndexPartModel[] = [];
  const seen = new Set<string>();
  let ok = true;
  for (const part of decl.parts) {
    const field = model.fields.find((f) => f.name === part.name);
    if (!field && declared.includes(part.name)) {
      ok = false; // its type was reported
      continue;
    }
    if (!field) {
      const inTail = model.tail.some((f) => f.name === part.name);
      const why = inTail
        ? `\`${part.name}\` is a tail field: it repeats, and a key part is one field of the tuple`
        : `no field \`${part.name}\` in this space${didYouMean(part.name, declared)}`;
      ctx.diagnostics.error("E0807", why, part.span);
      ok = false;
      continue;
    }
    if (seen.has(part.name)) {
      ctx.diagnostics.error("E0807", `\`${part.name}\` is already a part of this index`, part.span);
      ok = false;
      continue;
    }
    seen.add(part.name);
    const type = boxKeyType(field.type);
    if (!type) {
      ctx.diagnostics.error("E0808", `a key part is a 32-bit integer (NUM), a 64-bit integer (NUM64), a string or bytes (STR); \`${part.name}\` is ${valueName(field.type)}`, part.span, [
        { message: `\`${part.name}\` is declared here`, span: field.span },
      ]);
      ok = false;
      continue;
    }
    parts.push({ field, type });
  }
  return ok ? parts : undefined;
}

function valueName(type: M.SpaceFieldModel["type"]): string {
  if (type.kind !== "prefixed") return type.kind;
  const v = type.value;
  if (v.kind === "float") return `f${v.bits}`;
  if (v.kind === "int") return intTypeName(v);
  const backing = v.kind === "enum" ? v.enum.backing : v.flags.backing;
  return `${v.kind} \`${v.kind === "enum" ? v.enum.name : v.flags.name}\` over ${intTypeName(backing)}`;
}

function constantNumber(ctx: CheckContext, expr: A.Expr, scope: FileScope, what: string, max: bigint, code: "E0801" | "E0805"): number | undefined {
  const value = checkExpr(ctx, expr, { scope, fields: undefined, request: undefined, constantFor: what }).constant;
  if (value === undefined) return undefined;
  if (typeof value !== "bigint" || value < 0n || value > max) {
    const found = typeof value === "bigint" ? String(value) : typeof value === "string" ? "a string" : "a boolean";
    ctx.diagnostics.error(code, `${what} is an integer between 0 and ${max}, found ${found}`, expr.span);
    return undefined;
  }
  return Number(value);
}
