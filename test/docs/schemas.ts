/**
 * ```iproto blocks: each is a complete schema file. Its path in the doc's project is `file=…` when given,
 * otherwise `schemas/<last part of its package>.iproto` (`package demo.counter` → schemas/counter.iproto),
 * otherwise `schemas/unnamed-<line>.iproto`, which nothing may import. Blocks of one doc may import each other by those
 * paths, and may import the repository's own schemas (schemas/box.iproto is `import "box.iproto"` from
 * a block in schemas/), as in the doc's project, where both are. `iproto error E0xxx [E0yyy…]` marks a block that illustrates a mistake: it must fail with
 * exactly those codes, and no other block may import it; with a `file=` it is still written into the
 * doc's project, so that a ```console block can show what `iprotoc check` says about it.
 */
import { readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { checkProgram } from "../../compiler/checks/program.js";
import { formatDiagnostics } from "../../compiler/diagnostics/render.js";
import { attribute, type CodeBlock, where } from "./markdown.js";
import { ROOT } from "./workspace.js";

export interface SchemaBlock {
  readonly block: CodeBlock;
  /** Path in the doc's project, `schemas/counter.iproto`. */
  readonly path: string;
  /** Whether other blocks, commands and generated code may use it (named, and not an error example). */
  readonly shared: boolean;
  /** Whether it is written into the doc's project (shared blocks, and error examples with a `file=`). */
  readonly onDisk: boolean;
  /** The codes an error example must produce; undefined for a valid schema. */
  readonly expectedErrors: readonly string[] | undefined;
}

export function schemaBlocks(blocks: readonly CodeBlock[]): SchemaBlock[] {
  const result: SchemaBlock[] = [];
  const byPath = new Map<string, CodeBlock>();
  for (const block of blocks) {
    if (block.lang !== "iproto") continue;
    const errorAt = block.attrs.indexOf("error");
    const expectedErrors = errorAt < 0 ? undefined : block.attrs.slice(errorAt + 1).filter((a) => /^E\d{4}$/.test(a));
    if (expectedErrors?.length === 0) throw new Error(`${where(block)}: \`iproto error\` needs the expected codes: \`iproto error E0205\``);
    const file = attribute(block, "file");
    const pkg = /^\s*package\s+([\w.]+)\s*;/m.exec(block.text)?.[1];
    const named = file ?? (pkg === undefined ? undefined : `schemas/${pkg.split(".").at(-1)}.iproto`);
    const path = posix.normalize(named ?? `schemas/unnamed-${block.line}.iproto`);
    const clash = byPath.get(path);
    if (clash) throw new Error(`${where(block)}: this schema and the one at line ${clash.line} are both \`${path}\`; give one a \`file=…\``);
    byPath.set(path, block);
    const shared = named !== undefined && expectedErrors === undefined;
    result.push({ block, path, shared, onDisk: shared || (expectedErrors !== undefined && file !== undefined), expectedErrors });
  }
  return result;
}

export interface SchemaOutcome {
  /** Distinct codes of the errors and warnings, sorted. */
  readonly codes: string[];
  /** The diagnostics as `iprotoc check` prints them. */
  readonly report: string;
}

/** Checks one block as the entry file, with the doc's shared blocks and the repository's schemas to import from. */
export function checkSchemaBlock(schema: SchemaBlock, all: readonly SchemaBlock[]): SchemaOutcome {
  const files = new Map(all.filter((s) => s.shared).map((s) => [s.path, s.block.text] as const));
  files.set(schema.path, schema.block.text);
  const result = checkProgram([schema.path], { readFile: (path) => files.get(path) ?? repositorySchema(path) });
  const codes = [...new Set(result.diagnostics.map((d) => d.code))].sort();
  return { codes, report: formatDiagnostics(result.diagnostics, { sources: result.sources }) };
}

/** A file of the repository's schemas/ (what the doc's project holds besides its own blocks). */
function repositorySchema(path: string): string | undefined {
  if (!path.startsWith("schemas/")) return undefined;
  try {
    return readFileSync(join(ROOT, path), "utf8");
  } catch {
    return undefined;
  }
}
