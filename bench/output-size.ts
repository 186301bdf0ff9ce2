/**
 * Generated output size: bytes and lines of the code generated for `bigSchema(n)` (bench/big-schema.ts) and
 * of generated-examples/. `npx tsx bench/output-size.ts [messages]` (200 by default).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "../compiler/pipeline/compile.js";
import { bigSchema } from "./big-schema.js";

const REPO = fileURLToPath(new URL("../", import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith(".ts") ? [p] : [];
  });
}

const messages = Number(process.argv[2] ?? 200);
const source = bigSchema(messages);
const host = { readFile: (path: string): string | undefined => (path === "big.iproto" ? source : undefined) };
const result = await compile(["big.iproto"], { host });
if (result.files.length === 0) throw new Error(result.diagnostics.map((d) => d.message).join("; "));
const text = result.files.map((f) => f.text).join("");
const examples = walk(join(REPO, "generated-examples")).map((p) => readFileSync(p, "utf8")).join("");
const lines = (s: string): number => s.split("\n").length - 1;
console.log(`bigSchema(${messages}): ${Buffer.byteLength(text)} bytes, ${lines(text)} lines`);
console.log(`generated-examples: ${Buffer.byteLength(examples)} bytes, ${lines(examples)} lines`);
