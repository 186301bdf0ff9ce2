/**
 * Two programs' Box spaces, matched by name (then by number, for a renamed space): what stored tuples
 * and their readers depend on. A tuple written under the old schema must read under the new one, and
 * the server's indexes must still be the ones the code was written against.
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
}

/** What a field's bytes are: an enum or flags is its backing integer, a string is bytes. */
function fieldText(f: M.SpaceFieldModel): string {
  const t = f.type;
  if (t.kind !== "prefixed") return "bytes";
  const v = t.value;
  return v.kind === "enum" ? intName(v.enum.backing) : v.kind === "flags" ? intName(v.flags.backing) : typeName(v);
}

/** As written, for messages. */
function written(f: M.SpaceFieldModel): string {
  return typeName(f.type.kind === "prefixed" ? f.type.value : f.type).replace(/<varint>$/, "");
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
