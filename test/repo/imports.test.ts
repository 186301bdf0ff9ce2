/**
 * The import graph of compiler/ and runtime/, folder by folder (ARCHITECTURE.md): no folder imports a
 * folder above it (its own ancestors), no two folders import each other through any path, and the runtime
 * never imports the compiler. Read from the sources' own import statements, so a new file that crosses a
 * floor fails here, not in review.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Relative module specifiers of `import … from`, `export … from` and `import("…")`, types included. */
function relativeImports(file: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  const specifiers: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']+)["']/gm)) {
    specifiers.push(match[1]!);
  }
  return specifiers;
}

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly file: string;
}

function folderEdges(tops: readonly string[]): Edge[] {
  const edges: Edge[] = [];
  for (const top of tops) {
    for (const file of sourceFiles(top)) {
      for (const specifier of relativeImports(file)) {
        const target = relative(root, resolve(root, dirname(file), specifier));
        const from = dirname(file);
        const to = dirname(target);
        if (from !== to) edges.push({ from, to, file: `${file} -> ${specifier}` });
      }
    }
  }
  return edges;
}

/** Folder cycles as "a -> b -> a" strings (one per strongly connected component of more than one folder). */
function cycles(edges: readonly Edge[]): string[] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, new Set());
    next.get(from)!.add(to);
  }
  // Tarjan's strongly connected components, iteratively deep enough for a source tree.
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[] = [];
  const visit = (node: string): void => {
    indices.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!indices.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, indices.get(to)!));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort().join(" <-> "));
    }
  };
  for (const node of next.keys()) if (!indices.has(node)) visit(node);
  return found;
}

describe("import graph", () => {
  const edges = folderEdges(["compiler", "runtime"]);

  it("reads a graph with edges in both trees (the reader itself works)", () => {
    expect(edges.some((e) => e.from.startsWith("compiler"))).toBe(true);
    expect(edges.some((e) => e.from.startsWith("runtime"))).toBe(true);
  });

  it("has no upward arrow: no folder imports a folder that contains it", () => {
    const upward = edges.filter((e) => e.from.startsWith(`${e.to}/`)).map((e) => e.file);
    expect(upward).toEqual([]);
  });

  it("has no circle between folders", () => {
    expect(cycles(edges)).toEqual([]);
  });

  it("keeps the runtime free of the compiler", () => {
    expect(edges.filter((e) => e.from.startsWith("runtime") && !e.to.startsWith("runtime")).map((e) => e.file)).toEqual([]);
  });

  it("lets the compiler reach the runtime only through its public entry", () => {
    const deep = edges.filter((e) => e.from.startsWith("compiler") && e.to.startsWith("runtime") && !e.file.endsWith("runtime/index.js"));
    expect(deep.map((e) => e.file)).toEqual([]);
  });

  it("detects a circle and an upward arrow when there is one", () => {
    const sample: Edge[] = [
      { from: "a", to: "b", file: "a/x.ts -> ../b/y.js" },
      { from: "b", to: "c", file: "b/y.ts -> ../c/z.js" },
      { from: "c", to: "a", file: "c/z.ts -> ../a/x.js" },
    ];
    expect(cycles(sample)).toEqual(["a <-> b <-> c"]);
    expect(cycles(sample.slice(0, 2))).toEqual([]);
  });
});
