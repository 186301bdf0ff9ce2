/**
 * A set of schemas compiled for a test: the model (from the front end), the emitter's name plan (so
 * tests find `SelectRequest_` when a collision renamed it), and the imported generated modules.
 */
import type { MessageModel, ProgramModel, StructModel } from "../../../compiler/model/model.js";
import { type FileNames, planProgram } from "../../../compiler/emitter/plan/plan.js";
import type { RequestClass, ResponseObject, StructFunctions } from "./generated.js";
import { generate, load, messages, program, structs, type MessageEntry } from "./generate.js";

export const SCHEMAS = ["schemas/box.iproto", "schemas/users.iproto", "schemas/everything.iproto"];
export const CORPUS = ["test/codegen/corpus/corpus.iproto", "test/codegen/corpus/names.iproto", "test/codegen/corpus/box-fields.iproto", "test/codegen/corpus/spaces.iproto"];
/** Envelopes whose replies depend on their own fields: envelope-replies.test.ts and tsc.test.ts. */
export const ENVELOPES = "test/codegen/corpus/envelopes.iproto";
/** Conditions reading conditional fields the encoder leaves out: conditions.test.ts and tsc.test.ts. */
export const CONDITIONS = "test/codegen/corpus/conditions.iproto";

export class Suite {
  readonly model: ProgramModel;
  readonly plans: ReadonlyMap<string, FileNames>;
  readonly #modules = new Map<string, Record<string, unknown>>();

  /** Analyzes `schemas` (synchronously: test cases can be built from the model at collection time). */
  constructor(
    readonly name: string,
    readonly schemas: readonly string[],
  ) {
    this.model = program(schemas);
    this.plans = planProgram(this.model);
  }

  /** Generates the code into .gen/<name> and imports every module. */
  async load(): Promise<this> {
    const dir = await generate(this.name, this.schemas);
    for (const [path, plan] of this.plans) this.#modules.set(path, await load(dir, plan.outPath.replace(/\.ts$/, "")));
    return this;
  }

  messages(): MessageEntry[] {
    return messages(this.model);
  }

  structs(): { file: string; struct: StructModel }[] {
    return structs(this.model);
  }

  module(file: string): Record<string, unknown> {
    const m = this.#modules.get(file);
    if (m === undefined) throw new Error(`no module for ${file}`);
    return m;
  }

  #plan(file: string): FileNames {
    return this.plans.get(file)!;
  }

  request(file: string, msg: MessageModel): RequestClass {
    return this.module(file)[this.#plan(file).messages.get(msg)!.request] as RequestClass;
  }

  response(file: string, msg: MessageModel): ResponseObject {
    return this.module(file)[this.#plan(file).messages.get(msg)!.response] as ResponseObject;
  }

  struct(file: string, s: StructModel): StructFunctions {
    const plan = this.#plan(file).structs.get(s)!;
    const mod = this.module(file);
    return { encode: mod[plan.encode] as StructFunctions["encode"], decode: mod[plan.decode] as StructFunctions["decode"] };
  }

  /** A generated export by name (clients, dispatchers). */
  export<T>(file: string, name: string): T {
    return this.module(file)[name] as T;
  }
}
