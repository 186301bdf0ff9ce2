/**
 * Two programs' Box spaces, matched by name (then by number, for a renamed space): what stored tuples
 * and their readers depend on. A tuple written under the old schema must read under the new one, and
 * the server's indexes must still be the ones the code was written against. Stored procedures too: an
 * old client's call must still find the procedure, with the arguments and result tuples it knows.
 */
import type { Span } from "../diagnostics/span.js";
import type * as M from "../model/model.js";
import { intName, typeName } from "./describe.js";
import type { BreakingRule } from "./rules.js";

export type SpaceFinding = (rule: BreakingRule, message: string, newSpan: Span, oldSpan: Span, oldNote: string) => void;

export function compareSpaces(old: M.ProgramModel, neu: M.ProgramModel, report: SpaceFinding, fallbackSpan: (oldFile: string) => Span): void {
  const olds = old.files.flatMap((f) => f.spaces);
  const news = neu.files.flatMap((f) => f.spaces);
  for (const os of olds) {
    const ns = news.find((s) => s.name === os.name) ?? news.find((s) => s.no === os.no && !olds.some((o) => o.name === s.name));
    if (!ns) {
      report("B080", `space \`${os.name}\` (number ${os.no}) was removed: its stored tuples and the code that reads them remain`, fallbackSpan(os.file), os.span, "the removed space");
      continue;
    }
    if (os.no !== ns.no) report("B081", `space \`${ns.name}\` moved from number ${os.no} to ${ns.no}: old clients read and write space ${os.no}`, ns.span, os.span, `number ${os.no} here`);
    compareFields(os.fields, ns.fields, `space \`${ns.name}\``, { old: os.span, neu: ns.span }, report);
    compareFields(os.tail, ns.tail, `the tail of space \`${ns.name}\``, { old: os.span, neu: ns.span }, report);
    compareIndexes(os, ns, report);
  }
  compareProcedures(old, neu, report, fallbackSpan);
}

/**
 * Stored procedures, matched by name (the server calls a procedure by its name): a removed one (B085),
 * arguments changed by position (B086: the server's Lua reads them by position), result tuples whose
 * fields changed by position (B087; a result declared where there was none is no break: old clients
 * read no tuples). Names alone may change: neither arguments nor tuples carry them.
 */
function compareProcedures(old: M.ProgramModel, neu: M.ProgramModel, report: SpaceFinding, fallbackSpan: (oldFile: string) => Span): void {
  const news = neu.files.flatMap((f) => f.procedures);
  for (const op of old.files.flatMap((f) => f.procedures)) {
    const np = news.find((p) => p.name === op.name);
    if (!np) {
      report("B085", `procedure \`${op.name}\` was removed: old clients still call it`, fallbackSpan(op.file), op.span, "the removed procedure");
      continue;
    }
    const oldArgs = tupleText(op.args);
    const newArgs = tupleText(np.args);
    if (oldArgs !== newArgs) {
      report("B086", `the arguments of procedure \`${np.name}\` changed from (${written(op.args)}) to (${written(np.args)}): old clients send the old ones`, np.span, op.span, `was (${written(op.args)})`);
    }
    const oldResult = resultFields(op);
    const newResult = resultFields(np);
    if (!oldResult) continue;
    if (!newResult) {
      report("B087", `procedure \`${np.name}\` no longer declares its result tuples: old clients read ${resultText(op)}`, np.span, op.span, `returned ${resultText(op)}`);
    } else if (tupleText(oldResult) !== tupleText(newResult)) {
      report("B087", `the result tuples of procedure \`${np.name}\` changed from ${resultText(op)} to ${resultText(np)}: old clients read the old fields`, np.span, op.span, `returned ${resultText(op)}`);
    }
  }
}

/** The fields of a result tuple, a space's tail included; undefined when none are declared. */
function resultFields(p: M.ProcedureModel): readonly M.SpaceFieldModel[] | undefined {
  const r = p.returns;
  if (r.kind === "none") return undefined;
  if (r.kind === "fields") return r.fields;
  return [...r.space.fields, ...r.space.tail.map((f) => ({ ...f, name: `${f.name} (tail)` }))];
}

/** What the wire holds, by position. */
function tupleText(fields: readonly M.SpaceFieldModel[]): string {
  return fields.map(fieldText).join(", ");
}

function resultText(p: M.ProcedureModel): string {
  const r = p.returns;
  if (r.kind === "space") return `the tuples of space \`${r.space.name}\``;
  return r.kind === "fields" ? `(${written(r.fields)})` : "no tuples";
}

/** What a field's bytes are: an enum or flags is its backing integer, a string is bytes. */
function fieldText(f: M.SpaceFieldModel): string {
  const t = f.type;
  if (t.kind !== "prefixed") return "bytes";
  const v = t.value;
  return v.kind === "enum" ? intName(v.enum.backing) : v.kind === "flags" ? intName(v.flags.backing) : typeName(v);
}

/** As written, for messages: one field's type, or a field list's `name: type, …`. */
function written(f: M.SpaceFieldModel): string;
function written(f: readonly M.SpaceFieldModel[]): string;
function written(f: M.SpaceFieldModel | readonly M.SpaceFieldModel[]): string {
  if (Array.isArray(f)) return (f as readonly M.SpaceFieldModel[]).map((x) => `${x.name}: ${written(x)}`).join(", ");
  const one = f as M.SpaceFieldModel;
  return typeName(one.type.kind === "prefixed" ? one.type.value : one.type).replace(/<varint>$/, "");
}

/** Fields by position: a stored tuple knows positions, not names. */
function compareFields(old: readonly M.SpaceFieldModel[], neu: readonly M.SpaceFieldModel[], where: string, spaces: { old: Span; neu: Span }, report: SpaceFinding): void {
  const count = Math.max(old.length, neu.length);
  for (let no = 0; no < count; no++) {
    const o = old[no];
    const n = neu[no];
    if (o && n) {
      if (fieldText(o) !== fieldText(n)) {
        report("B082", `field ${no} of ${where} changed from \`${o.name}: ${written(o)}\` to \`${n.name}: ${written(n)}\`: stored tuples hold the old value there`, n.span, o.span, `was \`${o.name}: ${written(o)}\``);
      } else if (o.name !== n.name && old.some((f) => f.name === n.name)) {
        report("B083", `fields of ${where} were reordered: \`${n.name}\` is now field ${no}, stored tuples hold \`${o.name}\` there`, n.span, o.span, `field ${no} was \`${o.name}\``);
      }
    } else if (n) {
      report("B083", `field \`${n.name}\` was added to ${where}: tuples stored before have no field ${no}`, n.span, spaces.old, "the space had no such field");
    } else if (o) {
      report("B083", `field \`${o.name}\` was removed from ${where}: stored tuples still hold it, and old clients write it`, spaces.neu, o.span, "the removed field");
    }
  }
}

function indexText(i: M.IndexModel): string {
  return `${i.kind}${i.unique ? " unique" : ""} (${i.parts.map((p) => `${p.field.no}:${p.type}`).join(", ")})`;
}

function compareIndexes(os: M.SpaceModel, ns: M.SpaceModel, report: SpaceFinding): void {
  for (const oi of os.indexes) {
    const ni = ns.indexes.find((i) => i.no === oi.no);
    if (!ni) {
      report("B084", `index ${oi.no} (\`${oi.name}\`) of space \`${ns.name}\` was removed: old clients select by it`, ns.span, oi.span, "the removed index");
    } else if (indexText(oi) !== indexText(ni)) {
      report("B084", `index ${oi.no} of space \`${ns.name}\` changed from ${indexText(oi)} to ${indexText(ni)} (parts as field:type): old clients' keys no longer match it`, ni.span, oi.span, `was ${indexText(oi)}`);
    }
  }
}
