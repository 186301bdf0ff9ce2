/** The fenced code blocks of the documentation: README.md and every docs/*.md, found afresh on each run. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface CodeBlock {
  /** The document, relative to the repository: `README.md`, `docs/cli.md`. */
  readonly doc: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The info string's first word (`ts`, `iproto`, `sh`…); "" for a block without one. */
  readonly lang: string;
  /** The info string's other words: `fragment`, `exit=1`, `error E0205`, `file=schemas/x.iproto`. */
  readonly attrs: readonly string[];
  /** The content, indentation of the fence removed, ending with a newline. */
  readonly text: string;
}

/** `README.md` and `docs/*.md`, sorted. */
export function docFiles(root: string): string[] {
  const docs = readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`);
  return ["README.md", ...docs];
}

export function readBlocks(root: string, doc: string): CodeBlock[] {
  return codeBlocks(doc, readFileSync(join(root, doc), "utf8"));
}

/** CommonMark fences: ``` or ~~~ (three or more), closed by the same character at least as long. */
export function codeBlocks(doc: string, markdown: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^`]*)$/.exec(lines[i] ?? "");
    if (!open) continue;
    const [, indent = "", fence = "", info = ""] = open;
    const close = new RegExp(`^\\s*${fence[0] === "`" ? "`" : "~"}{${fence.length},}\\s*$`);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !close.test(lines[j] ?? ""); j++) {
      const line = lines[j] ?? "";
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    const [lang = "", ...attrs] = info.trim().split(/\s+/).filter((word) => word !== "");
    blocks.push({ doc, line: i + 1, lang, attrs, text: body.length === 0 ? "" : `${body.join("\n")}\n` });
    i = j;
  }
  return blocks;
}

/** The value of a `name=value` attribute. */
export function attribute(block: CodeBlock, name: string): string | undefined {
  const found = block.attrs.find((a) => a.startsWith(`${name}=`));
  return found?.slice(name.length + 1);
}

/** `README.md:62`, for test names and messages. */
export function where(block: CodeBlock): string {
  return `${block.doc}:${block.line}`;
}
