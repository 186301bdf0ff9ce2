/** Writes the benchmark's results as the "Codec" section of docs/benchmarks.md (other sections untouched). */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { isNativeAccelerationEnabled as msgpackrNative } from "msgpackr";
import type { CompileTime } from "./compile-time.js";

interface Results {
  readonly rows: readonly { key: string; shape: string; op: string; results: Map<string, number> }[];
  readonly sizes: Record<string, Record<string, number>>;
  readonly compile: CompileTime;
  readonly machine: string;
  readonly quick: boolean;
}

const ORDER = ["generated", "hand-written", "protobufjs", "avsc", "msgpackr"];

function ops(v: number): string {
  return v >= 1e6 ? `${(v / 1e6).toFixed(2)} M/s` : `${(v / 1e3).toFixed(0)} k/s`;
}

export function section(r: Results): string {
  const lines = [
    "## Codec",
    "",
    "`npx tsx bench/codec/run.ts` (issue 3): encode and decode with the generated code, a hand-written",
    "optimal implementation of the same layouts (byte stores, one scratch typed array for floats, pooled",
    "allocation, the same validation: bench/codec/handwritten.ts), and three general-purpose serializers",
    "carrying the same information: protobufjs 8 (reflection: `parse()` compiles its codecs at start-up; its",
    "static code needs the separate pbjs CLI), avsc 5 and msgpackr 2 (records mode; its optional native",
    `string extractor, msgpackr-extract, ${msgpackrNative ? "loaded, as npm installs it here" : "not loaded"}). 64-bit integers are numbers everywhere. Every implementation's output is checked`,
    "before timing: the generated and hand-written bytes are identical, every peer round-trips.",
    "",
    "- *Ten numbers*: a fixed 42-byte struct, u8 i8 u16 i16 u32 i32 u64 i64 (as number) f32 f64.",
    "- *Box INSERT*: a request object and its whole packet (12-byte header and body) with an 8-field tuple",
    "  (4-byte numbers and short strings); the hand-written side is also a class with `packetSize` and",
    "  `encodeInto`, the shape the transport takes. Decode is the server side, `InsertRequest.decodeBody`.",
    "- *Box SELECT response*: return code, count and 100 such tuples (`SelectResponse.encodeBody` /",
    "  `decode`); decoded `bytes` fields are zero-copy views, for every implementation that offers them.",
    "- *Typed* shapes (issues 11 and 15): the tuple users store, typed — u64 id, u32, strings of 10/20/40",
    "  ASCII bytes, a 16-byte token, u16, u8, each behind its BER length (`id: u64<varint> as number`) —",
    "  decoded to numbers, strings and a bytes view: an INSERT (121-byte body), the same with the id as a",
    "  bigint, with Cyrillic strings, with strings of 150/300/600 bytes (two-byte BER lengths), and a SELECT",
    "  response of 100 such tuples. The hand-written side (bench/codec/hand-typed.ts) validates as the",
    "  generated code does (ranges, bounds, prefixes, strict UTF-8) and decodes strings the fastest way",
    "  measured; the peers carry the id as a number.",
    "",
    `Operations per second, median of interleaved rounds (a full garbage collection before each)${r.quick ? " (quick run)" : ""}; ratio to hand-written in parentheses.`,
    `Machine: ${r.machine}.`,
    "",
    `| shape | op | ${ORDER.join(" | ")} |`,
    `|---|---|${ORDER.map(() => "---:").join("|")}|`,
  ];
  for (const row of r.rows) {
    const base = row.results.get("hand-written")!;
    const cells = ORDER.map((n) => {
      const v = row.results.get(n);
      if (v === undefined) return "–";
      return n === "hand-written" ? ops(v) : `${ops(v)} (${(v / base).toFixed(2)}×)`;
    });
    lines.push(`| ${row.shape} | ${row.op} | ${cells.join(" | ")} |`);
  }
  const sizeKeys = [...new Set(r.rows.map((row) => row.key))];
  lines.push(
    "",
    "Encoded sizes in bytes (body only):",
    "",
    `| shape | ${ORDER.filter((n) => n !== "hand-written").join(" | ")} |`,
    `|---|${ORDER.filter((n) => n !== "hand-written").map(() => "---:").join("|")}|`,
    ...sizeKeys.map((k) => `| ${r.rows.find((row) => row.key === k)?.shape ?? k} | ${ORDER.filter((n) => n !== "hand-written").map((n) => r.sizes[k]?.[n] ?? "–").join(" | ")} |`),
    "",
    "String fields: in a body of 256 B or more, a string field turns the next 16 KiB of the body into one",
    "Latin-1 string and each ASCII field inside it is cut from it (runtime/codec/utf8.ts, readUtf8Cached;",
    "ASCII checked four bytes at a time): one native call per window, as msgpackr's native extractor makes",
    "one per message. The hand-written reference reads strings with the same function.",
    "",
    `Compile time in this process, ${r.compile.messages} messages (${r.compile.schemaKiB} KiB of schema, ${r.compile.outputMiB} MiB of generated TypeScript; best of runs):`,
    `front end ${r.compile.analyzeMs} ms, code generation ${r.compile.emitMs} ms, total ${(r.compile.totalMs / 1000).toFixed(1)} s. Through the CLI, cold: "Compile time" below.`,
    "",
  );
  return lines.join("\n");
}

export function writeSection(path: string, r: Results): void {
  const text = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmarks\n";
  const ours = section(r);
  const start = text.search(/^## Codec\s*$/m);
  let next: string;
  if (start < 0) {
    next = `${text.trimEnd()}\n\n${ours}`;
  } else {
    const after = text.slice(start + 1).search(/^## /m);
    const end = after < 0 ? text.length : start + 1 + after;
    next = `${text.slice(0, start)}${ours}\n${text.slice(end)}`;
  }
  writeFileSync(path, next.trimEnd() + "\n");
}
