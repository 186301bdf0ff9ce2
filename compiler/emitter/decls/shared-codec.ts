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
import { createHash } from "node:crypto";
import type { LayoutItem } from "../../model/model.js";
import { printStatement } from "../print/print.js";
import { docs } from "./docs.js";
import { type LayoutSpec, layoutInterfaces, readFunction, sizeFunction, writeFunction } from "./emit-layout.js";
import type { ModuleEnv } from "../codec/fn.js";
import { type FunctionDeclarationStructure, type InterfaceDeclarationStructure, type Statement, StructureKind } from "../print/structures.js";

/**
 * Where a module keeps the codec functions and interfaces it has emitted, by the digest of their text
 * with names abstracted (`codecDigest`), and the layouts it has seen.
 */
export interface CodecRegistry {
  /** The name of the codec emitted under `digest`, if one was. */
  sharedCodec(digest: string): string | undefined;
  /** Records that `name` was emitted under `digest`. */
  shareCodec(digest: string, name: string): void;
  /**
   * Text that determines the code a layout's items generate in this module: their models, and those of
   * the declarations they refer to with their names here. Equal texts, equal code (names abstracted).
   */
  layoutKey(items: readonly LayoutItem[]): string;
  /** What the first message of a layout (by `layoutKey` and how it is used) found. */
  knownLayout(key: string): KnownLayout | undefined;
  rememberLayout(key: string, layout: KnownLayout): void;
}

/** What the first message of a layout found: the digests of its interfaces (with their roles) and functions. */
export interface KnownLayout {
  readonly interfaces: readonly { readonly digest: string; readonly role: string; readonly isExported: boolean }[];
  readonly functions: readonly (string | undefined)[];
}

/**
 * A shared codec's key is its whole text (names abstracted); registries and the emit cache keep a digest
 * of it instead, a few dozen bytes however long the codec.
 */
export function codecDigest(key: string): string {
  return createHash("sha1").update(key).digest("base64");
}

const IDENTIFIER = /[A-Za-z_$][\w$]*/g;

/**
 * The names of a message's own declarations, each with its role: what two messages' codecs may differ in.
 * Their common prefix (the message's name, as names are derived) is searched for first: most statements of
 * a codec name none of them (a message's name reaches its codec as the `$n` parameter), and replacing
 * identifier by identifier cost a 2,000-message schema ~200 ms.
 */
export class OwnNames {
  readonly #roles: ReadonlyMap<string, string>;
  readonly #names: ReadonlyMap<string, string>;
  readonly #prefix: string;

  constructor(roles: ReadonlyMap<string, string>) {
    this.#roles = roles;
    this.#names = new Map([...roles].map(([name, role]) => [role, name]));
    let prefix = roles.keys().next().value ?? "";
    for (const name of roles.keys()) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
    this.#prefix = prefix;
  }

  roleOf(name: string): string | undefined {
    return this.#roles.get(name);
  }

  nameOf(role: string): string | undefined {
    return this.#names.get(role);
  }

  /** `text` with each own name replaced by its role. */
  abstract(text: string): string {
    if (this.#prefix !== "" && !text.includes(this.#prefix)) return text;
    for (const name of this.#roles.keys()) if (text.includes(name)) return text.replace(IDENTIFIER, (id) => this.#roles.get(id) ?? id);
    return text;
  }
}

/** A codec's name, and the digest it is shared under (undefined: not shared). */
interface Shared {
  readonly name: string;
  readonly digest: string | undefined;
}

/**
 * The name to call for `fn`: that of an identical function this module already has, or `fn`'s own (then
 * `fn` is appended to `out`).
 */
function shareFunction(fn: FunctionDeclarationStructure, own: OwnNames, env: CodecRegistry, out: Statement[], shareable: boolean): Shared {
  if (!shareable) {
    out.push(fn);
    return { name: fn.name, digest: undefined };
  }
  // The key is the function's parts as written, not its printed text: most functions of a big schema are
  // duplicates, and need not be printed at all.
  const parts = [fn.name, ...(fn.parameters ?? []).map((p) => `${p.name}:${p.type ?? ""}`), fn.returnType ?? "", ...fn.statements];
  const digest = codecDigest(parts.map((part) => own.abstract(part)).join("\n"));
  const existing = env.sharedCodec(digest);
  if (existing !== undefined) return { name: existing, digest };
  env.shareCodec(digest, fn.name);
  out.push(fn);
  return { name: fn.name, digest };
}

/**
 * `iface`, or — when this module already has an interface of the same members (its own docs aside) — an
 * alias of that one: messages of one layout share their types as their codecs. The alias carries
 * `aliasDoc`, a line saying what the type is (the interface it names has the rest).
 */
function shareInterface(iface: InterfaceDeclarationStructure, own: OwnNames, env: CodecRegistry, out: Statement[], aliasDoc: string): string {
  const digest = codecDigest(own.abstract(printStatement({ ...iface, docs: [] })));
  const existing = env.sharedCodec(digest);
  if (existing === undefined) {
    env.shareCodec(digest, iface.name);
    out.push(iface);
  } else out.push(alias(iface.name, iface.isExported === true, aliasDoc, existing));
  return digest;
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

/**
 * A message's layout: its interfaces go to `out` (or aliases of equal ones), its functions to `codecs`
 * (unless equal ones exist), and the names to call come back.
 */
export function shareLayout(use: LayoutUse, own: OwnNames, env: CodecRegistry & ModuleEnv, out: Statement[], codecs: Statement[]): LayoutCodecs {
  const { spec } = use;
  const key = use.shareable ? [spec.where, own.abstract(spec.requestType ?? ""), use.sized, env.layoutKey(spec.items)].join("\u0000") : undefined;
  const seen = key === undefined ? undefined : env.knownLayout(key);
  const reused = seen === undefined ? undefined : lookUp(seen, own, env, use);
  if (reused !== undefined) {
    out.push(...reused.aliases);
    return reused.codecs;
  }
  const interfaces = layoutInterfaces(spec, env).map((iface, k) => ({
    digest: shareInterface(iface, own, env, out, use.aliasDocs[k === 0 ? 0 : 1]),
    role: own.roleOf(iface.name) ?? "",
    isExported: iface.isExported === true,
  }));
  const size = use.sized ? shareFunction(sizeFunction(spec, env), own, env, codecs, use.shareable) : { name: "", digest: undefined };
  const write = shareFunction(writeFunction(spec, env), own, env, codecs, use.shareable);
  const read = shareFunction(readFunction(spec, env), own, env, codecs, use.shareable);
  if (key !== undefined && interfaces.every((i) => i.role !== "")) env.rememberLayout(key, { interfaces, functions: [size.digest, write.digest, read.digest] });
  return { size: size.name, write: write.name, read: read.name };
}

/** The aliases and codec names of a layout this module has seen, or undefined if one is missing. */
function lookUp(seen: KnownLayout, own: OwnNames, env: CodecRegistry, use: LayoutUse): { aliases: Statement[]; codecs: LayoutCodecs } | undefined {
  const aliases: Statement[] = [];
  for (const [k, i] of seen.interfaces.entries()) {
    const name = own.nameOf(i.role);
    const existing = env.sharedCodec(i.digest);
    if (name === undefined || existing === undefined) return undefined;
    aliases.push(alias(name, i.isExported, use.aliasDocs[k === 0 ? 0 : 1], existing));
  }
  const names = seen.functions.map((digest) => (digest === undefined ? "" : env.sharedCodec(digest)));
  if (names.some((n) => n === undefined)) return undefined;
  const [size = "", write = "", read = ""] = names as string[];
  return { aliases, codecs: { size, write, read } };
}
