/**
 * Name lookup from one file. Visible: the file's own declarations (they win over imported ones), the
 * declarations of the files it imports directly (by bare name, or qualified by their package), and enum or
 * flags members as `Enum.MEMBER` (possibly package-qualified). Two imported declarations with one bare name
 * make that bare name ambiguous; their qualified names still work.
 */
import type * as A from "../ast/ast.js";
import type { DeclSymbol, EnumSymbol, FileInfo } from "./context.js";

export type Lookup =
  | { readonly kind: "decl"; readonly symbol: DeclSymbol }
  | { readonly kind: "member"; readonly symbol: EnumSymbol; readonly member: A.EnumMember }
  | { readonly kind: "ambiguous"; readonly symbols: readonly DeclSymbol[] }
  /** `Enum.X` where the enum exists and has no member X. */
  | { readonly kind: "noMember"; readonly symbol: EnumSymbol; readonly memberName: string }
  /** `X.Y` where X is a declaration but not an enum or flags. */
  | { readonly kind: "notAnEnum"; readonly symbol: DeclSymbol }
  /** A package prefix matched but nothing in it is called so. */
  | { readonly kind: "notInPackage"; readonly packageName: string; readonly name: string }
  /** The first part names neither a declaration nor a visible package. */
  | { readonly kind: "unknownQualifier"; readonly qualifier: string }
  | { readonly kind: "missing" };

export class FileScope {
  private readonly imported = new Map<string, DeclSymbol[]>();
  /** Package name -> files visible under it (this file's own package and those of its imports). */
  private readonly packages = new Map<string, FileInfo[]>();

  constructor(
    readonly file: FileInfo,
    importedFiles: readonly FileInfo[],
  ) {
    for (const other of importedFiles) {
      for (const [name, symbol] of other.byName) {
        const list = this.imported.get(name);
        if (!list) this.imported.set(name, [symbol]);
        else if (!list.includes(symbol)) list.push(symbol);
      }
    }
    for (const f of [file, ...importedFiles]) {
      if (f.packageName === undefined) continue;
      const list = this.packages.get(f.packageName) ?? [];
      if (!list.includes(f)) list.push(f);
      this.packages.set(f.packageName, list);
    }
  }

  /** A bare name: own declarations first, then imported ones. */
  bare(name: string): Lookup {
    const own = this.file.byName.get(name);
    if (own) return { kind: "decl", symbol: own };
    const imported = this.imported.get(name) ?? [];
    if (imported.length === 1 && imported[0]) return { kind: "decl", symbol: imported[0] };
    if (imported.length > 1) return { kind: "ambiguous", symbols: imported };
    return { kind: "missing" };
  }

  resolve(name: A.QualifiedName): Lookup {
    const parts = name.parts.map((p) => p.name);
    const [first, second] = parts;
    if (first === undefined || parts.includes("")) return { kind: "missing" };
    if (parts.length === 1) return this.bare(first);
    const head = this.bare(first);
    if (parts.length === 2 && second !== undefined && head.kind !== "missing") return member(head, second);
    // Longest package prefix first: `a.b.T` prefers package `a.b` over package `a`.
    for (let k = parts.length - 1; k >= 1; k--) {
      const pkg = parts.slice(0, k).join(".");
      const files = this.filesOfPackage(pkg);
      if (files.length === 0) continue;
      const rest = parts.slice(k);
      const [declName, memberName] = rest;
      if (declName === undefined || rest.length > 2) continue;
      const found = [...new Set(files.map((f) => f.byName.get(declName)).filter((s): s is DeclSymbol => s !== undefined))];
      const decl: Lookup =
        found.length === 1 && found[0]
          ? { kind: "decl", symbol: found[0] }
          : found.length > 1
            ? { kind: "ambiguous", symbols: found }
            : { kind: "notInPackage", packageName: pkg, name: declName };
      return memberName === undefined ? decl : member(decl, memberName);
    }
    return { kind: "unknownQualifier", qualifier: first };
  }

  /** Files of a visible package, by its full name or, failing that, by its last parts (`box` for `tarantool.box`). */
  private filesOfPackage(name: string): FileInfo[] {
    const exact = this.packages.get(name);
    if (exact) return exact;
    return [...this.packages].filter(([pkg]) => pkg.endsWith(`.${name}`)).flatMap(([, files]) => files);
  }

  /** Bare names of visible declarations, for "did you mean". */
  visibleNames(filter: (symbol: DeclSymbol) => boolean): string[] {
    const names: string[] = [];
    for (const [name, symbol] of this.file.byName) if (filter(symbol)) names.push(name);
    for (const [name, symbols] of this.imported) if (symbols.some(filter)) names.push(name);
    return names;
  }

  /** Packages visible from the file. */
  packageNames(): string[] {
    return [...this.packages.keys()];
  }

  /** `Enum.MEMBER` spellings of every visible member, for "did you mean". */
  visibleMembers(): string[] {
    const names: string[] = [];
    const seen = new Set<DeclSymbol>();
    for (const symbol of [...this.file.byName.values(), ...[...this.imported.values()].flat()]) {
      if ((symbol.kind !== "enum" && symbol.kind !== "flags") || seen.has(symbol)) continue;
      seen.add(symbol);
      for (const m of symbol.ast.members) names.push(`${symbol.model.name}.${m.name.name}`);
    }
    return names;
  }
}

function member(lookup: Lookup, memberName: string): Lookup {
  if (lookup.kind !== "decl") return lookup;
  const symbol = lookup.symbol;
  if (symbol.kind !== "enum" && symbol.kind !== "flags") return { kind: "notAnEnum", symbol };
  const found = symbol.ast.members.find((m) => m.name.name === memberName);
  return found ? { kind: "member", symbol, member: found } : { kind: "noMember", symbol, memberName };
}
