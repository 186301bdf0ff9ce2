/**
 * State shared by the encoder, sizer and decoder generators while they write one function: the module
 * environment (imports, names of other declarations), the name errors report, fresh locals, the locals
 * holding each field's value, and error paths.
 */
import type { EnumModel, FieldModel, FlagsModel, StructModel } from "../../model/model.js";
import { LocalNames } from "../plan/names.js";
import type { LayoutNames } from "../plan/plan.js";
import { measureField } from "./encode-values.js";
import { UnsupportedExpression, compileCondition, operandOf, type ExprEnv, type Operand } from "./expr.js";
import type { RuntimeType, RuntimeValue } from "./runtime-names.js";

/** What a generator may ask of the module it writes into. */
export interface ModuleEnv {
  /** Imports a runtime value (function or class) and returns its local alias. */
  rt(name: RuntimeValue): string;
  /** A runtime value read in hot code, bound to a module-level constant. */
  rtConst(name: RuntimeValue): string;
  /** Imports a runtime type and returns its local alias. */
  rtType(name: RuntimeType): string;
  /** The names of a struct's generated declarations, as visible from the module being written. */
  struct(struct: StructModel): LayoutNames;
  /** The type name of an enum or flag set (a union widened with number/bigint). */
  named(decl: EnumModel | FlagsModel): string;
  /** The property name of a schema field, under the program's naming (`--names`), escaped. */
  prop(fieldName: string): string;
}

/** A field path for error messages: names and loop-index variables. */
export type Path = readonly (string | { readonly index: string })[];

export function child(path: Path, name: string): Path {
  return [...path, name];
}

export function indexed(path: Path, index: string): Path {
  return [...path, { index }];
}

/** The JS expression producing the path text: a literal when static, a template when it has indices. */
export function pathCode(path: Path): string {
  let text = "";
  let dynamic = false;
  for (const part of path) {
    if (typeof part === "string") {
      text += (text === "" ? "" : ".") + part;
    } else {
      text += `[\${${part.index}}]`;
      dynamic = true;
    }
  }
  return dynamic ? `\`${text}\`` : JSON.stringify(text);
}

export class FnGen {
  readonly locals = new LocalNames();
  /** The local holding each field's value in this function (decoded value, or resolved encode value). */
  readonly fieldVars = new Map<FieldModel, string>();
  /** Overrides how a field of the current layout is looked up (encoders record which fields they use). */
  lookup: ((field: FieldModel) => string) | undefined;
  /** How an encoder gets the numeric value of a length field (set by EncodeValues). */
  countHook: ((field: FieldModel) => string) | undefined;

  /**
   * @param env the module being written
   * @param errName JS expression naming the message or struct in errors (a string literal, or a parameter)
   * @param request JS expression of the request's init object, for `request.x` in response layouts
   */
  constructor(
    readonly env: ModuleEnv,
    readonly errName: string,
    readonly request: string | undefined,
  ) {}

  fresh(hint: string): string {
    return this.locals.fresh(hint);
  }

  rt(name: RuntimeValue): string {
    return this.env.rt(name);
  }

  rtConst(name: RuntimeValue): string {
    return this.env.rtConst(name);
  }

  exprEnv(): ExprEnv {
    return {
      rt: (name) => this.env.rt(name),
      field: (field, fromRequest): Operand => {
        if (fromRequest) return this.requestOperand(field);
        const local = this.lookup !== undefined ? this.lookup(field) : this.fieldVars.get(field);
        if (local === undefined) throw new Error(`field ${field.name} used before it is available`);
        return operandOf(field.type, local, field.condition !== undefined);
      },
    };
  }

  lookupCount(field: FieldModel): string {
    if (this.countHook === undefined) throw new Error("no length fields in this function");
    return this.countHook(field);
  }

  condition(field: FieldModel): string {
    return compileCondition(field.condition!, this.exprEnv());
  }

  /** `request.x` reads the request's init object: defaults apply when the caller left the field out. */
  requestOperand(field: FieldModel): Operand {
    if (this.request === undefined) throw new Error("request fields used outside a response");
    const obj = this.request;
    const access = `${obj}.${this.env.prop(field.name)}`;
    const fallback = defaultCode(field, this.env);
    if (fallback !== undefined) return operandOf(field.type, `(${access} ?? ${fallback})`, false);
    if (field.role.kind === "length") {
      // Left out by the caller: the encoder computes it from what it measures, and so must we.
      const measured = measureField(field, (m) => `${obj}.${this.env.prop(m.name)}`, (n) => this.env.rt(n));
      const big = operandOf(field.type, access, false).k === "big";
      return operandOf(field.type, `(${access} ?? ${big ? `BigInt(${measured})` : measured})`, false);
    }
    if (field.role.kind === "sizeof") throw new UnsupportedExpression(`request.${field.name} is a sizeof field, which a response cannot read (E0518)`);
    return operandOf(field.type, access, field.condition !== undefined);
  }
}

/** TypeScript literal for a field's default value, or undefined when it has none. */
export function defaultCode(field: FieldModel, env: ModuleEnv): string | undefined {
  const value = field.defaultValue;
  if (value === undefined) return undefined;
  return constCode(value, field.type, env);
}

/** A folded constant as a TypeScript literal of the field's representation. */
export function constCode(value: bigint | boolean | string, type: FieldModel["type"], env: ModuleEnv): string {
  if (typeof value === "string") {
    return type.kind === "bytes" ? `${env.rt("utf8Bytes")}(${JSON.stringify(value)})` : JSON.stringify(value);
  }
  if (typeof value === "boolean") return value ? "1" : "0";
  const backing = type.kind === "enum" ? type.enum.backing : type.kind === "flags" ? type.flags.backing : type;
  const big = (backing.kind === "int" || backing.kind === "varint") && backing.repr === "bigint";
  return big ? `${value}n` : `${value}`;
}
