/**
 * Front-end micro benchmark: generates a schema with 2,000 messages (plus the structs, enums and an
 * envelope they use), then times parse + check, best of N runs. Run: `npx tsx bench/frontend-parse.ts [N]`.
 */
import { analyze } from "../compiler/frontend.js";
import { parseSchema } from "../compiler/parser/parse.js";

const MESSAGES = 2000;
const RUNS = Number(process.argv[2] ?? 10);

function schema(): string {
  const out: string[] = [
    "/** Generated for the front-end benchmark. */",
    "package bench.big;",
    "const LIMIT_ALL: u32 = 0x7fffffff;",
    "enum Status: u8 { OK = 0; NOT_FOUND = 1; BUSY = 2; }",
    "flags Mode: u32 { RETURN = 1; ADD = 2; REPLACE = 4; }",
    "struct Tuple { size: u32 = sizeof(fields); cardinality: u32; fields: bytes<varint>[cardinality]; }",
    "envelope Env { code: u32; error if code != 0 { message: string<nul>; } retry_when (code & 0xff) == 1; }",
  ];
  for (let s = 0; s < 50; s++) {
    out.push(`/** Struct ${s}. */\nstruct Item${s} {\n  id: u64;\n  name: string<varint>;\n  tags: u16[u8];\n  status: Status = Status.OK;\n  extra: u32 if status == Status.BUSY;\n}`);
  }
  out.push("service Big {", "  envelope Env;", "  timeout 1000;");
  for (let m = 0; m < MESSAGES; m++) {
    out.push(
      `  /** Message ${m}. */`,
      `  message M${m} = ${m + 1} {`,
      m % 3 === 0 ? "    retry;" : "",
      "    key id;",
      "    request {",
      "      id: u32;",
      "      mode: Mode = 0;",
      `      item: Item${m % 50};`,
      "      limit: u32 = LIMIT_ALL;",
      "    }",
      "    response {",
      "      count: u32;",
      "      tuples: Tuple[count] if request.mode & Mode.RETURN;",
      "    }",
      "  }",
    );
  }
  out.push("}");
  return out.join("\n");
}

const text = schema();
const host = { readFile: (p: string) => (p === "big.iproto" ? text : undefined) };

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const cold = time(() => {
  const r = analyze(["big.iproto"], host);
  if (!r.program || r.diagnostics.length > 0) throw new Error(`benchmark schema has errors: ${r.diagnostics[0]?.message}`);
});
let bestParse = Infinity;
let bestAll = Infinity;
for (let i = 0; i < RUNS; i++) {
  bestParse = Math.min(bestParse, time(() => parseSchema("big.iproto", text)));
  bestAll = Math.min(bestAll, time(() => analyze(["big.iproto"], host)));
}
const lines = text.split("\n").length;
console.log(`schema: ${MESSAGES} messages, ${lines} lines, ${(text.length / 1024).toFixed(0)} KiB`);
console.log(`first run (includes building the parser): ${cold.toFixed(1)} ms`);
console.log(`parse only, best of ${RUNS}: ${bestParse.toFixed(1)} ms`);
console.log(`parse + check, best of ${RUNS}: ${bestAll.toFixed(1)} ms`);
