/**
 * What the declaration emitters ask of the module they write into: what every code generator may ask
 * (codec/fn.ts ModuleEnv), and the names of envelopes' declarations. file/file-env.ts implements it.
 */
import type { EnvelopeModel } from "../../model/model.js";
import type { ModuleEnv } from "../codec/fn.js";
import type { EnvelopeNames } from "../plan/plan.js";
import type { CodecRegistry } from "./shared-codec.js";

export interface DeclEnv extends ModuleEnv, CodecRegistry {
  /** The names of an envelope's generated declarations, as visible from the module being written. */
  envelope(envelope: EnvelopeModel): EnvelopeNames;
}
