/**
 * ```sh and ```console blocks: every command line is checked, none is taken on trust.
 *
 * - `iprotoc …`, `npx iprotoc …`, `npm run iprotoc -- …` run the CLI in process, in the doc's project
 *   directory (see workspace.ts), and must exit 0 unless the block says `exit=N` (`--watch` is dropped:
 *   one run). In a ```console block, the lines after a `$ command` are its output and must match what it
 *   prints (stdout and stderr as they interleave; a `...` line stands for any number of lines).
 * - `npm ci` needs package-lock.json; `npm install <pkg>` a package we publish or depend on; `npm test`
 *   and `npm run <script>` a script in package.json.
 * - `npx tsx <file>`, `tsx <file>`, `node <file>` need the file in the repository (they run programs of
 *   the repository, such as the benchmarks, which are not run here).
 * - `cd <dir>` and `mkdir [-p] <dir…>` act inside the project directory.
 * - Anything else must be listed in EXCEPTIONS with the reason it cannot be checked.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { main } from "../../compiler/cli/main.js";
import { attribute, type CodeBlock } from "./markdown.js";
import { ROOT } from "./workspace.js";

/** Command lines (exactly as written in a doc) that cannot be checked, and why. */
export const EXCEPTIONS: ReadonlyMap<string, string> = new Map<string, string>([]);

export interface DocCommand {
  /** Doc line the command starts on. */
  readonly line: number;
  /** As written (continuations joined). */
  readonly text: string;
  readonly argv: readonly string[];
  /** ```console: the output lines shown after it. */
  readonly output?: readonly string[];
}

/** The commands of a block, `a && b` and `a; b` split. */
export function commandsOf(block: CodeBlock): DocCommand[] {
  const lines = block.text.replace(/\n$/, "").split("\n");
  const commands: DocCommand[] = [];
  const consoleBlock = block.lang === "console";
  for (let i = 0; i < lines.length; i++) {
    let text = lines[i] ?? "";
    const line = block.line + 1 + i;
    if (consoleBlock) {
      if (!text.startsWith("$ ")) {
        const last = commands.at(-1);
        if (!last) throw new Error(`${block.doc}:${line}: a console block starts with a \`$ command\` line`);
        (last.output as string[]).push(text.trimEnd());
        continue;
      }
      text = text.slice(2);
    } else if (text.trim() === "" || text.trimStart().startsWith("#")) {
      continue;
    }
    while (text.endsWith("\\") && i + 1 < lines.length) text = `${text.slice(0, -1)} ${lines[++i]?.trim() ?? ""}`;
    for (const argv of splitCommands(words(text, `${block.doc}:${line}`))) {
      commands.push({ line, text: argv.join(" "), argv, ...(consoleBlock ? { output: [] } : {}) });
    }
  }
  return commands;
}

type Word = string | { readonly operator: string };

/** Shell words: quotes and backslashes as sh reads them; expansions and redirections are not supported. */
function words(text: string, at: string): Word[] {
  const result: Word[] = [];
  let current: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? "";
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new Error(`${at}: unterminated quote in \`${text}\``);
      const quoted = text.slice(i + 1, end);
      if (c === '"' && /[$`\\]/.test(quoted)) throw new Error(`${at}: expansions are not supported: \`${text}\``);
      current = (current ?? "") + quoted;
      i = end;
    } else if (c === "\\") {
      current = (current ?? "") + (text[++i] ?? "");
    } else if (/\s/.test(c)) {
      if (current !== undefined) result.push(current);
      current = undefined;
    } else if (c === "#" && current === undefined) {
      break;
    } else if (/[;&|<>$`()]/.test(c)) {
      if (current !== undefined) result.push(current);
      current = undefined;
      const operator = /^(&&|\|\||;|\||>>|>|<|&|\$|`|\(|\))/.exec(text.slice(i))?.[0] ?? c;
      result.push({ operator });
      i += operator.length - 1;
    } else {
      current = (current ?? "") + c;
    }
  }
  if (current !== undefined) result.push(current);
  return result;
}

function splitCommands(all: readonly Word[]): string[][] {
  const commands: string[][] = [[]];
  for (const word of all) {
    if (typeof word === "string") commands.at(-1)?.push(word);
    else if (word.operator === "&&" || word.operator === ";") commands.push([]);
    else commands.at(-1)?.push(`\0${word.operator}`);
  }
  return commands.filter((c) => c.length > 0);
}

export interface ShellContext {
  /** The doc's project directory; `cd` may not leave it. */
  readonly project: string;
  cwd: string;
  /** Exit status every iprotoc command of the block must have. */
  readonly exit: number;
}

export function contextFor(block: CodeBlock, project: string): ShellContext {
  return { project, cwd: project, exit: Number(attribute(block, "exit") ?? "0") };
}

/** Checks one command; resolves with a problem, or undefined when the command is fine. */
export async function checkCommand(command: DocCommand, ctx: ShellContext): Promise<string | undefined> {
  const exception = EXCEPTIONS.get(command.text);
  if (exception !== undefined) return undefined;
  const argv = [...command.argv];
  if (argv.some((w) => w.startsWith("\0"))) return `\`${command.text}\`: pipes, redirections and expansions can't be checked; list it in EXCEPTIONS or simplify it`;
  const [program = "", ...args] = argv;
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; scripts?: Record<string, string>; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const scripts = pkg.scripts ?? {};
  if (program === "iprotoc") return runIprotoc(args, command, ctx);
  if (program === "npx") {
    const rest = args.filter((a) => !a.startsWith("-"));
    if (rest[0] === "iprotoc") return runIprotoc(args.slice(args.indexOf("iprotoc") + 1), command, ctx);
    if (rest[0] === "tsx") return repoFile(args.slice(args.indexOf("tsx") + 1), command);
    return `\`${command.text}\`: only \`npx iprotoc\` and \`npx tsx <file>\` are checked`;
  }
  if (program === "tsx" || program === "node") return repoFile(args, command);
  if (program === "npm") {
    const [sub = "", ...rest] = args;
    if (sub === "ci") return existsSync(join(ROOT, "package-lock.json")) ? undefined : "`npm ci` needs package-lock.json";
    if (sub === "test" || sub === "t") return scripts["test"] !== undefined ? undefined : "package.json has no `test` script";
    if (sub === "install" || sub === "i") {
      const known = new Set([pkg.name, ...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
      const unknown = rest.filter((a) => !a.startsWith("-") && !known.has(a.replace(/(?<=.)@.*$/, "")));
      return unknown.length === 0 ? undefined : `\`${command.text}\`: ${unknown.join(", ")} is neither this package nor one of its dependencies`;
    }
    if (sub === "run" || sub === "run-script") {
      const [name, ...after] = rest.filter((a) => a !== "--silent" && a !== "-s");
      if (name === undefined || scripts[name] === undefined) return `\`${command.text}\`: package.json has no script \`${name ?? ""}\``;
      if (name === "iprotoc") return runIprotoc(after[0] === "--" ? after.slice(1) : after, command, ctx);
      return undefined;
    }
    return `\`${command.text}\`: npm ${sub} is not checked`;
  }
  if (program === "cd") {
    const to = resolve(ctx.cwd, args[0] ?? ".");
    if (relative(ctx.project, to).startsWith("..") || !existsSync(to)) return `\`${command.text}\`: no such directory in the doc's project`;
    ctx.cwd = to;
    return undefined;
  }
  if (program === "mkdir") {
    for (const dir of args.filter((a) => !a.startsWith("-"))) mkdirSync(resolve(ctx.cwd, dir), { recursive: true });
    return undefined;
  }
  return `\`${command.text}\` can't be checked: add a handler to test/docs/shell.ts or list it in EXCEPTIONS with the reason`;
}

function repoFile(args: readonly string[], command: DocCommand): string | undefined {
  const file = args.find((a) => !a.startsWith("-"));
  if (file === undefined) return `\`${command.text}\`: which file?`;
  return existsSync(join(ROOT, file)) ? undefined : `\`${command.text}\`: ${file} does not exist in the repository`;
}

async function runIprotoc(args: readonly string[], command: DocCommand, ctx: ShellContext): Promise<string | undefined> {
  let output = "";
  const argv = args.filter((a) => a !== "--watch" && a !== "-w");
  const status = await main(argv, { stdout: (t) => void (output += t), stderr: (t) => void (output += t), cwd: ctx.cwd });
  if (status !== ctx.exit) return `\`${command.text}\` exited with ${status}, not ${ctx.exit}:\n${output}`;
  if (command.output && command.output.length > 0 && !matches(command.output, output)) {
    return `\`${command.text}\` printed:\n${output}\nbut the doc shows:\n${command.output.join("\n")}`;
  }
  return undefined;
}

/** Lines equal after trailing spaces are removed; a `...` line matches any number of lines. */
function matches(expected: readonly string[], actual: string): boolean {
  const lines = actual.replace(/\n$/, "").split("\n").map((l) => l.trimEnd());
  const want = [...expected];
  while (want.length > 0 && want.at(-1) === "") want.pop();
  const match = (e: number, a: number): boolean => {
    if (e === want.length) return a === lines.length;
    if (want[e] === "...") return match(e + 1, a) || (a < lines.length && match(e, a + 1));
    return a < lines.length && lines[a] === want[e] && match(e + 1, a + 1);
  };
  return match(0, 0);
}
