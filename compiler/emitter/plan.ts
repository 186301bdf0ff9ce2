/**
 * Plans every module-level name of every generated file before any code is written, so a file can refer
 * to declarations of the files it imports by their final names.
 */
import type {
  ConstModel, EnumModel, EnvelopeModel, FlagsModel, MessageModel, ProgramModel, SchemaFileModel, ServiceModel, StructModel,
} from "../model/model.js";
import type { LayoutNames } from "./emit-layout.js";
import { ModuleNames, helperName } from "./names.js";

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
        plan.structs.set(d, { layout: layoutNames(type, m.derived(`${d.name}Init`), type), encode: m.derived(`encode${d.name}`), decode: m.derived(`decode${d.name}`) });
        break;
      }
      case "envelope": {
        const base = declared.get(d)!;
        plan.envelopes.set(d, {
          layout: layoutNames(`${base}$Fields`, `${base}$Init`, base),
          errorLayout: layoutNames(`${base}$Error`, `${base}$ErrorInit`, `${base}$error`),
          check: `${base}$check`,
          ok: `${base}$ok`,
          encodeError: `${base}$encodeError`,
        });
        break;
      }
      case "service":
        for (const msg of d.messages) {
          const request = m.derived(`${msg.name}Request`);
          const response = m.derived(`${msg.name}Response`);
          const requestInit = m.derived(`${msg.name}RequestInit`);
          const requestFields = m.derived(`${msg.name}RequestFields`);
          const responseInit = m.derived(`${msg.name}ResponseInit`);
          plan.messages.set(msg, {
            request, requestInit, requestFields, response, responseInit,
            requestLayout: layoutNames(requestFields, requestInit, request),
            responseLayout: layoutNames(response, responseInit, response),
          });
        }
        plan.services.set(d, { client: m.derived(`${d.name}Client`), handler: m.derived(`${d.name}Handler`), dispatcher: m.derived(`create${d.name}Dispatcher`) });
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
