/**
 * Plans every module-level name of every generated file before any code is written, so a file can refer
 * to declarations of the files it imports by their final names.
 */
import type {
  ConstModel, EnumModel, EnvelopeModel, FlagsModel, IndexModel, MessageModel, ProcedureModel, ProgramModel, SchemaFileModel, ServiceModel,
  SpaceModel, StructModel,
} from "../../model/model.js";
import { procedureLayouts, pascalCase, spaceLayouts } from "../../model/space-layout.js";
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
  /** The encoder and success values together: what `encodeBody` writes a success reply's start with. */
  readonly reply: string;
  readonly encodeError: string;
}

export interface ServiceNames {
  readonly client: string;
  readonly handler: string;
  readonly dispatcher: string;
}

/** What a Box space gives the module (its tuple and tail are planned as structs). */
export interface SpaceNames {
  /** `<Space>Space`, the typed client. */
  readonly client: string;
  /** The tuple codec handed to the runtime (`<Space>$tuple`). */
  readonly tupleCodec: string;
  /** Per index: its key type (`<Space><Index>Key`) and key codec (`<Space>$<index>`). */
  readonly keys: ReadonlyMap<IndexModel, { readonly type: string; readonly codec: string }>;
  /** The union of update operations (`<Space>Update`) and its codec. */
  readonly update: { readonly type: string; readonly codec: string };
}

/** What a stored procedure gives the module: its call function and its codecs (its argument and result tuples are planned as structs). */
export interface ProcedureNames {
  /** `call<Procedure>`. */
  readonly call: string;
  /** The argument tuple's codec. */
  readonly args: string;
  /** The result tuple's codec (when the procedure declares a result). */
  readonly result: string;
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
  readonly spaces: Map<SpaceModel, SpaceNames>;
  readonly procedures: Map<ProcedureModel, ProcedureNames>;
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
    spaces: new Map(), procedures: new Map(),
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
          reply: helperName(base, "reply"),
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
  planSpaces(file, plan);
  return plan;
}

/** Spaces and procedures: every name derived (`_`-suffixed on a clash), after the schema's own names. */
function planSpaces(file: SchemaFileModel, plan: FileNames): void {
  const m = plan.module;
  const struct = (s: StructModel): void => {
    const type = m.derived(s.name);
    const derived = structDerived(type);
    plan.structs.set(s, { layout: layoutNames(type, m.derived(derived.init), type), encode: m.derived(derived.encode), decode: m.derived(derived.decode) });
  };
  for (const space of file.spaces) {
    const layouts = spaceLayouts(space);
    if (layouts.tail !== undefined) struct(layouts.tail);
    struct(layouts.tuple);
    const base = m.derived(space.name);
    const keys = new Map<IndexModel, { type: string; codec: string }>();
    for (const index of space.indexes) keys.set(index, { type: m.derived(`${space.name}${pascalCase(index.name)}Key`), codec: helperName(base, index.name) });
    plan.spaces.set(space, {
      client: m.derived(`${space.name}Space`),
      tupleCodec: helperName(base, "tuple"),
      keys,
      update: { type: m.derived(`${space.name}Update`), codec: helperName(base, "update") },
    });
  }
  for (const proc of file.procedures) {
    const layouts = procedureLayouts(proc);
    struct(layouts.args);
    if (proc.returns.kind === "fields") struct(layouts.result!);
    const base = m.derived(pascalCase(proc.name));
    plan.procedures.set(proc, { call: m.derived(`call${base}`), args: helperName(base, "args"), result: helperName(base, "result") });
  }
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
