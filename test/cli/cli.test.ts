/**
 * `iprotoc` behaves as command-line tools do: help for every command, --version, `-o` creating folders,
 * shell globs (expanded or left alone) and directories as inputs, colour only on a terminal and never
 * with NO_COLOR unless --color (or FORCE_COLOR) says so. In process; a pipe and a pseudo-terminal for the real process.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../compiler/cli/support/io.js";
import { runCli, type CliRun } from "../support/cli-in-process.js";
import { COMMAND_NAMES, loadCommands } from "../../compiler/cli/commands/registry.js";
import { COMPILER_VERSION } from "../../compiler/emitter/file/version.js";

const ROOT = join(import.meta.dirname, "../..");
/** tsx by absolute URL: the spawned CLI runs in a temporary folder without node_modules. */
const TSX = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;
const CLI = join(ROOT, "compiler/cli/main.ts");
const temp = mkdtempSync(join(tmpdir(), "iprotoc-cli-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const COMMANDS = await loadCommands();

const ESC = "\x1b[";
const GOOD = "package demo.good;\nstruct Point {\n  x: i32;\n  y: i32;\n}\n";
const BAD = "struct Broken {\n  x: Nope;\n}\n";
const UNFORMATTED = "struct Broken { x: u8 y: u8; }\n";

/** `iprotoc <argv>` in process, in `temp` unless `io.cwd` says otherwise. */
const run = (argv: string[], { cwd = temp, ...io }: Partial<CliIo> = {}): Promise<CliRun> => runCli(argv, cwd, io);

function project(name: string, files: Record<string, string>): string {
  const dir = join(temp, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe("help and version", () => {
  it("the registry loads each command under its own name", () => {
    expect(COMMANDS.map((c) => c.name)).toEqual([...COMMAND_NAMES]);
  });

  it("every command has --help, -h and `help <command>`, listing each of its options", async () => {
    for (const command of COMMANDS) {
      const long = await run([command.name, "--help"]);
      expect(long.status).toBe(0);
      expect(long.stdout).toContain(`usage: ${command.usage}`);
      for (const option of command.options) expect(long.stdout).toContain(`--${option.name}`);
      expect(long.stdout).toContain("--help");
      expect(await run([command.name, "-h"])).toEqual(long);
      expect(await run(["help", command.name])).toEqual(long);
      // Help wins over anything else on the line, even arguments that would be errors.
      expect(await run([command.name, "--frobnicate", "-h"])).toEqual(long);
    }
  });

  it("top-level help lists every command; unknown help topics are usage errors", async () => {
    const help = await run(["--help"]);
    expect(help.status).toBe(0);
    for (const command of COMMANDS) expect(help.stdout).toMatch(new RegExp(`\\n  ${command.name} +${command.summary.replace(/[()|.*+?]/g, "\\$&")}\\n`));
    expect(await run(["help"])).toEqual(help);
    expect(await run(["-h"])).toEqual(help);
    expect(await run(["help", "launch"])).toMatchObject({ status: 2, stdout: "", stderr: expect.stringContaining("unknown command `launch`") });
    // No arguments: the same text, on stderr, as a usage error.
    expect(await run([])).toEqual({ status: 2, stdout: "", stderr: help.stdout });
  });

  it("--version (also after a command) and -v print the compiler version", async () => {
    expect(await run(["--version"])).toEqual({ status: 0, stdout: `iprotoc ${COMPILER_VERSION}\n`, stderr: "" });
    expect(await run(["-v"])).toEqual({ status: 0, stdout: `iprotoc ${COMPILER_VERSION}\n`, stderr: "" });
    for (const command of COMMANDS) expect(await run([command.name, "--version"])).toEqual({ status: 0, stdout: `iprotoc ${COMPILER_VERSION}\n`, stderr: "" });
  });

  it("`--` ends options: a file named -h is an input, not a request for help", async () => {
    const dir = project("dashes", { "-h": GOOD });
    expect(await run(["check", "--", "-h"], { cwd: dir })).toEqual({ status: 0, stdout: "checked 1 file: no problems\n", stderr: "" });
  });
});

describe("inputs and outputs", () => {
  it("-o creates the output folder, nested, and generate's default-command form does too", async () => {
    const dir = project("out", { "s/a.iproto": GOOD });
    expect(await run(["generate", "s", "-o", "deep/er/gen"], { cwd: dir })).toEqual({ status: 0, stdout: "wrote 2 files to deep/er/gen\n", stderr: "" });
    expect(readdirSync(join(dir, "deep/er/gen")).sort()).toEqual(["a.ts", "index.ts"]);
    expect(await run(["s/a.iproto", "-o", "other"], { cwd: dir })).toMatchObject({ status: 0 });
    expect(existsSync(join(dir, "other/a.ts"))).toBe(true);
  });

  it("schema errors write nothing, not even the folder, and say so", async () => {
    const dir = project("errors", { "bad.iproto": BAD });
    const r = await run(["generate", "bad.iproto", "-o", "gen"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("bad.iproto:2:6: error[E0205]");
    expect(r.stderr.endsWith("1 error: nothing written to gen\n")).toBe(true);
    expect(existsSync(join(dir, "gen"))).toBe(false);
  });

  it("globs the shell expanded (overlapping, repeated) name each file once; directories expand to every schema below", async () => {
    const dir = project("globs", { "s/a.iproto": GOOD.replace("good", "a"), "s/b.iproto": GOOD.replace("good", "b"), "s/sub/c.iproto": GOOD.replace("good", "c") });
    // What `iprotoc check s/*.iproto s/a.iproto s` receives from the shell.
    const expanded = await run(["check", "s/a.iproto", "s/b.iproto", "s/a.iproto", "s"], { cwd: dir });
    expect(expanded).toEqual({ status: 0, stdout: "checked 3 files: no problems\n", stderr: "" });
    expect(await run(["check", "s"], { cwd: dir })).toEqual(expanded);
    expect(await run(["check", "./s/../s"], { cwd: dir })).toEqual(expanded);
  });

  it("globs the shell left alone (quoted, or matching nothing) are expanded like the shell would", async () => {
    const dir = project("quoted", { "s/a.iproto": GOOD.replace("good", "a"), "s/b.iproto": GOOD.replace("good", "b"), "s/sub/c.iproto": GOOD.replace("good", "c"), "s/.hidden/d.iproto": BAD });
    const checked = (n: number): CliRun => ({ status: 0, stdout: `checked ${n} file${n === 1 ? "" : "s"}: no problems\n`, stderr: "" });
    expect(await run(["check", "s/*.iproto"], { cwd: dir })).toEqual(checked(2));
    expect(await run(["check", "s/**/*.iproto"], { cwd: dir })).toEqual(checked(3));
    expect(await run(["check", "s/[a-b].iproto", "s/?.iproto"], { cwd: dir })).toEqual(checked(2));
    expect(await run(["check", "s/*"], { cwd: dir })).toEqual(checked(3)); // a matched directory expands as one
    expect(await run(["check", join(dir, "s/sub/*.iproto")], { cwd: ROOT })).toEqual(checked(1));
    expect(await run(["check", "s/*.proto"], { cwd: dir })).toMatchObject({ status: 2, stderr: expect.stringContaining("iprotoc: no files match `s/*.proto`") });
    expect(await run(["generate", "s/*.iproto", "-o", "gen"], { cwd: dir })).toMatchObject({ status: 0, stdout: "wrote 3 files to gen\n" });
  });
});

describe("colour", () => {
  const dir = project("colour", { "bad.iproto": BAD, "unformatted.iproto": UNFORMATTED, "old/bad.iproto": "struct Broken {\n  x: u8;\n}\n" });
  const tty = { stdout: true, stderr: true };
  const pipes = { stdout: false, stderr: false };
  // Each command with the stream its text diagnostics go to.
  const cases = [
    { argv: ["check", "bad.iproto"], stream: "stdout" },
    { argv: ["generate", "bad.iproto", "-o", "gen"], stream: "stderr" },
    { argv: ["format", "unformatted.iproto"], stream: "stderr" },
    { argv: ["breaking", "bad.iproto", "--against", "old"], stream: "stdout" },
  ] as const;

  it("on a terminal by default, not on a pipe", async () => {
    for (const { argv, stream } of cases) {
      const onTty = await run([...argv], { cwd: dir, isTTY: tty });
      expect(onTty.status).toBe(1);
      expect(onTty[stream]).toContain(`${ESC}1;31merror[`);
      const piped = await run([...argv], { cwd: dir, isTTY: pipes });
      expect(piped[stream]).toContain("error[");
      expect(piped[stream]).not.toContain(ESC);
      // Only the stream that is a terminal counts.
      const otherTty = await run([...argv], { cwd: dir, isTTY: { stdout: stream === "stderr", stderr: stream === "stdout" } });
      expect(otherTty[stream]).not.toContain(ESC);
    }
  });

  it("never with a non-empty NO_COLOR, whatever its value; an empty one does not count", async () => {
    for (const { argv, stream } of cases) {
      for (const value of ["1", "0", "false", "yes"]) {
        expect((await run([...argv], { cwd: dir, isTTY: tty, env: { NO_COLOR: value } }))[stream]).not.toContain(ESC);
      }
      expect((await run([...argv], { cwd: dir, isTTY: tty, env: { NO_COLOR: "" } }))[stream]).toContain(ESC);
    }
  });

  it("FORCE_COLOR colours a pipe and beats NO_COLOR, unless it is 0 or false; --no-color beats it", async () => {
    for (const { argv, stream } of cases) {
      for (const value of ["1", "2", "3", "true", ""]) {
        expect((await run([...argv], { cwd: dir, isTTY: pipes, env: { FORCE_COLOR: value, NO_COLOR: "1" } }))[stream]).toContain(ESC);
      }
      for (const value of ["0", "false"]) expect((await run([...argv], { cwd: dir, isTTY: tty, env: { FORCE_COLOR: value } }))[stream]).not.toContain(ESC);
      expect((await run([...argv, "--no-color"], { cwd: dir, isTTY: pipes, env: { FORCE_COLOR: "1" } }))[stream]).not.toContain(ESC);
    }
  });

  it("--color and --no-color override the terminal and NO_COLOR; machine formats are never coloured", async () => {
    for (const { argv, stream } of cases) {
      expect((await run([...argv, "--color"], { cwd: dir, isTTY: pipes, env: { NO_COLOR: "1" } }))[stream]).toContain(ESC);
      expect((await run([...argv, "--no-color"], { cwd: dir, isTTY: tty }))[stream]).not.toContain(ESC);
      for (const format of ["json", "github"]) {
        expect((await run([...argv, "--color", "--format", format], { cwd: dir, isTTY: tty }))[stream]).not.toContain(ESC);
      }
    }
  });

  const spawnCli = (args: string[], env: Record<string, string | undefined>) =>
    spawnSync(process.execPath, ["--import", TSX, CLI, ...args], { cwd: dir, encoding: "utf8", timeout: 90_000, env: { ...process.env, FORCE_COLOR: undefined, ...env } });

  it("the real process: plain into a pipe, coloured on a pseudo-terminal unless NO_COLOR", () => {
    const piped = spawnCli(["check", "bad.iproto"], { NO_COLOR: undefined });
    expect(piped.status).toBe(1);
    expect(piped.stdout).toContain("error[E0205]");
    expect(piped.stdout).not.toContain(ESC);
    // util-linux `script` runs the command on a pseudo-terminal.
    const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;
    if (!hasScript) return;
    const command = `'${process.execPath}' --import '${TSX}' '${CLI}' check bad.iproto`;
    const onPty = (env: Record<string, string | undefined>) =>
      spawnSync("script", ["-qec", command, "/dev/null"], { cwd: dir, encoding: "utf8", timeout: 90_000, env: { ...process.env, FORCE_COLOR: undefined, ...env } });
    const coloured = onPty({ NO_COLOR: undefined });
    expect(coloured.stdout).toContain(`${ESC}1;31merror[E0205]`);
    expect(onPty({ NO_COLOR: "1" }).stdout).not.toContain(ESC);
  });
});
