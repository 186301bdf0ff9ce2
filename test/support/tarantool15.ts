/**
 * A real Tarantool 1.5 server for a test file.
 *
 * The server is `tarantool15/tarantool_box` from the shared directory beside the repository
 * (`../shared/tarantool15/`, see its README.md). `Tarantool15.start()` picks a free port on 127.0.0.1,
 * runs `tarantool15 prepare` into a fresh temp dir (spaces and stored procedures: the example files
 * unless given), starts `tarantool_box --config tarantool.cfg` there and waits until the log says it
 * bound the port and entered its event loop, then until the port accepts. Another process may take the
 * port between our probe and the server's bind (Tarantool then retries binding forever): that attempt is
 * stopped and another port tried. `stop()` ends the server and removes the dir.
 *
 * No server outlives the test process: the server runs under a small `sh` that holds our end of a pipe
 * and kills it when the pipe closes, which the kernel does however the test process ends (even SIGKILL);
 * a process `exit` hook also signals every live server directly.
 *
 * `useTarantool15()` registers start and stop in beforeAll/afterAll; `describeTarantool15()` is a
 * `describe` that is skipped, with the reason and what it would have run in its name, when the shared
 * directory is absent.
 */
import { execFileSync, spawn, type ChildProcessByStdio } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe } from "vitest";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const HOST = "127.0.0.1";
const START_ATTEMPTS = 5;
const START_DEADLINE_MS = 20_000;
const STOP_DEADLINE_MS = 10_000;

/** Where `tarantool15/` may be: $TARANTOOL15_DIR, `../shared` of this checkout, `../shared` of the main checkout (for a git worktree). */
function candidates(): string[] {
  const found: string[] = [];
  const fromEnv = process.env["TARANTOOL15_DIR"];
  if (fromEnv !== undefined && fromEnv !== "") found.push(resolve(fromEnv));
  found.push(resolve(REPO, "../shared/tarantool15"));
  // A worktree's `.git` is a file naming <main>/.git/worktrees/<name>: the shared dir sits beside <main>.
  const dotGit = join(REPO, ".git");
  try {
    const match = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, "utf8"));
    if (match?.[1] !== undefined) found.push(resolve(dirname(resolve(match[1].trim(), "../..")), "../shared/tarantool15"));
  } catch {
    // `.git` is a directory (a main checkout) or absent: nothing more to look at.
  }
  return found;
}

const LOOKED_IN = candidates();
/** The shared `tarantool15/` directory, or undefined when no candidate holds the server binary. */
export const TARANTOOL15_DIR: string | undefined = LOOKED_IN.find((dir) => existsSync(join(dir, "tarantool_box")));
/** Why real-server tests are skipped, when they are. */
export const TARANTOOL15_MISSING = `no Tarantool 1.5 server: tarantool_box not found in ${LOOKED_IN.join(", ")} (set TARANTOOL15_DIR)`;

export interface Tarantool15Options {
  /** Tarantool 1.5 `space[...]` configuration lines (a file path); default the shared example-spaces.cfg. */
  readonly spaces?: string;
  /** Stored procedures (a Lua file path); default the shared example-init.lua. */
  readonly init?: string;
}

type Wrapper = ChildProcessByStdio<Writable, Readable, null>;

/** Servers started and not yet stopped: signalled on process exit. */
const live = new Set<Tarantool15>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const server of live) server.kill();
  });
}

/** A port free on 127.0.0.1 a moment ago (bind 0, read it, close). */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? done(port) : fail(new Error("no port from bind 0"))));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: HOST, port });
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs the server in the background and waits on stdin: EOF (our pipe closed, whatever the reason)
 * stops it. The server's pid goes to stdout so that the exit hook can signal it directly.
 */
const WRAPPER = [
  '"$1" --config tarantool.cfg </dev/null >/dev/null 2>&1 &',
  "pid=$!",
  'echo "$pid"',
  "read -r line || true",
  'kill -TERM "$pid" 2>/dev/null',
  'wait "$pid"',
].join("\n");

export class Tarantool15 {
  readonly host = HOST;
  #exited: Promise<void>;

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly wrapper: Wrapper,
    private readonly pid: number,
  ) {
    this.#exited = new Promise((r) => wrapper.once("exit", () => r()));
  }

  /** `127.0.0.1:port`, as IProtoClient's `servers` takes it. */
  get address(): string {
    return `${HOST}:${this.port}`;
  }

  /** The server's log so far (for failure messages). */
  log(): string {
    try {
      return readFileSync(join(this.dir, "tarantool.log"), "utf8");
    } catch {
      return "";
    }
  }

  static async start(options: Tarantool15Options = {}): Promise<Tarantool15> {
    if (TARANTOOL15_DIR === undefined) throw new Error(TARANTOOL15_MISSING);
    installExitHook();
    const problems: string[] = [];
    for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      const server = await Tarantool15.launch(TARANTOOL15_DIR, await freePort(), options);
      const problem = await server.ready();
      if (problem === undefined) return server;
      problems.push(`port ${server.port}: ${problem}\n${server.log().split("\n").slice(-8).join("\n")}`);
      await server.stop();
    }
    throw new Error(`Tarantool 1.5 did not start in ${START_ATTEMPTS} attempts:\n${problems.join("\n")}`);
  }

  private static async launch(shared: string, port: number, options: Tarantool15Options): Promise<Tarantool15> {
    const dir = mkdtempSync(join(tmpdir(), "iprotoc-t15-"));
    const args = ["prepare", dir, String(port), options.spaces ?? join(shared, "example-spaces.cfg"), options.init ?? join(shared, "example-init.lua")];
    execFileSync(join(shared, "tarantool15"), args, { stdio: "pipe" });
    const wrapper = spawn("sh", ["-c", WRAPPER, "tarantool15-wrapper", join(shared, "tarantool_box")], {
      cwd: dir,
      stdio: ["pipe", "pipe", "ignore"],
    });
    wrapper.stdin.on("error", () => {}); // EPIPE when the wrapper is already gone: stop() handles it
    const pid = await new Promise<number>((done, fail) => {
      let out = "";
      wrapper.stdout.setEncoding("utf8");
      wrapper.stdout.on("data", (chunk: string) => {
        out += chunk;
        const line = /^(\d+)\n/.exec(out);
        if (line?.[1] !== undefined) done(Number(line[1]));
      });
      wrapper.once("exit", (code) => fail(new Error(`tarantool wrapper exited with ${code} before starting the server`)));
    });
    const server = new Tarantool15(dir, port, wrapper, pid);
    live.add(server);
    return server;
  }

  /** Waits for the server to own its port; a reason when it does not. */
  private async ready(): Promise<string | undefined> {
    const deadline = Date.now() + START_DEADLINE_MS;
    let exited = false;
    void this.#exited.then(() => (exited = true));
    while (Date.now() < deadline) {
      if (exited) return "the server exited";
      const log = this.log();
      if (log.includes(`primary port ${this.port} is already in use`)) return "port taken by another process";
      if (log.includes(`bound to primary port ${this.port}`) && log.includes("entering event loop") && (await accepts(this.port))) return undefined;
      await sleep(50);
    }
    return `not listening after ${START_DEADLINE_MS} ms`;
  }

  /** Signals the server at once (the process exit hook: nothing async runs there). */
  kill(): void {
    try {
      process.kill(this.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }

  /** Stops the server, waits for it to exit, removes its dir. */
  async stop(): Promise<void> {
    if (!live.delete(this)) return;
    this.wrapper.stdin.end();
    const stopped = await Promise.race([this.#exited.then(() => true), sleep(STOP_DEADLINE_MS).then(() => false)]);
    if (!stopped) {
      try {
        process.kill(this.pid, "SIGKILL");
      } catch {
        // already gone
      }
      this.wrapper.kill("SIGKILL");
      await this.#exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Starts a server before the file's tests and stops it after; the returned function gives it to tests. */
export function useTarantool15(options: Tarantool15Options = {}): () => Tarantool15 {
  let server: Tarantool15 | undefined;
  beforeAll(async () => {
    server = await Tarantool15.start(options);
  }, START_ATTEMPTS * START_DEADLINE_MS);
  afterAll(async () => {
    await server?.stop();
  }, STOP_DEADLINE_MS * 2);
  return () => {
    if (server === undefined) throw new Error("Tarantool 1.5 is not running (beforeAll failed?)");
    return server;
  };
}

/**
 * A `describe` of tests against a real Tarantool 1.5, skipped when the server binary is absent: the
 * skipped suite's name then says why and what it would have proved.
 */
export function describeTarantool15(name: string, wouldProve: string, body: () => void): void {
  if (TARANTOOL15_DIR !== undefined) describe(name, body);
  else describe.skipIf(true)(`${name} — SKIPPED, ${TARANTOOL15_MISSING}; would have run against a real server: ${wouldProve}`, body);
}
