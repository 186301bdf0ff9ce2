/**
 * Comparing the wire types of a matched pair of fields: integer width, signedness and byte order; string,
 * bytes and array length forms, prefixes, fixed sizes and length fields; size prefixes of structs; enum
 * and flags members. What does not change bytes is not reported: `string` ↔ `bytes` with the same length,
 * an integer ↔ an enum or flags with the same backing type, `as number`/`as bigint`, default values.
 */
import type * as M from "../model/model.js";
import type { CompareContext, Finding, Pairing } from "./context.js";
import { countName, intName, lengthName, prefixName, typeName } from "./describe.js";
import type { Container } from "./flatten.js";
import type { BreakingRule } from "./rules.js";

export interface TypeSite {
  readonly old: M.FieldModel;
  readonly neu: M.FieldModel;
  readonly pairing: Pairing;
  readonly cx: CompareContext;
  readonly out: Finding[];
  readonly container: Container | undefined;
  readonly via: Finding["via"];
  /** Both fields are bounded by a `sizeof` field: a struct there ends at a known boundary. */
  readonly boundedLeaf: boolean;
  /** Compares two structs' contents as nested sequences (provided by the sequence comparer). */
  readonly compareStructs: (old: M.StructModel, neu: M.StructModel, bounded: boolean) => void;
}

function report(site: TypeSite, rule: BreakingRule, message: string): void {
  site.out.push({
    rule,
    message,
    newSpan: site.neu.span,
    oldSpan: site.old.span,
    oldNote: `was \`${site.old.name}: ${typeName(site.old.type)}\``,
    container: site.container,
    via: site.via,
  });
}

/** The integer on the wire: an int, or an enum's or flags' backing type. */
function wireInt(t: M.TypeModel): M.IntType | undefined {
  return t.kind === "int" ? t : t.kind === "enum" ? t.enum.backing : t.kind === "flags" ? t.flags.backing : undefined;
}

export function compareTypes(ot: M.TypeModel, nt: M.TypeModel, site: TypeSite): void {
  const what = `field \`${site.neu.name}\``;
  const oi = wireInt(ot);
  const ni = wireInt(nt);
  if (oi && ni) {
    compareNumbers(oi, ni, site, what);
    const oe = ot.kind === "enum" ? ot.enum : ot.kind === "flags" ? ot.flags : undefined;
    const ne = nt.kind === "enum" ? nt.enum : nt.kind === "flags" ? nt.flags : undefined;
    if (oe && ne) compareMembers(oe, ne, site);
    return;
  }
  if (ot.kind === "varint" && nt.kind === "varint") return;
  if (ot.kind === "float" && nt.kind === "float") {
    compareNumbers(ot, nt, site, what);
    return;
  }
  if ((ot.kind === "string" || ot.kind === "bytes") && (nt.kind === "string" || nt.kind === "bytes")) {
    compareLengths(ot.length, nt.length, site, what);
    return;
  }
  if (ot.kind === "array" && nt.kind === "array") {
    compareCounts(ot.count, nt.count, site, what);
    compareTypes(ot.element, nt.element, { ...site, boundedLeaf: false });
    return;
  }
  if (ot.kind === "prefixed" || nt.kind === "prefixed") {
    comparePrefixedValues(ot, nt, site, what);
    return;
  }
  if (ot.kind === "struct" && nt.kind === "struct") {
    const op = ot.sizePrefix;
    const np = nt.sizePrefix;
    if (op === undefined && np !== undefined) {
      report(site, "B014", `${what} gained a size prefix (\`${prefixName(np)}\`): old peers read the struct without it`);
    } else if (op !== undefined && np === undefined) {
      report(site, "B014", `${what} lost its size prefix (\`${prefixName(op)}\`): old peers still expect it`);
    } else if (op !== undefined && np !== undefined) {
      comparePrefixes(op, np, site, `the size prefix of ${what}`);
    }
    if (site.cx.options.strictNames && ot.struct.name !== nt.struct.name) {
      report(site, "B073", `${what} now uses struct \`${nt.struct.name}\`, was \`${ot.struct.name}\` (same layout)`);
    }
    site.compareStructs(ot.struct, nt.struct, (op !== undefined && np !== undefined) || site.boundedLeaf);
    return;
  }
  report(site, "B010", `${what} changed type from \`${typeName(ot)}\` to \`${typeName(nt)}\`: old peers read these bytes differently`);
}

/** `u32` ↔ `u32<varint>` moves every later byte; two prefixed values compare by prefix, then by value. */
function comparePrefixedValues(ot: M.TypeModel, nt: M.TypeModel, site: TypeSite, what: string): void {
  if (ot.kind === "prefixed" && nt.kind === "prefixed") {
    comparePrefixes(ot.prefix, nt.prefix, site, `the length prefix of ${what}`);
    compareTypes(ot.value, nt.value, site);
  } else if (nt.kind === "prefixed") {
    report(site, "B014", `${what} gained a length prefix (\`${typeName(nt)}\`): old peers read the value without it`);
  } else if (ot.kind === "prefixed") {
    report(site, "B014", `${what} lost its length prefix (\`${typeName(ot)}\`): old peers still expect it`);
  }
}

function compareNumbers(o: M.IntType | M.FloatType, n: M.IntType | M.FloatType, site: TypeSite, what: string): void {
  const name = (t: M.IntType | M.FloatType): string => (t.kind === "int" ? intName(t) : typeName(t));
  const change = `(\`${name(o)}\` → \`${name(n)}\`)`;
  if (o.bits !== n.bits) {
    report(site, "B011", `${what} changed width ${change}: old peers read ${o.bits / 8} bytes where there are now ${n.bits / 8}`);
    return;
  }
  if (o.kind === "int" && n.kind === "int" && o.signed !== n.signed) {
    report(site, "B012", `${what} changed signedness ${change}: old peers read the same bytes as different values`);
  }
  if (o.bits > 8 && o.endian !== n.endian) {
    report(site, "B013", `${what} changed byte order ${change}: old peers read its bytes reversed`);
  }
}

function comparePrefixes(o: M.PrefixType, n: M.PrefixType, site: TypeSite, what: string): void {
  const same =
    o.kind === n.kind && (o.kind === "varint" || (n.kind === "int" && o.bits === n.bits && o.signed === n.signed && (o.bits === 8 || o.endian === n.endian)));
  if (!same) report(site, "B014", `${what} changed from \`${prefixName(o)}\` to \`${prefixName(n)}\`: old peers read the length differently`);
}

function compareLengths(o: M.ByteLength, n: M.ByteLength, site: TypeSite, what: string): void {
  const change = `(\`<${lengthName(o)}>\` → \`<${lengthName(n)}>\`)`;
  if (o.kind !== n.kind) {
    report(site, "B015", `the length of ${what} changed form ${change}: old peers find its end elsewhere`);
  } else if (o.kind === "fixed" && n.kind === "fixed") {
    if (o.size !== n.size) report(site, "B016", `${what} changed its fixed length from ${o.size} to ${n.size} bytes`);
    else if (o.pad !== n.pad) report(site, "B015", `${what} changed its padding ${change}: padding and trailing bytes are written and read differently`);
  } else if (o.kind === "prefix" && n.kind === "prefix") {
    comparePrefixes(o.prefix, n.prefix, site, `the length prefix of ${what}`);
  } else if (o.kind === "field" && n.kind === "field") {
    compareMeasuredBy(o.field, n.field, site, `the length of ${what}`);
  }
}

function compareCounts(o: M.ItemCount, n: M.ItemCount, site: TypeSite, what: string): void {
  const change = `(\`[${countName(o)}]\` → \`[${countName(n)}]\`)`;
  if (o.kind !== n.kind) {
    report(site, "B015", `the item count of ${what} changed form ${change}: old peers read a different number of items`);
  } else if (o.kind === "fixed" && n.kind === "fixed") {
    if (o.count !== n.count) report(site, "B016", `${what} changed its fixed item count from ${o.count} to ${n.count}`);
  } else if (o.kind === "prefix" && n.kind === "prefix") {
    comparePrefixes(o.prefix, n.prefix, site, `the count prefix of ${what}`);
  } else if (o.kind === "field" && n.kind === "field") {
    compareMeasuredBy(o.field, n.field, site, `the item count of ${what}`);
  }
}

function compareMeasuredBy(o: M.FieldModel, n: M.FieldModel, site: TypeSite, what: string): void {
  if (site.pairing.get(o) !== n) {
    report(site, "B017", `${what} is now given by \`${n.name}\`, was \`${o.name}\` (a different field on the wire)`);
  }
}

function compareMembers(oe: M.EnumModel | M.FlagsModel, ne: M.EnumModel | M.FlagsModel, site: TypeSite): void {
  const kind = ne.kind;
  const push = (rule: BreakingRule, message: string, newSpan: M.EnumMemberModel["span"], old: M.EnumMemberModel): void => {
    site.out.push({ rule, message, newSpan, oldSpan: old.span, oldNote: `was \`${old.name} = ${old.value}\``, container: { kind, decl: ne }, via: site.via });
  };
  if (site.cx.options.strictNames && oe.name !== ne.name) {
    report(site, "B073", `field \`${site.neu.name}\` now uses ${kind} \`${ne.name}\`, was \`${oe.name}\``);
  }
  for (const om of oe.members) {
    const nm = ne.members.find((m) => m.name === om.name);
    if (nm) {
      if (nm.value !== om.value) {
        push("B061", `${kind} \`${ne.name}\` member \`${nm.name}\` changed value from ${om.value} to ${nm.value}: old peers mean ${om.value}`, nm.span, om);
      }
      continue;
    }
    const renamed = ne.members.find((m) => m.value === om.value && !oe.members.some((x) => x.name === m.name));
    if (renamed) {
      if (site.cx.options.strictNames) push("B074", `${kind} \`${ne.name}\` member \`${om.name}\` was renamed to \`${renamed.name}\``, renamed.span, om);
    } else {
      push("B060", `${kind} \`${ne.name}\` lost member \`${om.name}\` (= ${om.value}): old peers still send it`, ne.span, om);
    }
  }
}
