/**
 * The values an encoder writes: what the caller gave, with defaults applied, length fields computed
 * from what they measure when left out, and `sizeof` fields computed up front when something needs their
 * value before the measured part is written. Locals are declared only for fields a function uses.
 */
import { ternaryTest } from "../print/expr-parens.js";
import type { FieldModel, LayoutItem, TypeModel } from "../../model/model.js";
import { exprFields, fieldsInConditions, sizesItself } from "../../model/refs.js";
import { fieldLocal } from "../plan/names.js";
import { type FnGen, defaultCode } from "./fn.js";
import type { RuntimeValue } from "./runtime-names.js";

/** Expression for the size in bytes (strings) or items (arrays) that `value` gives `lengthField`. */
export function measureOf(type: TypeModel, lengthField: FieldModel, value: string, rt: (n: RuntimeValue) => string): string | undefined {
  if ((type.kind === "string" || type.kind === "bytes") && type.length.kind === "field" && type.length.field === lengthField) {
    return type.kind === "bytes" ? `${value}.length` : `${rt("utf8Length")}(${value})`;
  }
  if (type.kind === "array") {
    if (type.count.kind === "field" && type.count.field === lengthField) return `${value}.length`;
    const inner = measureOf(type.element, lengthField, `${value}[0]!`, rt);
    if (inner !== undefined) return `(${value}.length > 0 ? ${inner} : 0)`;
  }
  return undefined;
}

/** The measured value of a length field, from the resolved values of the fields it measures. */
export function measureField(lengthField: FieldModel, valueOf: (f: FieldModel) => string, rt: (n: RuntimeValue) => string): string {
  if (lengthField.role.kind !== "length") throw new Error(`${lengthField.name} is not a length field`);
  let code = "0";
  for (const m of [...lengthField.role.measures].reverse()) {
    const v = valueOf(m);
    const measure = measureOf(m.type, lengthField, v, rt) ?? "0";
    code = m.condition === undefined ? measure : `(${v} !== undefined ? ${measure} : ${code})`;
  }
  return code;
}

function isBigRepr(type: TypeModel): boolean {
  const t = type.kind === "enum" ? type.enum.backing : type.kind === "flags" ? type.flags.backing : type;
  return (t.kind === "int" || t.kind === "varint") && t.repr === "bigint";
}

/** An enclosing layout whose fields the encoded one reads: an envelope's, for its error block. */
export interface OuterValues {
  readonly items: readonly LayoutItem[];
  /** Its init object expression (`$h`). */
  readonly obj: string;
}

export class EncodeValues {
  readonly #used = new Set<FieldModel>();
  readonly #fields: readonly FieldModel[];
  /** The init object of each field from an outer layout; the others are in `obj`. */
  readonly #outerObj = new Map<FieldModel, string>();
  /** Fields that conditions read: see #absentWhenFalse. */
  readonly #readByOthers: Set<FieldModel>;

  /**
   * @param obj the init object expression (`$v`)
   * @param sizeOf emits code computing the byte size of a field's value, for `sizeof` fields needed early
   * @param outer the enclosing layout, when the conditions of this one read its fields
   */
  constructor(
    readonly g: FnGen,
    items: readonly LayoutItem[],
    readonly obj: string,
    readonly sizeOf: (field: FieldModel, value: string, out: string[]) => string,
    outer?: OuterValues,
  ) {
    const fieldsOf = (list: readonly LayoutItem[]): FieldModel[] => list.filter((i): i is FieldModel => i.kind === "field");
    // The outer layout's fields come first, so its lengths and sizes resolve as its own encoder would.
    for (const f of fieldsOf(outer?.items ?? [])) this.#outerObj.set(f, outer!.obj);
    this.#fields = [...this.#outerObj.keys(), ...fieldsOf(items)];
    this.#readByOthers = fieldsInConditions([...(outer?.items ?? []), ...items]);
    for (const f of this.#fields) g.fieldVars.set(f, fieldLocal(f.name));
    g.lookup = (f) => this.get(f);
    g.countHook = (f) => this.count(f);
  }

  /** The local holding the field's resolved value; declared by `declarations()`. */
  get(field: FieldModel): string {
    this.#used.add(field);
    return fieldLocal(field.name);
  }

  /** The given value of a sizeof/length field, possibly undefined (without resolving it). */
  given(field: FieldModel): string {
    return `${this.#outerObj.get(field) ?? this.obj}.${this.g.env.prop(field.name)}`;
  }

  /** Numeric value of a length or sizeof field (bigint representations converted). */
  count(field: FieldModel): string {
    const v = this.get(field);
    return isBigRepr(field.type) ? `Number(${v})` : v;
  }

  /**
   * A conditional value field that a later condition reads holds `undefined` when its own condition fails,
   * whatever was given or defaulted: a decoder never sees it and reads it as its type's zero, so the
   * encoder must too. (A length measuring such a field still counts what was given: the length is on the
   * wire either way.)
   */
  #absentWhenFalse(f: FieldModel): boolean {
    return f.role.kind === "value" && f.condition !== undefined && this.#readByOthers.has(f);
  }

  /** The fields whose locals a field's declaration reads. */
  #deps(f: FieldModel): FieldModel[] {
    if (f.role.kind === "length") return [...f.role.measures];
    if (f.role.kind === "sizeof") {
      const target = f.role.target;
      const read = [...exprFields(target.condition, false)].filter((d) => d !== f);
      return sizesItself(f, target) ? read : [target, ...read];
    }
    return this.#absentWhenFalse(f) ? [...exprFields(f.condition, false)] : [];
  }

  /** Declarations of every used field, in an order where each only refers to earlier ones. */
  declarations(): string[] {
    const pending = [...this.#used];
    while (pending.length > 0) {
      for (const d of this.#deps(pending.pop()!)) {
        if (!this.#used.has(d)) {
          this.#used.add(d);
          pending.push(d);
        }
      }
    }
    const out: string[] = [];
    const done = new Set<FieldModel>();
    const visiting = new Set<FieldModel>();
    const visit = (f: FieldModel): void => {
      if (done.has(f)) return;
      if (visiting.has(f)) throw new Error(`the encoder of ${f.name} depends on itself through conditions (E0519)`);
      visiting.add(f);
      for (const d of this.#deps(f)) visit(d);
      visiting.delete(f);
      done.add(f);
      out.push(...this.#declare(f));
    };
    // Values, then lengths, then sizes: each kind only reads earlier ones unless a condition says otherwise.
    for (const kind of ["value", "length", "sizeof"] as const) {
      for (const f of this.#fields) if (f.role.kind === kind && this.#used.has(f)) visit(f);
    }
    return out;
  }

  #declare(f: FieldModel): string[] {
    const local = fieldLocal(f.name);
    const given = this.given(f);
    if (f.role.kind === "value") {
      const value = this.#givenOrDefault(f);
      return [`const ${local} = ${this.#absentWhenFalse(f) ? `${ternaryTest(this.g.condition(f))} ? ${value} : undefined` : value};`];
    }
    if (f.role.kind === "length") {
      const m = measureField(f, (x) => fieldLocal(x.name), (n) => this.g.rt(n));
      return [`const ${local} = ${given} ?? ${isBigRepr(f.type) ? `BigInt(${m})` : m};`];
    }
    return this.#computeSizeof(f, f.role.target);
  }

  #givenOrDefault(f: FieldModel): string {
    const d = defaultCode(f, this.g.env);
    return d === undefined ? this.given(f) : `${this.given(f)} ?? ${d}`;
  }

  #computeSizeof(field: FieldModel, target: FieldModel): string[] {
    const z = this.g.fresh("z");
    const lines: string[] = [];
    // A target present `if size > 0` (its condition reads this very size) can't be tested before the size
    // exists: it is present when given, and its size then makes the condition hold or not.
    const given = sizesItself(field, target);
    const raw = given ? this.g.fresh("given") : "";
    const value = given ? raw : this.get(target);
    const size = this.sizeOf(target, target.condition === undefined ? value : `${value}!`, lines);
    const missing = `if (${value} === undefined) throw ${this.g.rt("missingField")}(${this.g.errName}, ${JSON.stringify(target.name)});`;
    const body = [...(target.condition === undefined || given ? [] : [missing]), ...lines, `${z} = ${size};`];
    const present = target.condition === undefined ? undefined : given ? `${value} !== undefined` : this.g.condition(target);
    const compute = present === undefined ? body : [`if (${present}) {`, ...body, `}`];
    const head = given ? [`const ${raw} = ${this.#givenOrDefault(target)};`] : [];
    return [...head, `let ${z} = 0;`, ...compute, `const ${fieldLocal(field.name)} = ${this.given(field)} ?? ${isBigRepr(field.type) ? `BigInt(${z})` : z};`];
  }
}
