/**
 * The ModuleEnv of one generated file: records which runtime helpers and which declarations of other
 * generated files the code uses, and produces the import declarations for them. What one declaration's
 * emission does to it can be recorded and replayed (env-effects.ts), so a cached emission leaves the env
 * exactly as emitting it again would.
 */
import { type ImportDeclarationStructure, StructureKind } from "../print/structures.js";
import type { EnumModel, EnvelopeModel, FlagsModel, LayoutItem, StructModel } from "../../model/model.js";
import { Fingerprints } from "./fingerprint.js";
import type { RuntimeType, RuntimeValue } from "../codec/runtime-names.js";
import type { DeclEnv } from "../decls/decl-env.js";
import type { KnownLayout } from "../decls/shared-codec.js";
import type { EnvEffect } from "./env-effects.js";
import { DEFAULT_FIELD_NAMING, type FieldNaming } from "../../model/property-names.js";
import { constAlias, importAlias, prop, runtimeAlias } from "../plan/names.js";
import type { EnvelopeNames, FileNames, LayoutNames } from "../plan/plan.js";

interface ImportedName {
  readonly local: string;
  readonly isType: boolean;
}

function relativeModule(from: string, to: string): string {
  const a = from.split("/").slice(0, -1);
  const b = to.split("/");
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  const up = a.slice(i).map(() => "..");
  const rel = [...up, ...b.slice(i)].join("/").replace(/\.ts$/, ".js");
  return rel.startsWith(".") ? rel : `./${rel}`;
}

export class FileEnv implements DeclEnv {
  readonly #runtimeValues = new Set<RuntimeValue>();
  readonly #runtimeTypes = new Set<RuntimeType>();
  readonly #constants = new Set<RuntimeValue>();
  /** module specifier → exported name → how it is bound here */
  readonly #imports = new Map<string, Map<string, ImportedName>>();
  readonly #localsTaken = new Set<string>();
  /** Shared codecs emitted so far, by the digest of their key (decls/shared-codec.ts). */
  readonly #codecs = new Map<string, string>();
  #aliasCount = 0;
  /** Writes layouts' models as text (layoutKey), each referenced declaration's fingerprint once. */
  #fingerprints: Fingerprints | undefined;
  /** The layouts this module has seen (decls/shared-codec.ts shareLayout). */
  readonly #layouts = new Map<string, KnownLayout>();
  /** Where the effects of the emission being recorded go. */
  #journal: EnvEffect[] | undefined;
  /** The runtime names the recording has noted: binding one is idempotent, so each is noted once. */
  readonly #journaledNames = new Set<string>();

  constructor(
    readonly plan: FileNames,
    readonly plans: ReadonlyMap<string, FileNames>,
    readonly runtimeImport: string,
    readonly naming: FieldNaming = DEFAULT_FIELD_NAMING,
  ) {}

  prop(fieldName: string): string {
    return prop(fieldName, this.naming);
  }

  rt(name: RuntimeValue): string {
    this.#runtimeValues.add(name);
    if (this.#journal !== undefined && this.#firstNote(`rt ${name}`)) this.#journal.push(["rt", name]);
    return runtimeAlias(name);
  }

  /**
   * A runtime value bound to a module-level constant (`const $$SCRATCH = $SCRATCH`): hot code reads a
   * module constant faster than an imported binding.
   */
  rtConst(name: RuntimeValue): string {
    this.#runtimeValues.add(name);
    this.#constants.add(name);
    if (this.#journal !== undefined && this.#firstNote(`rtConst ${name}`)) this.#journal.push(["rtConst", name]);
    return constAlias(name);
  }

  /** Declarations of the module-level constants rtConst handed out. */
  constants(): string[] {
    return [...this.#constants].sort(byText).map((n) => `const ${constAlias(n)} = ${runtimeAlias(n)};`);
  }

  rtType(name: RuntimeType): string {
    this.#runtimeTypes.add(name);
    if (this.#journal !== undefined && this.#firstNote(`rtType ${name}`)) this.#journal.push(["rtType", name]);
    return runtimeAlias(name);
  }

  sharedCodec(digest: string): string | undefined {
    const name = this.#codecs.get(digest);
    if (name !== undefined) this.#journal?.push(["codec", digest, name, 0]);
    return name;
  }

  layoutKey(items: readonly LayoutItem[]): string {
    this.#fingerprints ??= new Fingerprints(this.plans);
    return this.#fingerprints.text(items as unknown as Record<string, unknown>);
  }

  knownLayout(key: string): KnownLayout | undefined {
    return this.#layouts.get(key);
  }

  rememberLayout(key: string, layout: KnownLayout): void {
    this.#layouts.set(key, layout);
  }

  shareCodec(digest: string, name: string): void {
    this.#codecs.set(digest, name);
    this.#journal?.push(["codec", digest, name, 1]);
  }

  /** Runs `emit`, returning its result and what it did to this env. */
  record<T>(emit: () => T): { readonly result: T; readonly effects: EnvEffect[] } {
    const effects: EnvEffect[] = [];
    this.#journal = effects;
    this.#journaledNames.clear();
    try {
      return { result: emit(), effects };
    } finally {
      this.#journal = undefined;
    }
  }

  /** Whether the recording has not noted `key` yet (and now has). */
  #firstNote(key: string): boolean {
    if (this.#journaledNames.has(key)) return false;
    this.#journaledNames.add(key);
    return true;
  }

  /**
   * Does again what a recorded emission did, if the recording holds here; false (and nothing done) when it
   * does not — a declaration of another file would be bound under another local name now, or a shared
   * codec it found is gone, or one it emitted exists already: its text would be wrong, so it is emitted
   * again.
   */
  replay(effects: readonly EnvEffect[]): boolean {
    if (!this.#holds(effects)) return false;
    for (const e of effects) {
      switch (e[0]) {
        case "rt":
          this.rt(e[1]);
          break;
        case "rtConst":
          this.rtConst(e[1]);
          break;
        case "rtType":
          this.rtType(e[1]);
          break;
        case "use":
          this.#use(e[1], e[2], e[3] === 1);
          break;
        case "codec":
          if (e[3] === 1) this.#codecs.set(e[1], e[2]);
          break;
      }
    }
    return true;
  }

  /** Would replaying `effects` bind every name as they were bound when recorded? Changes nothing. */
  #holds(effects: readonly EnvEffect[]): boolean {
    // What the effects before the one being checked would have added: imports, taken locals, aliases, codecs.
    const imported = new Map<string, string>();
    const taken = new Set<string>();
    const defined = new Set<string>();
    let aliases = this.#aliasCount;
    for (const e of effects) {
      if (e[0] === "codec") {
        const known = defined.has(e[1]) ? e[2] : this.#codecs.get(e[1]);
        if (e[3] === 1 ? known !== undefined : known !== e[2]) return false;
        defined.add(e[1]);
      } else if (e[0] === "use") {
        const [, file, name, , local] = e;
        if (file === this.plan.file.path || !this.plans.has(file)) return false;
        const spec = relativeModule(this.plan.outPath, this.#owner(file).outPath);
        const key = `${spec}\u0000${name}`;
        const known = imported.get(key) ?? this.#imports.get(spec)?.get(name)?.local;
        let bound = known;
        if (bound === undefined) {
          bound = this.plan.module.has(name) || this.#localsTaken.has(name) || taken.has(name) ? importAlias(aliases++, name) : name;
          taken.add(bound);
        }
        if (bound !== local) return false;
        imported.set(key, bound);
      }
    }
    return true;
  }

  #owner(file: string): FileNames {
    const p = this.plans.get(file);
    if (p === undefined) throw new Error(`declaration from a file outside the program: ${file}`);
    return p;
  }

  /** Binds `name` exported by the generated module of `file`, importing it when it is another file. */
  #use(file: string, name: string, isType: boolean): string {
    if (file === this.plan.file.path) return name;
    const spec = relativeModule(this.plan.outPath, this.#owner(file).outPath);
    let names = this.#imports.get(spec);
    if (names === undefined) this.#imports.set(spec, (names = new Map()));
    const known = names.get(name);
    let local: string;
    if (known !== undefined) {
      local = known.local;
      if (!isType && known.isType) names.set(name, { local, isType: false });
    } else {
      local = name;
      if (this.plan.module.has(local) || this.#localsTaken.has(local)) local = importAlias(this.#aliasCount++, name);
      this.#localsTaken.add(local);
      names.set(name, { local, isType });
    }
    this.#journal?.push(["use", file, name, isType ? 1 : 0, local]);
    return local;
  }

  /** A layout's names, each bound (imported when another file declares it) only once it is used. */
  #layout(file: string, l: LayoutNames): LayoutNames {
    const use = (name: string, isType: boolean): string => this.#use(file, name, isType);
    return {
      get type() { return use(l.type, true); },
      get init() { return use(l.init, true); },
      get size() { return use(l.size, false); },
      get write() { return use(l.write, false); },
      get read() { return use(l.read, false); },
    };
  }

  struct(struct: StructModel): LayoutNames {
    const plan = this.#owner(struct.file).structs.get(struct);
    if (plan === undefined) throw new Error(`struct ${struct.name} is not planned`);
    return this.#layout(struct.file, plan.layout);
  }

  envelope(envelope: EnvelopeModel): EnvelopeNames {
    const plan = this.#owner(envelope.file).envelopes.get(envelope);
    if (plan === undefined) throw new Error(`envelope ${envelope.name} is not planned`);
    const use = (name: string, isType: boolean): string => this.#use(envelope.file, name, isType);
    return {
      layout: this.#layout(envelope.file, plan.layout),
      errorLayout: this.#layout(envelope.file, plan.errorLayout),
      get check() { return use(plan.check, false); },
      get ok() { return use(plan.ok, false); },
      get reply() { return use(plan.reply, false); },
      get encodeError() { return use(plan.encodeError, false); },
    };
  }

  named(decl: EnumModel | FlagsModel): string {
    const name = this.#owner(decl.file).named.get(decl);
    if (name === undefined) throw new Error(`${decl.kind} ${decl.name} is not planned`);
    return this.#use(decl.file, name, true);
  }

  imports(): ImportDeclarationStructure[] {
    const out: ImportDeclarationStructure[] = [];
    const values = [...this.#runtimeValues].sort();
    // A name imported as a value serves as its type too (ServerError is a class).
    const valueNames: ReadonlySet<string> = this.#runtimeValues;
    const types = [...this.#runtimeTypes].filter((t) => !valueNames.has(t)).sort();
    const runtime = [
      ...values.map((n) => ({ name: n, alias: runtimeAlias(n) })),
      ...types.map((n) => ({ name: n, alias: runtimeAlias(n), isTypeOnly: true })),
    ].sort((a, b) => byText(a.name, b.name));
    if (runtime.length > 0) {
      out.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: this.runtimeImport, namedImports: runtime });
    }
    for (const spec of [...this.#imports.keys()].sort()) {
      const names = [...this.#imports.get(spec)!.entries()].sort(([a], [b]) => byText(a, b));
      out.push({
        kind: StructureKind.ImportDeclaration,
        moduleSpecifier: spec,
        namedImports: names.map(([name, b]) => ({ name, ...(b.local !== name ? { alias: b.local } : {}), isTypeOnly: b.isType })),
      });
    }
    return out;
  }
}

/** Code-point order: deterministic on every machine, unlike localeCompare. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
