/**
 * `--watch`: runs a command, then again whenever a schema it depends on changes, until SIGINT/SIGTERM.
 *
 * What is watched is worked out again after every run, because editing a schema can add or drop imports:
 * the directories of every file the front end read or tried to read (inputs, imports, and imports that
 * do not exist yet), and every directory below an input directory (new files there are inputs). Directories
 * rather than files are watched so that editors which save by writing a new file and renaming it over the
 * old one are seen, and only `.iproto` names, known inputs and new directories count as changes, so
 * generated output written next to the schemas does not trigger another run.
 *
 * A run with schema errors prints its diagnostics and writes nothing (the command's own rule), so the
 * previous output stays; watching goes on. Each run ends with one summary line (the command's own), which
 * in the text format is prefixed with the time of the run.
 */
import { type FSWatcher, readdirSync, statSync, watch as watchDirectory } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { loadProgram, type ParseCache } from "../../checks/load.js";
import { Diagnostics } from "../../diagnostics/collector.js";
import { fileSystemHost } from "../../pipeline/source-host.js";
import type { ParsedArgs } from "./args.js";
import type { Command } from "./command.js";
import { expandInputs } from "./files.js";
import { EXIT, UsageError, type CliIo } from "./io.js";
import { newSession, saveSession } from "./session.js";

export interface WatchOptions {
  /** Quiet time after the last change before running again, in milliseconds. */
  readonly debounceMs?: number;
  /** Stops watching when aborted; by default SIGINT and SIGTERM stop it. */
  readonly signal?: AbortSignal;
}

/** Runs `command` now and after every relevant change; resolves with exit status 0 once stopped. */
export async function watchCommand(command: Command, args: ParsedArgs, io: CliIo, options: WatchOptions = {}): Promise<number> {
  const debounceMs = options.debounceMs ?? 100;
  const timestamps = (args.options.get("format") ?? "text") === "text";
  const watchers = new Map<string, FSWatcher>();
  // Parses and generated code carried from run to run: a run after an edit redoes only what changed.
  const session = newSession();
  const sessionIo: CliIo = { ...io, session };
  const importRoots = args.lists.get("import-path") ?? [];
  let deps = dependencies(args.positionals, io.cwd, importRoots, session.parses);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const relevant = (dir: string, name: string | null): boolean => {
    if (name === null || name.endsWith(".iproto")) return true;
    const path = join(dir, name);
    if (deps.files.has(path)) return true;
    // A new directory below an input directory may hold inputs, one on the way to a missing import may hold
    // it; any other (the output's, a cache's) can't hold a schema of this program.
    if (watchers.has(path)) return false;
    const below = (d: string): boolean => d.startsWith(path + sep);
    const mayHold = deps.inputDirectories.some((d) => path.startsWith(d + sep)) || [...deps.files].some(below);
    return mayHold && isDirectory(path);
  };
  const schedule = (): void => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(run, debounceMs);
  };
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    // Watch what this run will read before it reads it: a change made while it runs then starts another.
    deps = dependencies(args.positionals, io.cwd, importRoots, session.parses);
    sync();
    running = runOnce(command, args, sessionIo, { timestamps, keepGoing: true }).then(() => {
      running = undefined;
      if (stopped) return;
      if (again) {
        again = false;
        schedule();
      }
    });
  };
  const sync = (): void => {
    for (const [dir, watcher] of watchers) {
      if (deps.directories.has(dir)) continue;
      watcher.close();
      watchers.delete(dir);
    }
    for (const dir of deps.directories) {
      if (watchers.has(dir)) continue;
      try {
        const watcher = watchDirectory(dir, (_event, name) => {
          if (relevant(dir, name === null ? null : String(name))) schedule();
        });
        // A watched directory that disappears: run again, which works out the new set.
        watcher.on("error", () => {
          watcher.close();
          watchers.delete(dir);
          schedule();
        });
        watchers.set(dir, watcher);
      } catch {
        // Gone between listing and watching: the next run looks again.
      }
    }
  };
  sync();
  try {
    // The first run's usage errors (a missing input, no -o) end the command as without --watch.
    await runOnce(command, args, sessionIo, { timestamps, keepGoing: false });
  } catch (error) {
    for (const watcher of watchers.values()) watcher.close();
    throw error;
  }
  io.stderr(`watching ${deps.files.size} file${deps.files.size === 1 ? "" : "s"} for changes (Ctrl-C to stop)\n`);

  await new Promise<void>((stop) => {
    const finish = (): void => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
      process.off("SIGINT", finish);
      process.off("SIGTERM", finish);
      void (running ?? Promise.resolve()).then(() => {
        saveSession(session);
        stop();
      });
    };
    if (options.signal) {
      if (options.signal.aborted) finish();
      else options.signal.addEventListener("abort", finish, { once: true });
    } else {
      process.on("SIGINT", finish);
      process.on("SIGTERM", finish);
    }
  });
  return EXIT.ok;
}

/** One run, its output held back so that its last line can carry the time; later runs survive usage errors. */
async function runOnce(command: Command, args: ParsedArgs, io: CliIo, how: { timestamps: boolean; keepGoing: boolean }): Promise<void> {
  const writes: { stream: "stdout" | "stderr"; text: string }[] = [];
  const captured: CliIo = {
    ...io,
    stdout: (text) => void writes.push({ stream: "stdout", text }),
    stderr: (text) => void writes.push({ stream: "stderr", text }),
  };
  try {
    await command.run(args, captured);
  } catch (error) {
    if (!(error instanceof UsageError) || !how.keepGoing) {
      flush(io, writes, undefined);
      throw error;
    }
    writes.push({ stream: "stderr", text: `iprotoc: ${error.message}\n` });
  }
  flush(io, writes, how.timestamps ? `[${clock(new Date())}] ` : undefined);
}

function flush(io: CliIo, writes: readonly { stream: "stdout" | "stderr"; text: string }[], prefix: string | undefined): void {
  const last = writes.length - 1;
  writes.forEach(({ stream, text }, i) => {
    let out = text;
    if (i === last && prefix !== undefined) {
      const start = out.lastIndexOf("\n", out.length - 2) + 1;
      out = out.slice(0, start) + prefix + out.slice(start);
    }
    io[stream](out);
  });
}

function clock(at: Date): string {
  return [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}

interface Dependencies {
  /** Absolute paths of every schema read or looked for. */
  readonly files: Set<string>;
  /** Absolute paths of the directories to watch. */
  readonly directories: Set<string>;
  /** Absolute paths of the inputs that are directories. */
  readonly inputDirectories: string[];
}

/**
 * The inputs and every file they import (as the front end resolves them now), and where to watch them.
 * Parses go to `parses`, where the run that follows finds them.
 */
function dependencies(inputs: readonly string[], cwd: string, importRoots: readonly string[], parses: ParseCache): Dependencies {
  const files = new Set<string>();
  const directories = new Set<string>();
  const inputDirectories: string[] = [];
  for (const input of inputs) {
    const path = resolve(cwd, input);
    if (isDirectory(path)) {
      directoriesBelow(path, directories);
      inputDirectories.push(path);
    } else files.add(path);
  }
  let entries: string[] = [];
  try {
    entries = expandInputs(inputs, cwd);
  } catch {
    // A missing input: its directory is still watched (below), so creating it starts a run.
  }
  const host = {
    readFile: (p: string): string | undefined => {
      const path = resolve(cwd, p);
      files.add(path);
      return fileSystemHost.readFile(path);
    },
    refuse: (p: string): string | undefined => fileSystemHost.refuse?.(resolve(cwd, p)),
  };
  loadProgram(entries, host, new Diagnostics(), { importRoots, parses });
  // A file that does not exist yet (a missing import) is watched from its nearest existing directory.
  for (const file of files) {
    let dir = dirname(file);
    while (!isDirectory(dir) && dirname(dir) !== dir) dir = dirname(dir);
    directories.add(dir);
  }
  return { files, directories, inputDirectories };
}

/** `dir` and every directory below it that expandInputs would search. */
function directoriesBelow(dir: string, into: Set<string>): void {
  into.add(dir);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.isDirectory() && !entry.name.startsWith(".") && entry.name !== "node_modules") directoriesBelow(join(dir, entry.name), into);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
