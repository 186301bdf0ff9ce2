/**
 * Messages of the same layout share one codec: a schema where many messages carry the same request or
 * response shape (Box's, or a generated 2,000-message service) would otherwise repeat the same unrolled
 * functions for each, and output would grow with messages × layout size (issue 11). A message's codec
 * takes the name errors report as a parameter (`$n`), so the functions of two messages whose layouts are
 * the same differ only in the names of their own declarations; those are abstracted away to compare them.
 * Their interfaces are shared the same way (type aliases).
 */
import { printStatement } from "../print/print.js";
import { docs } from "./docs.js";
import { type FunctionDeclarationStructure, type InterfaceDeclarationStructure, type Statement, StructureKind } from "../print/structures.js";

/** Where a module keeps the codec functions and interfaces it has emitted, by their text with names abstracted. */
export interface CodecRegistry {
  /** The name of the codec emitted under `key`, if one was. */
  sharedCodec(key: string): string | undefined;
  /** Records that `name` was emitted under `key`. */
  shareCodec(key: string, name: string): void;
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

/**
 * The name to call for `fn`: that of an identical function this module already has, or `fn`'s own (then
 * `fn` is appended to `out`). `own` maps each name of the message's own declarations to its role.
 */
export function shareFunction(fn: FunctionDeclarationStructure, own: ReadonlyMap<string, string>, env: CodecRegistry, out: Statement[], shareable = true): string {
  if (!shareable) {
    out.push(fn);
    return fn.name;
  }
  // The key is the function's parts as written, not its printed text: most functions of a big schema are
  // duplicates, and need not be printed at all.
  const parts = [fn.name, ...(fn.parameters ?? []).map((p) => `${p.name}:${p.type ?? ""}`), fn.returnType ?? "", ...fn.statements];
  const key = parts.map((part) => abstractNames(part, own)).join("\n");
  const existing = env.sharedCodec(key);
  if (existing !== undefined) return existing;
  env.shareCodec(key, fn.name);
  out.push(fn);
  return fn.name;
}

/**
 * `iface`, or — when this module already has an interface of the same members (its own docs aside) — an
 * alias of that one: messages of one layout share their types as their codecs. The alias carries
 * `aliasDoc`, a line saying what the type is (the interface it names has the rest), else `iface`'s docs.
 */
export function shareInterface(iface: InterfaceDeclarationStructure, own: ReadonlyMap<string, string>, env: CodecRegistry, out: Statement[], aliasDoc?: string): void {
  const text = printStatement({ ...iface, docs: [] });
  const key = abstractNames(text, own);
  const existing = env.sharedCodec(key);
  if (existing === undefined) {
    env.shareCodec(key, iface.name);
    out.push(iface);
  } else {
    const aliasDocs = aliasDoc === undefined ? (iface.docs ?? []) : docs(aliasDoc);
    out.push({ kind: StructureKind.TypeAlias, name: iface.name, isExported: iface.isExported === true, docs: aliasDocs, type: existing });
  }
}
