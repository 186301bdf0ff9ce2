/** TypeScript types of schema types: the decoded form and the init form a caller passes to an encoder. */
import { assertNever } from "../../model/assert-never.js";
import type { TypeModel } from "../../model/model.js";
import type { ModuleEnv } from "./fn.js";

export type Form = "value" | "init";

export function tsType(type: TypeModel, form: Form, env: ModuleEnv): string {
  switch (type.kind) {
    case "int":
    case "varint":
      return type.repr === "bigint" ? "bigint" : "number";
    case "float":
      return "number";
    case "string":
      return "string";
    case "bytes":
      return "Uint8Array";
    case "array": {
      const element = tsType(type.element, form, env);
      const wrapped = /[|&\s]/.test(element) ? `(${element})` : element;
      return form === "init" ? `readonly ${wrapped}[]` : `${wrapped}[]`;
    }
    case "struct": {
      const names = env.struct(type.struct);
      return form === "init" ? names.init : names.type;
    }
    case "enum":
      return env.named(type.enum);
    case "flags":
      return env.named(type.flags);
    case "prefixed":
      return tsType(type.value, form, env);
    default:
      return assertNever(type);
  }
}
