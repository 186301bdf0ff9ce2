/**
 * Commands load only what they need: the modules their command files reach (value imports,
 * followed through the sources) include no emitter and no ts-morph or prettier. Types-only imports are
 * erased, so they do not count.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

/** Value imports of a file: `import … from` (not `import type`), `export … from`, `import("…")`. */
function valueImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*["']([^"']+)["']/gms)) {
    if (m[2] === undefined) out.push(m[4]!);
  }
  return out;
}

function dynamicImports(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(/\bimport\s*\(\s*["']([^"']+)["']/g)].map((m) => m[1]!);
}

function reached(entry: string, dynamic = true): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.endsWith(".ts")) return;
    for (const spec of [...valueImports(file), ...(dynamic ? dynamicImports(file) : [])]) {
      if (spec.startsWith(".")) visit(resolve(dirname(file), spec).replace(/\.js$/, ".ts"));
      else seen.add(`package:${spec}`);
    }
  };
  visit(join(root, entry));
  return seen;
}

describe("commands stay light", () => {
  it.each(["compiler/cli/commands/decode.ts", "compiler/cli/commands/call.ts"])("%s reaches no emitter, ts-morph or prettier", (entry) => {
    const files = [...reached(entry)].map((f) => (f.startsWith("package:") ? f : relative(root, f)));
    expect(files.filter((f) => f.startsWith("compiler/emitter/") || /package:(ts-morph|prettier)/.test(f))).toEqual([]);
    expect(files).toContain("compiler/wire/value-decode.ts");
  });

  it("the command registry imports no command (each is loaded when it runs: main.ts)", () => {
    const files = [...reached("compiler/cli/commands/registry.ts", false)].map((f) => (f.startsWith("package:") ? f : relative(root, f)));
    expect(files).toEqual(["compiler/cli/commands/registry.ts"]);
  });

  it.each(["check", "format", "breaking"])("`%s` reaches no emitter, ts-morph or prettier, even through its dynamic imports", (name) => {
    const files = [...reached(`compiler/cli/commands/${name}.ts`)].map((f) => (f.startsWith("package:") ? f : relative(root, f)));
    expect(files.filter((f) => (f.startsWith("compiler/emitter/") && f !== "compiler/emitter/file/version.ts") || /package:(ts-morph|prettier)/.test(f))).toEqual([]);
  });
});
