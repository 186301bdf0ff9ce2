/** Reporting a failed name lookup, in the words of what the place needed (a type, a value, an envelope). */
import type * as A from "../ast/ast.js";
import type { CheckContext } from "./context.js";
import type { Lookup } from "./scope.js";
import { didYouMean } from "./suggest.js";
import { describeDecl } from "./describe.js";

export type Wanted = "type" | "value" | "envelope";

const UNKNOWN_CODE = { type: "E0205", value: "E0206", envelope: "E0610" } as const;

/** Reports every lookup outcome except "decl"/"member" (which the caller judges). */
export function reportLookup(ctx: CheckContext, lookup: Lookup, name: A.QualifiedName, wanted: Wanted, candidates: readonly string[] = []): void {
  const d = ctx.diagnostics;
  switch (lookup.kind) {
    case "decl":
    case "member":
      return;
    case "missing":
      if (name.parts.length === 0) return;
      d.error(UNKNOWN_CODE[wanted], `unknown ${wanted} \`${name.text}\`${didYouMean(name.text, candidates)}`, name.span);
      return;
    case "ambiguous": {
      const files = lookup.symbols.map((s) => s.file.path);
      const qualified = lookup.symbols
        .map((s) => (s.file.packageName ? `\`${s.file.packageName}.${s.model.name}\`` : undefined))
        .filter((q): q is string => q !== undefined);
      const hint = qualified.length > 0 ? `; write ${qualified.join(" or ")}` : "";
      d.error(
        "E0207",
        `\`${name.text}\` is ambiguous: it is declared in ${files.map((f) => `\`${f}\``).join(" and ")}${hint}`,
        name.span,
        lookup.symbols.map((s) => ({ message: `declared here`, span: s.ast.name.span })),
      );
      return;
    }
    case "noMember": {
      const members = lookup.symbol.ast.members.map((m) => m.name.name);
      d.error(
        "E0210",
        `${lookup.symbol.kind} \`${lookup.symbol.model.name}\` has no member \`${lookup.memberName}\`${didYouMean(lookup.memberName, members)}`,
        name.parts[name.parts.length - 1]?.span ?? name.span,
      );
      return;
    }
    case "notInPackage":
      d.error(UNKNOWN_CODE[wanted], `package \`${lookup.packageName}\` has no ${wanted} \`${lookup.name}\``, name.span);
      return;
    case "unknownQualifier":
      d.error(
        "E0211",
        `unknown name \`${lookup.qualifier}\` in \`${name.text}\`: it is neither an enum, a flags set nor the package of an imported file${didYouMean(lookup.qualifier, candidates)}`,
        name.parts[0]?.span ?? name.span,
      );
      return;
    case "notAnEnum":
      d.error("E0208", `\`${lookup.symbol.model.name}\` is ${describeDecl(lookup.symbol.kind)}; only enum and flags members can be named with \`.\``, name.span);
      return;
  }
}
