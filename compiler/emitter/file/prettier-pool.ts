/**
 * Formatting a huge generated module in parallel: prettier is single-threaded and dominates compile time
 * for schemas with thousands of messages. Chunks go to worker threads (each with its own prettier); the
 * result is the same as formatting them one by one.
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { PRETTIER_OPTIONS } from "./prettier.js";

/** Below this much unformatted text, starting workers costs more than it saves. */
export const PARALLEL_THRESHOLD = 1_500_000;

// The worker is plain JavaScript (eval: true) so it runs the same under tsx, vitest or compiled output.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
import(workerData.prettier).then((loaded) => {
  const prettier = typeof loaded.format === "function" ? loaded : loaded.default;
  parentPort.on("message", async ({ id, text }) => {
    try {
      parentPort.postMessage({ id, text: await prettier.format(text, workerData.options) });
    } catch (error) {
      parentPort.postMessage({ id, error: String(error && error.stack || error) });
    }
  });
  parentPort.postMessage({ ready: true });
});
`;

interface Reply {
  readonly id?: number;
  readonly text?: string;
  readonly error?: string;
  readonly ready?: boolean;
}

export async function formatInWorkers(chunks: readonly string[]): Promise<string[]> {
  // The ESM entry: the CommonJS one forwards every call through a dynamic import.
  const prettier = pathToFileURL(createRequire(import.meta.url).resolve("prettier").replace(/index\.cjs$/, "index.mjs")).href;
  const count = Math.max(1, Math.min(availableParallelism(), 8, chunks.length));
  const results = new Array<string>(chunks.length);
  let next = 0;
  const workers = Array.from({ length: count }, () => new Worker(WORKER_SOURCE, { eval: true, workerData: { prettier, options: { ...PRETTIER_OPTIONS } } }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const feed = (): void => {
              if (next >= chunks.length) return resolve();
              const id = next++;
              worker.postMessage({ id, text: chunks[id] });
            };
            worker.on("message", (reply: Reply) => {
              if (reply.error !== undefined) return reject(new Error(`prettier: ${reply.error}`));
              if (reply.id !== undefined && reply.text !== undefined) results[reply.id] = reply.text;
              feed();
            });
            worker.on("error", reject);
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
