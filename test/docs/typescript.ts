/**
 * ```ts blocks. Every block is type-checked with the repository's strict settings, unless marked
 * `ts fragment` (then it must only parse). A block that is a complete program also runs (tsx, in a child
 * process): it must exit 0, and each `console.log(…); // text` line says what that call prints; the
 * stated lines must appear in the output in that order. A block is not run when it is marked `ts check`
 * or declares what it needs (`declare const client: IProtoClient;`): those are type-checked only.
 */
import { execFile } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import type { CodeBlock } from "./markdown.js";
import { ROOT, WORK } from "./workspace.js";

export type TsKind = "run" | "check" | "fragment";

export function tsKind(block: CodeBlock): TsKind {
  if (block.attrs.includes("fragment")) return "fragment";
  if (block.attrs.includes("check") || /^declare\s/m.test(block.text)) return "check";
  return "run";
}

/** Type errors by absolute file path, from one tsc run over the work directory's tsconfig.json. */
export function typeCheck(): Promise<Map<string, string[]>> {
  const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
  return new Promise((done) => {
    execFile(process.execPath, [tsc, "-p", join(WORK, "tsconfig.json"), "--pretty", "false"], { cwd: ROOT, maxBuffer: 64 << 20 }, (_error, stdout) => {
      const errors = new Map<string, string[]>();
      let last: string[] | undefined;
      for (const line of stdout.split("\n")) {
        const m = /^(.+?)\((\d+),(\d+)\): (error|warning) (TS\d+: .*)$/.exec(line);
        if (m) {
          const file = resolve(ROOT, m[1] ?? "");
          last = errors.get(file) ?? [];
          errors.set(file, last);
          last.push(`line ${m[2]}: ${m[5]}`);
        } else if (line.trim() !== "" && last) {
          last[last.length - 1] += `\n${line}`;
        } else if (line.trim() !== "") {
          errors.set("(tsc)", [...(errors.get("(tsc)") ?? []), line]);
        }
      }
      done(errors);
    });
  });
}

export interface ProgramRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const TSX = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;

/** Runs a block's file with tsx in its project directory (where tsx finds the work tsconfig.json and its paths). */
export function runProgram(file: string, timeoutMs = 20_000): Promise<ProgramRun> {
  return new Promise((done) => {
    const child = execFile(process.execPath, ["--import", TSX, file], { cwd: dirname(file), timeout: timeoutMs, killSignal: "SIGKILL" }, (error, stdout, stderr) => {
      done({ status: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}

/** What `console.log(…); // 42n` (or `// prints: 42n`, `// => 42n`, `// → 42n`) lines say they print. */
export function expectedOutput(text: string): string[] {
  const expected: string[] = [];
  for (const line of text.split("\n")) {
    const m = /^\s*console\.log\(.*\);?\s*\/\/\s*(?:prints:?\s+|=>\s*|→\s*)?(.*?)\s*$/.exec(line);
    if (m?.[1]) expected.push(m[1]);
  }
  return expected;
}

/** Whether `expected` appears among `actual`'s lines in order (other lines may come between). */
export function inOrder(expected: readonly string[], actual: string): boolean {
  const lines = actual.split("\n").map((l) => l.trimEnd());
  let at = 0;
  for (const line of lines) if (at < expected.length && line === expected[at]) at++;
  return at === expected.length;
}

/** Syntax errors of a `ts fragment` block. */
export function syntaxErrors(block: CodeBlock): string[] {
  const out = ts.transpileModule(block.text, { reportDiagnostics: true, fileName: "fragment.ts", compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}
