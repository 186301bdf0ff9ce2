/**
 * Front-end benchmark: parse + check a generated 2,000-message schema (bench/big-schema.ts), best of N
 * runs. Run: `npx tsx bench/frontend-parse.ts [N]`; writes the "Front end" section of docs/benchmarks.md.
 */
import { cpus } from "node:os";
import { checkProgram } from "../compiler/checks/program.js";
import { parseSchema } from "../compiler/parser/parse.js";
import { MESSAGES, bigSchema } from "./big-schema.js";
import { writeBenchSection } from "./docs-section.js";

const RUNS = Number(process.argv[2] ?? 10);
const text = bigSchema();
const host = { readFile: (p: string) => (p === "big.iproto" ? text : undefined) };

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const cold = time(() => {
  const r = checkProgram(["big.iproto"], host);
  if (!r.program || r.diagnostics.length > 0) throw new Error(`benchmark schema has errors: ${r.diagnostics[0]?.message}`);
});
let bestParse = Infinity;
let bestAll = Infinity;
for (let i = 0; i < RUNS; i++) {
  bestParse = Math.min(bestParse, time(() => parseSchema("big.iproto", text)));
  bestAll = Math.min(bestAll, time(() => checkProgram(["big.iproto"], host)));
}
const lines = text.split("\n").length;
const report = [
  `Schema: ${MESSAGES} messages, ${lines} lines, ${(text.length / 1024).toFixed(0)} KiB (bench/big-schema.ts); ${cpus()[0]?.model ?? "CPU"} × ${cpus().length}, Node ${process.version}.`,
  "",
  "| step | ms |",
  "|---|---:|",
  `| first run (includes building the parser) | ${cold.toFixed(1)} |`,
  `| parse only, best of ${RUNS} | ${bestParse.toFixed(1)} |`,
  `| parse + check, best of ${RUNS} | ${bestAll.toFixed(1)} |`,
].join("\n");
console.log(report);
writeBenchSection("frontend", "Front end", report);
