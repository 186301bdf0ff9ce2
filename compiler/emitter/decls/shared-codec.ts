/**
 * Messages of the same layout share one codec: a schema where many messages carry the same request or
 * response shape (Box's, or a generated 2,000-message service) would otherwise repeat the same unrolled
 * functions for each, and output would grow with messages × layout size (issue 11). A message's codec
 * takes the name errors report as a parameter (`$n`), so the functions of two messages whose layouts are
 * the same differ only in the names of their own declarations; those are abstracted away to compare them.
 * Their interfaces are shared the same way (type aliases).
 *
 * Comparing needs the functions built, which is most of a message's emission; so each module also
 * remembers, by the layout's model (`layoutKey`), what a layout's first message found, and later messages
 * of that layout look the same codecs up without building them (`shareLayout`).
 */
import type { LayoutItem } from "../../model/model.js";
import { printStatement } from "../print/print.js";
import { docs } from "./docs.js";
import { type LayoutSpec, layoutInterfaces, readFunction, sizeFunction, writeFunction } from "./emit-layout.js";
import type { ModuleEnv } from "../codec/fn.js";
import { type FunctionDeclarationStructure, type InterfaceDeclarationStructure, type Statement, StructureKind } from "../print/structures.js";

/** Where a module keeps the codec functions and interfaces it has emitted, by their text with names abstracted. */
export interface CodecRegistry {
  /** The name of the codec emitted under `key`, if one was. */
  sharedCodec(key: string): string | undefined;
  /** Records that `name` was emitted under `key`. */
  shareCodec(key: string, name: string): void;
  /**
   * Text that determines the code a layout's items generate in this module: their models, and those of
   * the declarations they refer to with their names here. Equal texts, equal code (names abstracted).
   */
  layoutKey(items: readonly LayoutItem[]): string;
}

const IDENTIFIER = /[A-Za-z_$][\w$]*/g;

/**
 * `text` with each of the message's own names replaced by its role. Most statements of a codec name none of
 * them (a message's name reaches its codec as the `$n` parameter): a few native searches then skip the
 * identifier-by-identifier replacement, which cost a 2,000-message schema ~200 ms.
 */
function abstractNames(text: string, own: ReadonlyMap<string, string>): string {
  // Text naming one of them contains their common prefix (the message's name, as names are derived).
  let prefix = commonPrefixes.get(own);
  if (prefix === undefined) commonPrefixes.set(own, (prefix = commonPrefix([...own.keys()])));
  if (prefix !== "" && !text.includes(prefix)) return text;
  for (const name of own.keys()) if (text.includes(name)) return text.replace(IDENTIFIER, (id) => own.get(id) ?? id);
  return text;
}

const commonPrefixes = new WeakMap<ReadonlyMap<string, string>, string>();

function commonPrefix(names: readonly string[]): string {
  let prefix = names[0] ?? "";
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** A codec's name, and the key it is shared under (undefined: not shared). */
interface Shared {
  readonly name: string;
  readonly key: string | undefined;
}

/**
 * The name to call for `fn`: that of an identical function this module already has, or `fn`'s own (then
 * `fn` is appended to `out`). `own` maps each name of the message's own declarations to its role.
 */
function shareFunction(fn: FunctionDeclarationStructure, own: ReadonlyMap<string, string>, env: CodecRegistry, out: Statement[], shareable: boolean): Shared {
  if (!shareable) {
    out.push(fn);
    return { name: fn.name, key: undefined };
  }
  // The key is the function's parts as written, not its printed text: most functions of a big schema are
  // duplicates, and need not be printed at all.
  const parts = [fn.name, ...(fn.parameters ?? []).map((p) => `${p.name}:${p.type ?? ""}`), fn.returnType ?? "", ...fn.statements];
  const key = parts.map((part) => abstractNames(part, own)).join("\n");
  const existing = env.sharedCodec(key);
  if (existing !== undefined) return { name: existing, key };
  env.shareCodec(key, fn.name);
  out.push(fn);
  return { name: fn.name, key };
}

/**
 * `iface`, or — when this module already has an interface of the same members (its own docs aside) — an
 * alias of that one: messages of one layout share their types as their codecs. The alias carries
 * `aliasDoc`, a line saying what the type is (the interface it names has the rest).
 */
function shareInterface(iface: InterfaceDeclarationStructure, own: ReadonlyMap<string, string>, env: CodecRegistry, out: Statement[], aliasDoc: string): string {
  const key = abstractNames(printStatement({ ...iface, docs: [] }), own);
  const existing = env.sharedCodec(key);
  if (existing === undefined) {
    env.shareCodec(key, iface.name);
    out.push(iface);
  } else out.push(alias(iface.name, iface.isExported === true, aliasDoc, existing));
  return key;
}

function alias(name: string, isExported: boolean, aliasDoc: string, type: string): Statement {
  return { kind: StructureKind.TypeAlias, name, isExported, docs: docs(aliasDoc), type };
}

/** One of a message's two layouts, as emitMessage hands it over. */
export interface LayoutUse {
  readonly spec: LayoutSpec;
  /** The one-line docs of the value and init types when they are aliases. */
  readonly aliasDocs: readonly [string, string];
  /** Whether it gets a sizer (a fixed-size request's would be dead code). */
  readonly sized: boolean;
  /** Whether its functions may be shared (not when they measure request fields). */
  readonly shareable: boolean;
}

/** The functions a message calls for one layout ("" for a sizer it has none of). */
export interface LayoutCodecs {
  readonly size: string;
  readonly write: string;
  readonly read: string;
}

/** What the first message of a layout found: the keys of its interfaces (with their roles) and functions. */
interface KnownLayout {
  readonly interfaces: readonly { readonly key: string; readonly role: string; readonly isExported: boolean }[];
  readonly functions: readonly (string | undefined)[];
}

const knownLayouts = new WeakMap<CodecRegistry, Map<string, KnownLayout>>();

/**
 * A message's layout: its interfaces go to `out` (or aliases of equal ones), its functions to `codecs`
 * (unless equal ones exist), and the names to call come back.
 */
export function shareLayout(use: LayoutUse, own: ReadonlyMap<string, string>, env: CodecRegistry & ModuleEnv, out: Statement[], codecs: Statement[]): LayoutCodecs {
  let known = knownLayouts.get(env);
  if (known === undefined) knownLayouts.set(env, (known = new Map()));
  const { spec } = use;
  const memoKey = use.shareable ? [spec.where, abstractNames(spec.requestType ?? "", own), use.sized, env.layoutKey(spec.items)].join("\u0000") : undefined;
  const seen = memoKey === undefined ? undefined : known.get(memoKey);
  const reused = seen === undefined ? undefined : lookUp(seen, own, env, use);
  if (reused !== undefined) {
    out.push(...reused.aliases);
    return reused.codecs;
  }
  const interfaces = layoutInterfaces(spec, env).map((iface, k) => ({
    key: shareInterface(iface, own, env, out, use.aliasDocs[k === 0 ? 0 : 1]),
    role: own.get(iface.name) ?? "",
    isExported: iface.isExported === true,
  }));
  const size = use.sized ? shareFunction(sizeFunction(spec, env), own, env, codecs, use.shareable) : { name: "", key: undefined };
  const write = shareFunction(writeFunction(spec, env), own, env, codecs, use.shareable);
  const read = shareFunction(readFunction(spec, env), own, env, codecs, use.shareable);
  if (memoKey !== undefined && interfaces.every((i) => i.role !== "")) known.set(memoKey, { interfaces, functions: [size.key, write.key, read.key] });
  return { size: size.name, write: write.name, read: read.name };
}

/** The aliases and codec names of a layout this module has seen, or undefined if one is missing. */
function lookUp(seen: KnownLayout, own: ReadonlyMap<string, string>, env: CodecRegistry, use: LayoutUse): { aliases: Statement[]; codecs: LayoutCodecs } | undefined {
  const byRole = new Map<string, string>();
  for (const [name, role] of own) byRole.set(role, name);
  const aliases: Statement[] = [];
  for (const [k, i] of seen.interfaces.entries()) {
    const name = byRole.get(i.role);
    const existing = env.sharedCodec(i.key);
    if (name === undefined || existing === undefined) return undefined;
    aliases.push(alias(name, i.isExported, use.aliasDocs[k === 0 ? 0 : 1], existing));
  }
  const names = seen.functions.map((key) => (key === undefined ? "" : env.sharedCodec(key)));
  if (names.some((n) => n === undefined)) return undefined;
  const [size = "", write = "", read = ""] = names as string[];
  return { aliases, codecs: { size, write, read } };
}
