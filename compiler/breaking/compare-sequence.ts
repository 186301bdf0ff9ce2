/**
 * Comparing two layouts as byte sequences (see flatten.ts). The verdict needs no names: the sequences
 * must match item by item, and anything extra at the end is a tail (see the tail rule in docs/cli.md).
 * Names only explain a difference: at the first item that differs, the alignment asks whether the new
 * item is new (inserted), the old one is gone (removed), both exist elsewhere (moved), or it is the same
 * field changed in place; then it carries on, so one run reports every change.
 */
import type { Span } from "../diagnostics/span.js";
import type * as M from "../model/model.js";
import { sameOptionalExpr } from "./compare-expr.js";
import { compareTypes } from "./compare-types.js";
import type { CompareContext, Finding, Pairing } from "./context.js";
import { exprText } from "../model/expr-text.js";
import { flatten, groupLeaf, type Leaf, leafKey, leafName, placeOf } from "./flatten.js";
import type { BreakingRule } from "./rules.js";

export interface Region {
  /** `the request of \`Box.Insert\``, `struct \`Profile\``. */
  readonly what: string;
  readonly newSpan: Span;
  readonly oldSpan: Span;
  /** The region is a whole body or has a known size: items appended at its end form a tail. */
  readonly bounded: boolean;
}

export interface Sequences {
  readonly old: readonly Leaf[];
  readonly neu: readonly Leaf[];
  readonly region: Region;
  readonly pairing: Pairing;
  readonly cx: CompareContext;
  /** For a nested sequence: the top-level field of the message layout it is reached through. */
  readonly via: Finding["via"];
}

function finding(rule: BreakingRule, message: string, n: { span: Span; leaf?: Leaf }, o: { span: Span; note: string; leaf?: Leaf }, via: Finding["via"]): Finding {
  return { rule, message, newSpan: n.span, oldSpan: o.span, oldNote: o.note, container: n.leaf?.container ?? o.leaf?.container, via };
}

/**
 * The top-level field pair a change inside a struct is reached through: the new leaf's top field, and
 * the old top field of the same name (else the old leaf's own).
 */
function viaOf(o: Leaf, n: Leaf, outer: Finding["via"], old: readonly Leaf[] = []): Finding["via"] {
  if (outer) return outer;
  const [nf] = n.path;
  const of = old.find((l) => l.path[0]?.name === nf?.name)?.path[0] ?? o.path[0];
  return (n.container?.kind === "struct" || o.container?.kind === "struct") && nf && of ? { neu: nf, old: of } : undefined;
}

/** A new leaf that ends its struct while the old item at its place is outside that struct: appended to the struct. */
function endsItsStruct(n: Leaf, o: Leaf): boolean {
  if (n.container?.kind !== "struct" || n.item.kind === "pad") return false;
  const prefix = n.path.slice(0, -1).map((f) => f.name).join(".");
  return !(leafKey(o) ?? "").startsWith(`${prefix}.`);
}

function appendedToStruct(n: Leaf, oldLast: Leaf | undefined, region: Region, via: Finding["via"]): Finding {
  const message = `${leafName(n)} was appended to ${placeOf(n, region.what)}, which is not the end of the body: old peers read what follows at the wrong offset`;
  const old = oldLast ? { span: oldLast.item.span, note: "the old layout ends after this", leaf: oldLast } : { span: region.oldSpan, note: "the old layout is empty" };
  return finding("B021", message, { span: n.item.span, leaf: n }, old, via);
}

/** Alignment keys: a field's path, or the pad's ordinal among the pads. */
function keys(leaves: readonly Leaf[]): string[] {
  let pads = 0;
  return leaves.map((l) => leafKey(l) ?? `\u0000pad${pads++}`);
}

export function compareSequences(s: Sequences): Finding[] {
  const { old, neu, region, pairing, cx } = s;
  const out: Finding[] = [];
  const oldKeys = keys(old);
  const newKeys = keys(neu);
  const consumed = new Set<number>();
  const paired: [Leaf, Leaf][] = [];
  const take = (o: Leaf, n: Leaf, trial: Pairing, diffs: readonly Finding[]): void => {
    pairing.commit(trial);
    out.push(...diffs);
    paired.push([o, n]);
  };
  let i = 0;
  let j = 0;
  for (;;) {
    while (consumed.has(i)) i++;
    const o = old[i];
    const n = neu[j];
    if (!o || !n) break;
    const group = regroup(old, neu, i, j);
    if (group) {
      const trial = pairing.child();
      take(group.old, group.neu, trial, compareLeaves(group.old, group.neu, trial, cx, s.via));
      i += group.oldCount;
      j += group.newCount;
      continue;
    }
    if (oldKeys[i] === newKeys[j]) {
      const trial = pairing.child();
      take(o, n, trial, compareLeaves(o, n, trial, cx, s.via));
      i++;
      j++;
      continue;
    }
    const nInOld = oldKeys.findIndex((k, x) => x > i && !consumed.has(x) && k === newKeys[j]);
    const oInNew = newKeys.findIndex((k, x) => x > j && k === oldKeys[i]);
    const via = viaOf(o, n, s.via, old);
    if (nInOld < 0 && oInNew >= 0 && endsItsStruct(n, o)) {
      out.push(appendedToStruct(n, old[i - 1], region, via));
      j++;
    } else if (nInOld < 0 && oInNew >= 0) {
      const message = `${leafName(n)} was inserted into ${placeOf(n, region.what)} before ${leafName(o)}: old peers read it and everything after it at the wrong offset`;
      out.push(finding("B021", message, { span: n.item.span, leaf: n }, { span: o.item.span, note: `old peers expect ${leafName(o)} here`, leaf: o }, via));
      j++;
    } else if (nInOld >= 0 && oInNew < 0) {
      out.push(removed(o, n, neu, region, via));
      i++;
    } else if (nInOld >= 0 && oInNew >= 0) {
      const from = old[nInOld] as Leaf;
      const message = `${leafName(n)} moved before ${leafName(o)} in ${placeOf(n, region.what)}: old peers read these items in the old order`;
      out.push(finding("B023", message, { span: n.item.span, leaf: n }, { span: from.item.span, note: "its old position", leaf: from }, viaOf(from, n, s.via)));
      const moved = pairing.child();
      take(from, n, moved, compareLeaves(from, n, moved, cx, s.via));
      consumed.add(nInOld);
      j++;
    } else {
      // Neither name is on the other side: the same place, renamed (and maybe changed).
      const trial = pairing.child();
      take(o, n, trial, compareLeaves(o, n, trial, cx, s.via));
      i++;
      j++;
    }
  }
  for (let k = i; k < old.length; k++) {
    const o = old[k];
    if (!o || consumed.has(k)) continue;
    out.push(removed(o, undefined, neu, region, viaOf(o, o, s.via)));
  }
  const tail = neu.slice(j);
  const first = tail[0];
  if (first) out.push(...appended(first, tail, s));
  out.push(...sizeofChanges(paired, pairing, s.via));
  if (cx.options.strictNames) out.push(...renames(paired, s.via));
  return out;
}

/**
 * A removal. One removed from a struct or envelope is reported at that declaration in the new schema,
 * in the same words from every body that contains it; one removed from the body itself is reported at
 * what now takes its place (or at the message, when it was last).
 */
function removed(o: Leaf, n: Leaf | undefined, neu: readonly Leaf[], region: Region, via: Finding["via"]): Finding {
  const container = o.container;
  const old = { span: o.item.span, note: "the removed item", leaf: o };
  if (container && container.kind !== "enum" && container.kind !== "flags") {
    const place = placeOf(o, region.what);
    const same = neu.find((l) => l.container?.kind === container.kind && l.container.decl.name === container.decl.name)?.container;
    // The new declaration: found among the new items, or the region itself when the region is that struct.
    const at = same?.decl.span ?? (place === region.what ? region.newSpan : (n?.item.span ?? region.newSpan));
    return finding("B022", `${leafName(o)} was removed from ${place}: old peers still expect it`, { span: at }, old, via);
  }
  const message = n
    ? `${leafName(o)} was removed from ${region.what}: old peers still expect it before ${leafName(n)}`
    : `${leafName(o)} was removed from the end of ${region.what}: old peers still expect it`;
  return finding("B022", message, n ? { span: n.item.span, leaf: n } : { span: region.newSpan }, old, via);
}

/**
 * A struct field written in place on one side (flattened into several leaves) and kept whole on the
 * other (size-prefixed or conditional): compared as that one field.
 */
function regroup(old: readonly Leaf[], neu: readonly Leaf[], i: number, j: number): { old: Leaf; neu: Leaf; oldCount: number; newCount: number } | undefined {
  const o = old[i];
  const n = neu[j];
  if (!o || !n) return undefined;
  const members = (leaves: readonly Leaf[], from: number, field: M.FieldModel, depth: number): number => {
    let k = from;
    while (leaves[k]?.path[depth] === field) k++;
    return k - from;
  };
  const whole = (leaf: Leaf): boolean => leaf.item.kind === "field" && leaf.item.type.kind === "struct";
  if (whole(n)) {
    const depth = n.path.length - 1;
    const g = groupLeaf(o, depth);
    if (g?.item.kind === "field" && g.item.name === (n.item as M.FieldModel).name) {
      return { old: g, neu: n, oldCount: members(old, i, g.item, depth), newCount: 1 };
    }
  }
  if (whole(o)) {
    const depth = o.path.length - 1;
    const g = groupLeaf(n, depth);
    if (g?.item.kind === "field" && g.item.name === (o.item as M.FieldModel).name) {
      return { old: o, neu: g, oldCount: 1, newCount: members(neu, j, g.item, depth) };
    }
  }
  return undefined;
}

function appended(first: Leaf, tail: readonly Leaf[], s: Sequences): Finding[] {
  const names = tail.map(leafName).join(", ");
  const at = { span: first.item.span, leaf: first };
  const last = s.old[s.old.length - 1];
  const old = last ? { span: last.item.span, note: "the old layout ends after this", leaf: last } : { span: s.region.oldSpan, note: "the old layout is empty" };
  const via = viaOf(first, first, s.via);
  if (!s.region.bounded) return tail.map((leaf) => appendedToStruct(leaf, last, s.region, viaOf(leaf, leaf, s.via, s.old)));
  if (s.cx.options.tailTolerant) {
    s.cx.appendedAtTail = true;
    return [];
  }
  const message =
    `${names} appended to the end of ${s.region.what}: old readers reject the trailing bytes (generated decoders and ` +
    `MR::Tarantool::Box do) and new readers cannot decode old peers' shorter bodies`;
  return [finding("B024", message, at, old, via)];
}

function compareLeaves(o: Leaf, n: Leaf, pairing: Pairing, cx: CompareContext, outerVia: Finding["via"]): Finding[] {
  const out: Finding[] = [];
  const via = viaOf(o, n, outerVia);
  if (o.item.kind === "pad" || n.item.kind === "pad") {
    const old = { span: o.item.span, note: `was ${leafName(o)}`, leaf: o };
    if (o.item.kind === "pad" && n.item.kind === "pad") {
      if (o.item.size !== n.item.size) {
        out.push(finding("B016", `padding changed from ${o.item.size} to ${n.item.size} bytes`, { span: n.item.span, leaf: n }, old, via));
      }
    } else {
      out.push(finding("B010", `${leafName(o)} was replaced by ${leafName(n)}`, { span: n.item.span, leaf: n }, old, via));
    }
    return out;
  }
  const of = o.item;
  const nf = n.item;
  pairing.set(of, nf);
  if (!sameOptionalExpr(of.condition, nf.condition, pairing, cx.requestPairing)) {
    const message =
      of.condition === undefined
        ? `field \`${nf.name}\` is now conditional (\`if ${exprText(nf.condition as M.ExprModel)}\`): old peers always expect it`
        : nf.condition === undefined
          ? `field \`${nf.name}\` is no longer conditional (was \`if ${exprText(of.condition)}\`): old peers skip it when that is false`
          : `the condition of field \`${nf.name}\` changed from \`${exprText(of.condition)}\` to \`${exprText(nf.condition)}\``;
    out.push(finding("B018", message, { span: nf.span, leaf: n }, { span: of.span, note: "the old condition", leaf: o }, via));
  }
  compareTypes(of.type, nf.type, {
    old: of,
    neu: nf,
    pairing,
    cx,
    out,
    container: n.container,
    via,
    boundedLeaf: o.bounded && n.bounded,
    compareStructs: (os, ns, bounded) => {
      const active = cx.active.get(os) ?? new Set<M.StructModel>();
      if (active.has(ns)) return; // a recursive struct: this pair is already being compared further up
      cx.active.set(os, active.add(ns));
      const region: Region = { what: `struct \`${ns.name}\``, newSpan: ns.span, oldSpan: os.span, bounded };
      const nested = flatten(ns.items, { kind: "struct", decl: ns });
      const before = flatten(os.items, { kind: "struct", decl: os });
      out.push(...compareSequences({ old: before, neu: nested, region, pairing: pairing.child(), cx, via: via ?? { neu: nf, old: of } }));
      active.delete(ns);
    },
  });
  return out;
}

/** `= sizeof(x)` relations: a size field must still measure the same (paired) field. */
function sizeofChanges(paired: readonly [Leaf, Leaf][], pairing: Pairing, outerVia: Finding["via"]): Finding[] {
  const out: Finding[] = [];
  for (const [o, n] of paired) {
    if (o.item.kind !== "field" || n.item.kind !== "field") continue;
    const or = o.item.role;
    const nr = n.item.role;
    if (or.kind !== "sizeof" && nr.kind !== "sizeof") continue;
    if (or.kind === "sizeof" && nr.kind === "sizeof" && pairing.get(or.target) === nr.target) continue;
    const name = `field \`${n.item.name}\``;
    const message =
      or.kind !== "sizeof" && nr.kind === "sizeof"
        ? `${name} is now the byte size of \`${nr.target.name}\`: old peers read it as a plain value and do not bound \`${nr.target.name}\``
        : or.kind === "sizeof" && nr.kind !== "sizeof"
          ? `${name} is no longer the byte size of \`${or.target.name}\`: old peers still bound that field by it`
          : `${name} now measures \`${nr.kind === "sizeof" ? nr.target.name : ""}\`, was \`${or.kind === "sizeof" ? or.target.name : ""}\``;
    out.push(finding("B017", message, { span: n.item.span, leaf: n }, { span: o.item.span, note: "the old size relation", leaf: o }, viaOf(o, n, outerVia)));
  }
  return out;
}

/** Renames along the paths of paired fields (only with --strict-names). */
function renames(paired: readonly [Leaf, Leaf][], outerVia: Finding["via"]): Finding[] {
  const out: Finding[] = [];
  for (const [o, n] of paired) {
    if (o.item.kind !== "field" || n.item.kind !== "field") continue;
    const k = o.path.findIndex((f, x) => f.name !== n.path[x]?.name);
    const of = o.path[k];
    const nf = n.path[k];
    const via = viaOf(o, n, outerVia);
    if (of && nf) {
      out.push(finding("B070", `field \`${of.name}\` was renamed to \`${nf.name}\``, { span: nf.span, leaf: n }, { span: of.span, note: "the old name", leaf: o }, via));
    } else if (o.path.length !== n.path.length) {
      const message = `field \`${o.path.map((f) => f.name).join(".")}\` is now \`${n.path.map((f) => f.name).join(".")}\``;
      out.push(finding("B070", message, { span: n.item.span, leaf: n }, { span: o.item.span, note: "the old name", leaf: o }, via));
    }
  }
  return out;
}
