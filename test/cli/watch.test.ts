/**
 * `--watch` in a real process: runs again when an input or an imported schema changes (imports followed
 * as they change), keeps running through schema errors without touching the previous output, prints one
 * summary line per run, and exits 0 on SIGINT and SIGTERM. Every child is killed, whatever happens.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const TSX = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;
const CLI = join(ROOT, "compiler/cli/main.ts");
const temp = mkdtempSync(join(tmpdir(), "iprotoc-watch-"));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A running `iprotoc … --watch`, its output so far, and a way to wait for more. */
class Watcher {
  stdout = "";
  stderr = "";
  readonly exited: Promise<number | null>;
  readonly #child: ChildProcess;
  #waiters: (() => void)[] = [];
  #lines: string[] = [];

  constructor(args: string[], cwd: string) {
    this.#child = spawn(process.execPath, ["--import", TSX, CLI, ...args, "--watch", "--no-color"], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    children.push(this.#child);
    const notify = (): void => this.#waiters.splice(0).forEach((wake) => wake());
    // Complete lines of both streams, in the order they arrived (summary lines go to either).
    const collect = (stream: "stdout" | "stderr") => (text: string) => {
      const start = this[stream].lastIndexOf("\n") + 1;
      this[stream] += text;
      const complete = this[stream].slice(start, this[stream].lastIndexOf("\n") + 1);
      this.#lines.push(...complete.split("\n").slice(0, -1));
      notify();
    };
    this.#child.stdout?.setEncoding("utf8").on("data", collect("stdout"));
    this.#child.stderr?.setEncoding("utf8").on("data", collect("stderr"));
    this.exited = new Promise((done) => this.#child.on("exit", (code) => done(code)));
  }

  /** Summary lines so far: one per run, each stamped with the time. */
  runs(): string[] {
    return this.#lines.filter((line) => /^\[\d\d:\d\d:\d\d\] /.test(line)).map((line) => line.slice(11));
  }

  async until(what: string, test: () => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        this.#waiters.push(() => (clearTimeout(timer), wake()));
      });
    }
  }

  /** The first run's summary line. */
  async first(): Promise<string> {
    await this.until("the first run", () => this.runs().length >= 1);
    return this.runs()[0] ?? "";
  }

  /** Makes a change and waits for a run after it whose summary line matches. */
  async after(change: () => void, expected: string | RegExp): Promise<void> {
    const before = this.runs().length;
    change();
    const matches = (line: string): boolean => (typeof expected === "string" ? line === expected : expected.test(line));
    await this.until(`a run ending ${String(expected)}`, () => this.runs().slice(before).some(matches));
  }

  kill(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }
}

function write(dir: string, path: string, text: string): void {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), text);
}

const service = (imports: string, field: string): string =>
  `package app.main;\n${imports}\nservice Main {\n  message Get = 1 {\n    request {\n      ${field}\n    }\n  }\n}\n`;

describe("iprotoc --watch", () => {
  it("generate: reruns on input and import changes, survives errors keeping the old output, exits on SIGINT", async () => {
    const dir = join(temp, "generate");
    write(dir, "api/main.iproto", service('import "../lib/types.iproto";', "key: types.Key;"));
    write(dir, "lib/types.iproto", "package app.types;\nstruct Key {\n  id: u32;\n}\n");
    const w = new Watcher(["generate", "api", "-o", "out/gen"], dir);
    expect(await w.first()).toBe("wrote 3 files to out/gen");
    await w.until("the watching banner", () => w.stderr.includes("watching 2 files for changes (Ctrl-C to stop)\n"));

    // An imported file outside the input directory.
    await w.after(() => write(dir, "lib/types.iproto", "package app.types;\nstruct Key {\n  id: u64;\n}\n"), "wrote 3 files to out/gen");
    const good = readFileSync(join(dir, "out/gen/lib/types.ts"), "utf8");
    expect(good).toContain("bigint");

    // A schema error: diagnostics, one line, nothing written; the previous output stays.
    await w.after(() => write(dir, "lib/types.iproto", "package app.types;\nstruct Key {\n  id: Nope;\n}\n"), "1 error: nothing written to out/gen");
    expect(w.stderr).toContain("lib/types.iproto:3:7: error[E0205]: unknown type `Nope`");
    expect(readFileSync(join(dir, "out/gen/lib/types.ts"), "utf8")).toBe(good);

    // A new import of a file that does not exist yet, in a new directory: creating it is a change.
    const imports = 'import "../lib/types.iproto";\nimport "../more/extra.iproto";';
    await w.after(() => write(dir, "api/main.iproto", service(imports, "key: extra.Extra;")), /^\d+ errors: nothing written to out\/gen$/);
    expect(w.stderr).toContain("error[E0102]");
    await w.after(() => write(dir, "lib/types.iproto", "package app.types;\nstruct Key {\n  id: u32;\n}\n"), /^\d+ errors?: nothing written/);
    await w.after(() => write(dir, "more/extra.iproto", "package app.extra;\nstruct Extra {\n  n: u8;\n}\n"), "wrote 4 files to out/gen");
    expect(readFileSync(join(dir, "out/gen/more/extra.ts"), "utf8")).toContain("Extra");
    // Every run printed exactly one summary line, and diagnostics only for the runs with errors.
    expect(w.stdout.split("\n").filter((line) => line !== "").every((line) => /^\[\d\d:\d\d:\d\d\] wrote \d files to out\/gen$/.test(line))).toBe(true);

    // Files that are not schemas (generated output, editor litter) are not changes.
    await new Promise((wait) => setTimeout(wait, 300));
    const runs = w.runs().length;
    write(dir, "api/notes.txt", "x");
    write(dir, "lib/types.iproto~", "x");
    await new Promise((wait) => setTimeout(wait, 500));
    expect(w.runs()).toHaveLength(runs);

    w.kill("SIGINT");
    expect(await w.exited).toBe(0);
  }, 40_000);

  it("generate: a run after an edit prints only the edited message, and writes what a fresh run writes", async () => {
    const dir = join(temp, "incremental");
    const messages = (field: string): string =>
      `package app.inc;\nservice S {\n${["A", "B", "C"].map((m, i) => `  message ${m} = ${i + 1} {\n    request {\n      ${m === "B" ? field : "id: u32;"}\n    }\n  }\n`).join("")}}\n`;
    write(dir, "s.iproto", messages("id: u32;"));
    const w = new Watcher(["generate", "s.iproto", "-o", "out", "--cache-dir", "cache"], dir);
    expect(await w.first()).toBe("wrote 2 files to out");
    await w.until("the watching banner", () => w.stderr.includes("watching"));
    // A new directory that can hold no input or import (as the output's own) is not a change.
    const runs = w.runs().length;
    mkdirSync(join(dir, "elsewhere"));
    await new Promise((wait) => setTimeout(wait, 500));
    expect(w.runs()).toHaveLength(runs);
    await w.after(() => write(dir, "s.iproto", messages("id: u64;")), "wrote 2 files to out (reused 2 of 3 messages)");
    const watched = readFileSync(join(dir, "out/s.ts"), "utf8");
    expect(watched).toContain("bigint");
    // The cache is saved once, when watching stops.
    expect(existsSync(join(dir, "cache"))).toBe(false);
    w.kill("SIGINT");
    expect(await w.exited).toBe(0);
    const cli = (...args: string[]) => spawnSync(process.execPath, ["--import", TSX, CLI, "generate", "s.iproto", ...args], { cwd: dir, encoding: "utf8" });
    const fresh = cli("-o", "fresh", "--no-cache");
    expect(fresh.status).toBe(0);
    expect(readFileSync(join(dir, "fresh/s.ts"), "utf8")).toBe(watched);
    expect(cli("-o", "out", "--cache-dir", "cache").stdout).toBe("wrote 2 files to out (reused 3 of 3 messages)\n");
  }, 40_000);

  it("check: a new schema in an input directory is checked; SIGTERM exits 0", async () => {
    const dir = join(temp, "check");
    write(dir, "schemas/a.iproto", "package app.a;\nstruct A {\n  x: u8;\n}\n");
    const w = new Watcher(["check", "schemas"], dir);
    expect(await w.first()).toBe("checked 1 file: no problems");
    await w.until("the watching banner", () => w.stderr.includes("watching"));

    // A new directory, then a file in it (one change or two): the file is checked.
    await w.after(() => write(dir, "schemas/deeper/b.iproto", "package app.b;\nstruct B {\n  y: Missing;\n}\n"), "1 error in 2 files");
    expect(w.stdout).toContain("schemas/deeper/b.iproto:3:6: error[E0205]");
    await w.after(() => write(dir, "schemas/deeper/b.iproto", "package app.b;\nstruct B {\n  y: u8;\n}\n"), "checked 2 files: no problems");

    w.kill("SIGTERM");
    expect(await w.exited).toBe(0);
  }, 40_000);

  it("a usage error on the first run ends the command with status 2", async () => {
    const w = new Watcher(["check", "no-such-dir"], temp);
    expect(await w.exited).toBe(2);
    expect(w.stderr).toContain("iprotoc: cannot read `no-such-dir`");
  }, 20_000);
});
