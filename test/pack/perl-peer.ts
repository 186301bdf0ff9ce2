/**
 * One long-lived `perl` process per test file, asked many questions a line each. Requests are written in
 * batches and answers read back in order, so thousands of cases cost one process and a few pipe writes.
 *
 * Some generated inputs make Perl itself spin for minutes (a `/` count of four billion on a group that
 * consumes nothing: Perl runs every pass). A request that gets no answer within `stallMs` is answered
 * "TIMEOUT": the process is killed and a fresh one takes the remaining requests.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";

export class PerlPeer {
  private child: ChildProcessWithoutNullStreams | undefined;
  private onLine: ((line: string) => void) | undefined;
  private stderr = "";
  restarts = 0;

  constructor(
    private readonly script: string,
    private readonly stallMs = 1000,
  ) {}

  private start(): ChildProcessWithoutNullStreams {
    const child = spawn("perl", [this.script], { stdio: ["pipe", "pipe", "pipe"] });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      this.stderr += chunk;
    });
    child.stdin.on("error", () => {}); // EPIPE after a kill: the stall timer reports it
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (this.child === child) this.onLine?.(line);
    });
    this.child = child;
    return child;
  }

  /** Sends every request; resolves with the answers in the same order. */
  async ask(requests: readonly string[]): Promise<string[]> {
    const answers: string[] = [];
    while (answers.length < requests.length) {
      const child = this.child ?? this.start();
      const stalled = await this.run(child, requests, answers);
      if (stalled) {
        answers.push("TIMEOUT");
        child.kill("SIGKILL");
        this.child = undefined;
        this.restarts++;
      }
    }
    return answers;
  }

  /** Feeds requests from answers.length on; resolves true when Perl stops answering. */
  private run(child: ChildProcessWithoutNullStreams, requests: readonly string[], answers: string[]): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (stalled: boolean): void => {
        clearTimeout(timer);
        this.onLine = undefined;
        child.off("exit", onExit);
        resolve(stalled);
      };
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => finish(true), this.stallMs);
      };
      const onExit = (code: number | null): void => {
        clearTimeout(timer);
        reject(new Error(`perl exited with ${code}: ${this.stderr}`));
      };
      child.once("exit", onExit);
      this.onLine = (line) => {
        answers.push(line);
        if (answers.length === requests.length) finish(false);
        else arm();
      };
      arm();
      child.stdin.write(requests.slice(answers.length).join("\n") + "\n");
    });
  }

  async close(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.stdin.end();
    await exited;
  }
}
