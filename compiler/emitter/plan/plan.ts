/**
 * Plans every module-level name of every generated file before any code is written, so a file can refer
 * to declarations of the files it imports by their final names.
 */
import type {
  ConstModel, EnumModel, EnvelopeModel, FlagsModel, MessageModel, ProgramModel, SchemaFileModel, ServiceModel, StructModel,
} from "../../model/model.js";
import { ModuleNames, helperName, messageDerived, serviceDerived, structDerived } from "./names.js";

/** The generated declarations of one layout (a struct, a request or response, an envelope part). */
export interface LayoutNames {
  /** Decoded value type. */
  readonly type: string;
  /** Init type (what encoders take). */
  readonly init: string;
  readonly size: string;
  readonly write: string;
  readonly read: string;
}

export interface MessageNames {
  readonly request: string;
  readonly requestInit: string;
  readonly requestFields: string;
  readonly response: string;
  readonly responseInit: string;
  readonly requestLayout: LayoutNames;
  readonly responseLayout: LayoutNames;
}

export interface EnvelopeNames {
  readonly layout: LayoutNames;
  readonly errorLayout: LayoutNames;
  /** Reads the envelope; throws ServerError on an error reply. */
  readonly check: string;
  /** Success values of the envelope fields. */
  readonly ok: string;
  readonly encodeError: string;
}

export interface ServiceNames {
  readonly client: string;
  readonly handler: string;
  readonly dispatcher: string;
}

export interface StructPlan {
  readonly layout: LayoutNames;
  readonly encode: string;
  readonly decode: string;
}

export interface FileNames {
  readonly file: SchemaFileModel;
  /** Output module path relative to the output directory, e.g. `box.ts`. */
  readonly outPath: string;
  readonly module: ModuleNames;
  readonly consts: Map<ConstModel, string>;
  readonly named: Map<EnumModel | FlagsModel, string>;
  readonly structs: Map<StructModel, StructPlan>;
  readonly envelopes: Map<EnvelopeModel, EnvelopeNames>;
  readonly messages: Map<MessageModel, MessageNames>;
  readonly services: Map<ServiceModel, ServiceNames>;
}

function layoutNames(type: string, init: string, helperBase: string): LayoutNames {
  return {
    type,
    init,
    size: helperName(helperBase, "size"),
    write: helperName(helperBase, "write"),
    read: helperName(helperBase, "read"),
  };
}

function planFile(file: SchemaFileModel, outPath: string): FileNames {
  const m = new ModuleNames();
  const plan: FileNames = {
    file, outPath, module: m,
    consts: new Map(), named: new Map(), structs: new Map(), envelopes: new Map(), messages: new Map(), services: new Map(),
  };
  // Names written in the schema first: they keep their spelling.
  const declared = new Map<object, string>();
  for (const d of file.declarations) if (d.kind !== "service") declared.set(d, m.declared(d.name));
  for (const d of file.declarations) {
    switch (d.kind) {
      case "const":
        plan.consts.set(d, declared.get(d)!);
        break;
      case "enum":
      case "flags":
        plan.named.set(d, declared.get(d)!);
        break;
      case "struct": {
        const type = declared.get(d)!;
        const derived = structDerived(d.name);
        plan.structs.set(d, { layout: layoutNames(type, m.derived(derived.init), type), encode: m.derived(derived.encode), decode: m.derived(derived.decode) });
        break;
      }
      case "envelope": {
        const base = declared.get(d)!;
        plan.envelopes.set(d, {
          layout: layoutNames(helperName(base, "Fields"), helperName(base, "Init"), base),
          errorLayout: layoutNames(helperName(base, "Error"), helperName(base, "ErrorInit"), helperName(base, "error")),
          check: helperName(base, "check"),
          ok: helperName(base, "ok"),
          encodeError: helperName(base, "encodeError"),
        });
        break;
      }
      case "service":
        for (const msg of d.messages) {
          const derived = messageDerived(msg.name);
          const request = m.derived(derived.request);
          const response = m.derived(derived.response);
          const requestInit = m.derived(derived.requestInit);
          const requestFields = m.derived(derived.requestFields);
          const responseInit = m.derived(derived.responseInit);
          plan.messages.set(msg, {
            request, requestInit, requestFields, response, responseInit,
            requestLayout: layoutNames(requestFields, requestInit, request),
            responseLayout: layoutNames(response, responseInit, response),
          });
        }
        const names = serviceDerived(d.name);
        plan.services.set(d, { client: m.derived(names.client), handler: m.derived(names.handler), dispatcher: m.derived(names.dispatcher) });
        break;
      default: {
        const never: never = d;
        return never;
      }
    }
  }
  return plan;
}

/** Common directory of the schema paths (forward slashes), so output mirrors the source tree below it. */
function commonDir(paths: readonly string[]): string {
  const dirs = paths.map((p) => p.split("/").slice(0, -1));
  if (dirs.length === 0) return "";
  let common = dirs[0]!;
  for (const d of dirs) {
    let i = 0;
    while (i < common.length && i < d.length && common[i] === d[i]) i++;
    common = common.slice(0, i);
  }
  return common.join("/");
}

export function outputPath(schemaPath: string, root: string): string {
  const rel = root === "" ? schemaPath : schemaPath.slice(root.length + 1);
  const ts = rel.replace(/\.iproto$/, "") + ".ts";
  // index.ts is the barrel; a schema called index gets another name.
  return ts === "index.ts" ? "index_schema.ts" : ts;
}

export function planProgram(program: ProgramModel): Map<string, FileNames> {
  const root = commonDir(program.files.map((f) => f.path));
  const out = new Map<string, FileNames>();
  for (const file of program.files) out.set(file.path, planFile(file, outputPath(file.path, root)));
  return out;
}
