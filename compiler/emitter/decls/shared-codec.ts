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
  const key = parts.join("\n").replace(IDENTIFIER, (id) => own.get(id) ?? id);
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
  const key = text.replace(IDENTIFIER, (id) => own.get(id) ?? id);
  const existing = env.sharedCodec(key);
  if (existing === undefined) {
    env.shareCodec(key, iface.name);
    out.push(iface);
  } else {
    const aliasDocs = aliasDoc === undefined ? (iface.docs ?? []) : docs(aliasDoc);
    out.push({ kind: StructureKind.TypeAlias, name: iface.name, isExported: iface.isExported === true, docs: aliasDocs, type: existing });
  }
}
