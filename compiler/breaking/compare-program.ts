/**
 * Two checked programs: services matched by name (package-qualified, then bare, then — for a renamed
 * service — by the message codes they share), messages matched by code within a service, since the code
 * is what identifies a message on the wire. Structs, enums and envelopes are compared where messages use
 * them: a declaration no message uses puts nothing on the wire. Box spaces: compare-spaces.ts.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { sortDiagnostics } from "../diagnostics/collector.js";
import type { Span } from "../diagnostics/span.js";
import type * as M from "../model/model.js";
import { compareMessage } from "./compare-messages.js";
import { compareSpaces } from "./compare-spaces.js";
import type { BreakingOptions, Finding } from "./context.js";
import { FindingSet } from "./findings.js";
import type { BreakingRule } from "./rules.js";

interface ServiceEntry {
  readonly service: M.ServiceModel;
  readonly qualified: string;
}

function services(program: M.ProgramModel): ServiceEntry[] {
  return program.files.flatMap((f) =>
    f.declarations
      .filter((d): d is M.ServiceModel => d.kind === "service")
      .map((service) => ({ service, qualified: `${f.package ?? ""}.${service.name}` })),
  );
}

/** Pairs old and new services; returns the pairs and the old services left unmatched. */
function matchServices(old: ServiceEntry[], neu: ServiceEntry[]): { pairs: [ServiceEntry, ServiceEntry][]; removed: ServiceEntry[] } {
  const pairs: [ServiceEntry, ServiceEntry][] = [];
  const left = new Set(neu);
  let pending = [...old];
  const pass = (match: (o: ServiceEntry, candidates: ServiceEntry[]) => ServiceEntry | undefined): void => {
    pending = pending.filter((o) => {
      const n = match(o, [...left]);
      if (!n) return true;
      pairs.push([o, n]);
      left.delete(n);
      return false;
    });
  };
  pass((o, c) => c.find((n) => n.qualified === o.qualified));
  pass((o, c) => {
    const same = c.filter((n) => n.service.name === o.service.name);
    return same.length === 1 && pending.filter((p) => p.service.name === o.service.name).length === 1 ? same[0] : undefined;
  });
  pass((o, c) => {
    const codes = new Set(o.service.messages.map((m) => m.code));
    const shared = (n: ServiceEntry): number => n.service.messages.filter((m) => codes.has(m.code)).length;
    const ranked = c.map((n) => [n, shared(n)] as const).filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1]);
    const [best, second] = ranked;
    return best && (!second || second[1] < best[1]) ? best[0] : undefined;
  });
  return { pairs, removed: pending };
}

function fileStart(file: string): Span {
  const at = { line: 1, column: 1, offset: 0 };
  return { file, start: at, end: at };
}

export function compareProgramModels(
  old: M.ProgramModel,
  neu: M.ProgramModel,
  options: BreakingOptions,
  newPathOf: (oldPath: string) => string | undefined = (p) => p,
): Diagnostic[] {
  const set = new FindingSet();
  const top = (rule: BreakingRule, message: string, newSpan: Span, oldSpan: Span, oldNote: string): void => {
    const finding: Finding = { rule, message, newSpan, oldSpan, oldNote, container: undefined, via: undefined };
    set.add(finding);
  };
  const { pairs, removed } = matchServices(services(old), services(neu));
  for (const { service } of removed) {
    const mapped = newPathOf(service.file);
    const file = neu.files.find((f) => f.path === mapped)?.path ?? neu.files[neu.files.length - 1]?.path ?? mapped ?? service.file;
    const count = service.messages.length;
    top("B004", `service \`${service.name}\` was removed, with its ${count} message${count === 1 ? "" : "s"}: old clients still call them`, fileStart(file), service.span, "the removed service");
  }
  for (const [{ service: os }, { service: ns }] of pairs) {
    if (options.strictNames && os.name !== ns.name) top("B072", `service \`${os.name}\` was renamed to \`${ns.name}\``, ns.span, os.span, "the old name");
    const byCode = new Map(ns.messages.map((m) => [m.code, m] as const));
    const byName = new Map(ns.messages.map((m) => [m.name, m] as const));
    for (const om of os.messages) {
      const atCode = byCode.get(om.code);
      const named = byName.get(om.name);
      if (atCode && atCode.name === om.name) {
        set.addMessage(compareMessage(om, atCode, options));
      } else if (named) {
        top("B002", `message \`${ns.name}.${om.name}\` changed its code from ${hex(om.code)} to ${hex(named.code)}: old peers send and expect ${hex(om.code)}`, named.span, om.span, `code ${hex(om.code)} here`);
        if (atCode) {
          top("B003", `message \`${ns.name}.${atCode.name}\` reuses code ${hex(om.code)} of \`${om.name}\`: old clients' \`${om.name}\` requests reach it`, atCode.span, om.span, `\`${om.name}\` had code ${hex(om.code)}`);
        }
      } else if (atCode) {
        if (options.strictNames) top("B071", `message \`${om.name}\` was renamed to \`${atCode.name}\``, atCode.span, om.span, "the old name");
        set.addMessage(compareMessage(om, atCode, options));
      } else {
        top("B001", `message \`${os.name}.${om.name}\` (code ${hex(om.code)}) was removed: old clients still send it`, ns.span, om.span, "the removed message");
      }
    }
  }
  compareSpaces(old, neu, top, (oldFile) => {
    const mapped = newPathOf(oldFile);
    return fileStart(neu.files.find((f) => f.path === mapped)?.path ?? neu.files[neu.files.length - 1]?.path ?? mapped ?? oldFile);
  });
  return sortDiagnostics(set.diagnostics(), neu.files.map((f) => f.path));
}

function hex(code: number): string {
  return code < 10 ? String(code) : `${code} (0x${code.toString(16)})`;
}
