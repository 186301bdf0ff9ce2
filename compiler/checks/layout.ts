/**
 * One layout (a struct's, a request's, a response's, an envelope's or its error block's): fields and pads
 * in order. Resolves each field's type, condition and default, and gives fields their roles: a field named
 * by a later length or count is a length field; `= sizeof(x)` makes a sizeof field. Reports duplicate
 * names (E0202), bad pads (E0515), conditions (E0411) and role conflicts (E0506-E0511). Checks that need
 * every struct's layout run later over the recorded layout (layout-shape.ts).
 */
import type * as A from "../ast/ast.js";
import type * as M from "../model/model.js";
import { propertyName } from "../model/property-names.js";
import type { CheckContext, LayoutRecord, Mutable } from "./context.js";
import { checkDefault } from "./defaults.js";
import { checkEncodeOrder } from "./encode-order.js";
import { checkExpr, type ExprEnv } from "./expressions.js";
import { FieldScope } from "./field-scope.js";
import type { FileScope } from "./scope.js";
import { sameExpr } from "./same-expr.js";
import { didYouMean } from "./suggest.js";
import { MAX_FIXED, resolveType } from "./types.js";
import { placeholderField } from "./symbols.js";

export interface LayoutOptions {
  readonly scope: FileScope;
  /** "struct `Tuple`", "the response of `Select`": for messages. */
  readonly what: string;
  /** The request's fields, in a response layout. */
  readonly request?: FieldScope | undefined;
  /** Fields visible from an enclosing layout (an error block sees its envelope's fields). */
  readonly outer?: FieldScope | undefined;
  readonly isEnvelopeHead?: boolean;
}

export interface BuiltLayout {
  readonly record: LayoutRecord;
  /** The layout's fields by name, every one visible (for `retry_when`, `request.x` and keys). */
  readonly fields: FieldScope;
}

/** Two fields of one layout that generated code would give the same property (`user_id`, `userId` under camel naming): E0212. */
function checkPropertyNames(ctx: CheckContext, fields: ReadonlyMap<string, A.FieldDecl>, what: string): void {
  const byProperty = new Map<string, A.FieldDecl>();
  for (const [name, field] of fields) {
    const property = propertyName(name, ctx.naming);
    const first = byProperty.get(property);
    if (first === undefined) {
      byProperty.set(property, field);
      continue;
    }
    ctx.diagnostics.error(
      "E0212",
      `fields \`${first.name.name}\` and \`${name}\` of ${what} both become the property \`${property}\` in generated code (camelCase names); rename one, or generate with \`--names keep\``,
      field.name.span,
      [{ message: `\`${first.name.name}\` is declared here`, span: first.name.span }],
    );
  }
}

export function buildLayout(ctx: CheckContext, items: readonly A.LayoutItem[], options: LayoutOptions): BuiltLayout {
  const fields = new FieldScope(options.outer);
  const firstByName = new Map<string, A.FieldDecl>();
  items.forEach((item, position) => {
    if (item.kind !== "field" || item.name.name === "") return;
    const name = item.name.name;
    const first = firstByName.get(name);
    if (first || options.outer?.has(name)) {
      const related = first ? [{ message: "first declared here", span: first.name.span }] : [];
      const where = first ? options.what : `${options.what} (its envelope already has one)`;
      ctx.diagnostics.error("E0202", `duplicate field \`${name}\` in ${where}`, item.name.span, related);
      return;
    }
    firstByName.set(name, item);
    fields.declare(name, position);
  });
  checkPropertyNames(ctx, firstByName, options.what);

  const models: M.LayoutItem[] = [];
  const measures = new Map<Mutable<M.FieldModel>, M.FieldModel[]>();
  const sizeofs: Array<{ field: Mutable<M.FieldModel>; ast: A.FieldDecl; target: A.Identifier; position: number }> = [];
  const positionOf = new Map<M.FieldModel, number>();
  const astOf = new Map<M.FieldModel, A.FieldDecl>();

  items.forEach((item, position) => {
    fields.at(position);
    if (item.kind === "pad") {
      models.push({ kind: "pad", size: padSize(ctx, item, options.scope, fields), span: item.span });
      return;
    }
    const lengthFields: M.FieldModel[] = [];
    const type = resolveType(ctx, item.type, {
      scope: options.scope,
      fields,
      repr: item.repr,
      onLengthField: (f) => lengthFields.push(f),
    });
    const field: Mutable<M.FieldModel> = {
      ...placeholderField(item.span),
      name: item.name.name,
      doc: item.doc?.text,
    };
    if (type) field.type = type;
    else ctx.poisoned.add(field);
    for (const lengthField of new Set(lengthFields)) {
      const list = measures.get(lengthField) ?? [];
      list.push(field);
      measures.set(lengthField, list);
    }
    if (item.condition) field.condition = condition(ctx, item.condition, { scope: options.scope, fields, request: options.request });
    if (item.value?.kind === "sizeof") {
      sizeofs.push({ field, ast: item, target: item.value.target, position });
    } else if (item.value) {
      const checked = checkExpr(ctx, item.value, {
        scope: options.scope,
        fields: undefined,
        request: undefined,
        layoutFields: fields,
        constantFor: `the default of \`${item.name.name}\``,
      });
      if (checked.constant !== undefined && type) field.defaultValue = checkDefault(ctx, field.name, type, checked.constant, item.value.span);
    }
    models.push(field);
    positionOf.set(field, position);
    astOf.set(field, item);
    if (firstByName.get(item.name.name) === item) fields.publish(item.name.name, field);
  });

  const bounded = new Set<M.FieldModel>();
  for (const { field, ast, target, position } of sizeofs) {
    const measured = sizeofTarget(ctx, field, target, position, fields, positionOf, bounded);
    if (!measured) {
      ctx.poisoned.add(field); // neither a size nor a plain value: later checks have nothing to go on
      continue;
    }
    if (ctx.poisoned.has(field)) continue;
    if (field.type.kind !== "int" && field.type.kind !== "varint") {
      ctx.diagnostics.error("E0508", `\`${field.name}\` holds a byte size, so it must be an integer field`, ast.type.span);
      continue;
    }
    if (measures.has(field)) {
      ctx.diagnostics.error("E0509", `\`${field.name}\` can't be both a sizeof field and a length or count`, ast.name.span);
      continue;
    }
    bounded.add(measured);
    field.role = { kind: "sizeof", target: measured };
    checkRoleCondition(ctx, field, [measured], ast);
  }
  for (const [lengthField, measured] of measures) {
    const ast = astOf.get(lengthField);
    if (!ast || lengthField.role.kind === "sizeof") continue;
    lengthField.role = { kind: "length", measures: measured };
    if (ast.value && ast.value.kind !== "sizeof") {
      ctx.diagnostics.error("E0511", `\`${lengthField.name}\` is a length or count, computed from what it measures; it can't have a default`, ast.value.span);
    }
    checkRoleCondition(ctx, lengthField, measured, ast);
  }
  checkEncodeOrder(ctx, models, astOf);

  const model: Mutable<M.LayoutModel> = { items: models, fixedSize: undefined };
  const record: LayoutRecord = { model, asts: items, what: options.what, isEnvelopeHead: options.isEnvelopeHead ?? false, bounded };
  ctx.layouts.push(record);
  return { record, fields: fields.all() };
}

function sizeofTarget(
  ctx: CheckContext,
  field: M.FieldModel,
  target: A.Identifier,
  position: number,
  fields: FieldScope,
  positionOf: ReadonlyMap<M.FieldModel, number>,
  bounded: ReadonlySet<M.FieldModel>,
): M.FieldModel | undefined {
  if (target.name === "") return undefined;
  const measured = fields.all().any(target.name);
  const targetPosition = measured ? positionOf.get(measured) : undefined;
  if (measured && targetPosition === undefined && fields.isOuter(target.name)) {
    ctx.diagnostics.error("E0507", `\`sizeof(${target.name})\` must name a later field: \`${target.name}\` is a field of the envelope, before the error block`, target.span);
    return undefined;
  }
  if (!measured || targetPosition === undefined) {
    if (!fields.has(target.name)) {
      ctx.diagnostics.error("E0506", `\`sizeof(${target.name})\`: the layout has no field \`${target.name}\`${didYouMean(target.name, fields.names())}`, target.span);
    }
    return undefined;
  }
  if (targetPosition <= position) {
    ctx.diagnostics.error("E0507", `\`sizeof(${target.name})\` must name a later field: \`${field.name}\` is decoded first and bounds it`, target.span);
    return undefined;
  }
  if (bounded.has(measured)) {
    ctx.diagnostics.error("E0509", `\`${target.name}\` is already measured by another sizeof field`, target.span);
    return undefined;
  }
  return measured;
}

/** A conditional length or sizeof field is fine only when what it measures has the same condition. */
function checkRoleCondition(ctx: CheckContext, field: M.FieldModel, measured: readonly M.FieldModel[], ast: A.FieldDecl): void {
  const own = field.condition;
  if (!own) return;
  const mismatch = measured.find((m) => !m.condition || !sameExpr(m.condition, own));
  if (!mismatch) return;
  ctx.diagnostics.error(
    "E0510",
    `\`${field.name}\` is conditional but \`${mismatch.name}\`, which it measures, is not present under the same condition`,
    ast.condition?.span ?? ast.span,
    [{ message: `\`${mismatch.name}\` is declared here`, span: mismatch.span }],
  );
}

function condition(ctx: CheckContext, expr: A.Expr, env: ExprEnv): M.ExprModel | undefined {
  const checked = checkExpr(ctx, expr, env);
  if (checked.type === "string") {
    ctx.diagnostics.error("E0411", "a condition must be an integer (non-zero holds) or a boolean, not a string", expr.span);
    return undefined;
  }
  return checked.model;
}

/** Checks a condition of a clause (`error if`, `retry_when`). */
export function checkCondition(ctx: CheckContext, expr: A.Expr, env: ExprEnv): M.ExprModel | undefined {
  return condition(ctx, expr, env);
}

function padSize(ctx: CheckContext, pad: A.PadDecl, scope: FileScope, fields: FieldScope): number {
  const checked = checkExpr(ctx, pad.size, { scope, fields: undefined, request: undefined, layoutFields: fields, constantFor: "a pad size" });
  const value = checked.constant;
  if (value === undefined) return 1;
  if (typeof value !== "bigint" || value < 1n || value > BigInt(MAX_FIXED)) {
    const found = typeof value === "bigint" ? String(value) : typeof value === "string" ? "a string" : "a boolean";
    ctx.diagnostics.error("E0515", `a pad size must be an integer between 1 and ${MAX_FIXED}, found ${found}`, pad.size.span);
    return 1;
  }
  return Number(value);
}
