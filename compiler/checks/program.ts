/**
 * The semantic checks of a whole compilation, from entry paths to the resolved ProgramModel. Passes:
 * load files and imports; declare every declaration; build each file's scope; check constants and enums,
 * then structs, envelopes, services, Box spaces and stored procedures; then the whole-program layout and recursion checks. Every pass
 * reports and carries on, so one run finds every problem; the program is returned only when none is an
 * error.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { sortDiagnostics } from "../diagnostics/collector.js";
import type * as M from "../model/model.js";
import { checkEnum, constValue } from "./constants.js";
import { CheckContext, type DeclSymbol, type FileInfo } from "./context.js";
import { checkEnvelope } from "./envelopes.js";
import { buildLayout } from "./layout.js";
import { checkLayoutShapes } from "./layout-shape.js";
import { loadProgram, type LoadOptions, type SourceHost } from "./load.js";
import { checkRecursion } from "./recursion.js";
import { FileScope } from "./scope.js";
import { checkService } from "./services.js";
import { checkProcedure, checkProcedureNames } from "./procedures.js";
import { checkSpace, checkSpaceNumbers } from "./spaces.js";
import { checkStructDepth } from "./struct-depth.js";
import { declareFile } from "./symbols.js";

export interface CheckResult {
  /** undefined when any diagnostic is an error. */
  readonly program: M.ProgramModel | undefined;
  /** Sorted by file (dependency order), then position. */
  readonly diagnostics: Diagnostic[];
  /** The text of every file read, by path: for code frames. */
  readonly sources: ReadonlyMap<string, string>;
}

export function checkProgram(entryPaths: readonly string[], host: SourceHost, options: LoadOptions = {}): CheckResult {
  const ctx = new CheckContext(undefined, options.names);
  const loaded = loadProgram(entryPaths, host, ctx.diagnostics, options);
  const infoOf = new Map<string, FileInfo>();
  for (const file of loaded.files) infoOf.set(file.path, declareFile(ctx, file));
  for (const info of ctx.files) {
    const imported = info.loaded.imports
      .map((i) => (i.file ? infoOf.get(i.file.path) : undefined))
      .filter((f): f is FileInfo => f !== undefined && f !== info);
    info.scope = new FileScope(info, imported);
  }

  const all = ctx.files.flatMap((f) => f.symbols);
  const each = <K extends DeclSymbol["kind"]>(kinds: readonly K[], check: (s: Extract<DeclSymbol, { kind: K }>) => void): void => {
    for (const s of all) if ((kinds as readonly string[]).includes(s.kind)) check(s as Extract<DeclSymbol, { kind: K }>);
  };
  each(["const"], (s) => void constValue(ctx, s));
  each(["enum", "flags"], (s) => checkEnum(ctx, s));
  each(["struct"], (s) => {
    const scope = s.file.scope;
    if (!scope) return;
    const layout = buildLayout(ctx, s.ast.items, { scope, what: `struct \`${s.model.name}\`` });
    s.model.items = layout.record.model.items;
    ctx.structLayouts.set(s.model, layout.record);
  });
  each(["envelope"], (s) => checkEnvelope(ctx, s));
  each(["service"], (s) => checkService(ctx, s));
  each(["space"], (s) => checkSpace(ctx, s));
  checkSpaceNumbers(ctx);
  for (const file of ctx.files) for (const p of file.procedures) checkProcedure(ctx, p);
  checkProcedureNames(ctx);
  // Nesting past the limit is reported, and the recursive whole-program passes are not run on it.
  if (!checkStructDepth(ctx)) {
    checkLayoutShapes(ctx);
    checkRecursion(ctx);
  }

  const diagnostics = sortDiagnostics(ctx.diagnostics.list, ctx.files.map((f) => f.path));
  const sources = new Map(loaded.files.map((f) => [f.path, f.parsed.source.text] as const));
  if (diagnostics.some((d) => d.severity === "error")) return { program: undefined, diagnostics, sources };
  const files: M.SchemaFileModel[] = ctx.files.map((f) => ({
    path: f.path,
    package: f.packageName,
    doc: f.ast.package?.doc?.text,
    imports: f.loaded.imports.map((i) => i.path),
    declarations: f.symbols.flatMap((s) => (s.kind === "space" ? [] : [s.model])),
    spaces: f.symbols.flatMap((s) => (s.kind === "space" ? [s.model] : [])),
    procedures: f.procedures.map((p) => p.model),
  }));
  return { program: { files }, diagnostics, sources };
}
