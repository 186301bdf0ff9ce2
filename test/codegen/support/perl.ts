/**
 * One long-lived Perl process per test file, speaking perl/packer.pl's line protocol: many pack() calls,
 * pipelined, over a single child process.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export type PerlArg =
  | { readonly n: string }
  | { readonly d: string }
  | { readonly h: string }
  | { readonly p: PerlPack }
  | { readonly l: PerlPack };

export interface PerlPack {
  readonly t: string;
  readonly a: readonly PerlArg[];
}

const SCRIPT = fileURLToPath(new URL("../perl/packer.pl", import.meta.url));

export class PerlPacker {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #waiting: ((line: string) => void)[] = [];
  #buffer = "";
  /** Requests answered so far (to show many cases went through one process). */
  answered = 0;

  constructor() {
    this.#child = spawn("perl", [SCRIPT], { stdio: ["pipe", "pipe", "pipe"] });
    this.#child.stdout.setEncoding("utf8");
    this.#child.stdout.on("data", (chunk: string) => {
      this.#buffer += chunk;
      let nl: number;
      while ((nl = this.#buffer.indexOf("\n")) >= 0) {
        const line = this.#buffer.slice(0, nl);
        this.#buffer = this.#buffer.slice(nl + 1);
        this.answered++;
        this.#waiting.shift()?.(line);
      }
    });
    this.#child.stderr.setEncoding("utf8");
    this.#child.stderr.on("data", (text: string) => process.stderr.write(`perl: ${text}`));
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  pack(req: PerlPack): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      this.#waiting.push((line) => {
        if (line.startsWith("ERR")) reject(new Error(`perl pack(${req.t}): ${line}`));
        else resolve(Uint8Array.from(Buffer.from(line, "hex")));
      });
      this.#child.stdin.write(`${JSON.stringify(req)}\n`);
    });
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.#child.once("exit", () => resolve()));
    this.#child.stdin.end();
    await exited;
  }
}
