/**
 * Shared state of one schema comparison: the options, the old→new field pairing the alignment builds
 * (conditions and length relations are compared through it, so a renamed field is still the same field),
 * and what a finding records before it becomes a diagnostic.
 */
import type { Span } from "../diagnostics/span.js";
import type * as M from "../model/model.js";
import type { Container } from "./flatten.js";
import type { BreakingRule } from "./rules.js";

export interface BreakingOptions {
  /** Report renames (fields, messages, services, types, enum members) that keep the wire layout. */
  readonly strictNames: boolean;
  /**
   * Old readers ignore trailing bytes (Perl `unpack` templates do; the generated decoders and
   * MR::Tarantool::Box do not), and the side that writes a layout is upgraded first: then a field
   * appended at the end of a body or of a size-bounded struct is safe. See docs/cli.md.
   */
  readonly tailTolerant: boolean;
}

export interface Finding {
  readonly rule: BreakingRule;
  /** What changed and what it does to peers on the old schema. */
  readonly message: string;
  /** Where the change is in the new schema. */
  readonly newSpan: Span;
  /** Where it was in the old schema, and what the note there says. */
  readonly oldSpan: Span;
  readonly oldNote: string;
  /** The struct or envelope the change is in, when it is not in the message's own layout. */
  readonly container: Container | undefined;
  /** The top-level field of the message layout the change is reached through (for B030). */
  readonly via: { readonly neu: M.FieldModel; readonly old: M.FieldModel } | undefined;
}

/** Old fields matched with new ones, scoped so a trial comparison can be dropped. */
export class Pairing {
  private readonly pairs = new Map<M.FieldModel, M.FieldModel>();

  constructor(private readonly parent?: Pairing) {}

  get(old: M.FieldModel): M.FieldModel | undefined {
    return this.pairs.get(old) ?? this.parent?.get(old);
  }

  set(old: M.FieldModel, neu: M.FieldModel): void {
    this.pairs.set(old, neu);
  }

  child(): Pairing {
    return new Pairing(this);
  }

  /** Keeps a trial's pairs. */
  commit(trial: Pairing): void {
    for (const [old, neu] of trial.pairs) this.pairs.set(old, neu);
  }
}

export interface CompareContext {
  readonly options: BreakingOptions;
  /** The pairing of the message's request fields, for `request.x` in response expressions. */
  readonly requestPairing: Pairing | undefined;
  /** Struct pairs being compared, so recursive structs compare as equal on re-entry. */
  readonly active: Map<M.StructModel, Set<M.StructModel>>;
  /** Set when a field was appended at a tolerated tail (only with `tailTolerant`). */
  appendedAtTail: boolean;
}

export function newContext(options: BreakingOptions, requestPairing?: Pairing): CompareContext {
  return { options, requestPairing, active: new Map(), appendedAtTail: false };
}
