/**
 * Codec benchmark (issue 3): encode and decode, in one run, with the generated code, a hand-written
 * optimal implementation of the same layouts, protobufjs, avsc and msgpackr; on a fixed struct of ten
 * numbers, a Box INSERT request with an 8-field tuple, and a Box SELECT response with 100 such tuples.
 * Then the compile time of a 2,000-message schema. Writes the "Codec" section of docs/benchmarks.md.
 *
 *   npx tsx bench/codec/run.ts [--quick] [--no-write] [--typed-only]
 */
import { deepStrictEqual } from "node:assert/strict";
import { rmSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { compile } from "../../compiler/pipeline/compile.js";
import { writeCompiled } from "../../compiler/pipeline/write-compiled.js";
import { bigSchema, MESSAGES } from "../big-schema.js";
import { compileTime } from "./compile-time.js";
import { INSERT, SELECT_TUPLES, TEN } from "./data.js";
import * as hand from "./handwritten.js";
import { measure } from "./harness.js";
import { PEERS } from "./peers.js";
import { typedShapes, type TypedGenerated } from "./typed.js";
import { writeSection } from "./report.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const quick = process.argv.includes("--quick");
/** Only the typed shapes, no compile time, nothing written: for working on the typed codecs. */
const typedOnly = process.argv.includes("--typed-only");
const GEN = "bench/codec/.gen";

interface Generated extends TypedGenerated {
  encodeTen(v: hand.Ten): Uint8Array;
  decodeTen(b: Uint8Array): hand.Ten;
  InsertRequest: (new (f: unknown) => { encode(sync?: number): Uint8Array }) & { decodeBody(b: Uint8Array): unknown };
  SelectResponse: { encodeBody(v: unknown): Uint8Array; decode(b: Uint8Array): unknown };
}

async function loadGenerated(): Promise<Generated> {
  const result = await compile(["bench/codec/bench.iproto", "schemas/box.iproto"], { cwd: REPO, outDir: GEN, runtimeImport: "@iprotoc/runtime" });
  if (result.files.length === 0) throw new Error(`compile failed: ${result.diagnostics.map((d) => d.message).join("; ")}`);
  rmSync(`${REPO}${GEN}`, { recursive: true, force: true });
  writeCompiled(result.files, REPO);
  const bench = (await import(`${REPO}${GEN}/bench/codec/bench.ts`)) as Record<string, unknown>;
  const box = (await import(`${REPO}${GEN}/schemas/box.ts`)) as Pick<Generated, "InsertRequest" | "SelectResponse">;
  return {
    encodeTen: bench["encodeTen"] as Generated["encodeTen"],
    decodeTen: bench["decodeTen"] as Generated["decodeTen"],
    TypedInsert: bench["InsertRequest"] as Generated["TypedInsert"],
    TypedInsertBig: bench["InsertBigRequest"] as Generated["TypedInsertBig"],
    TypedSelectResponse: bench["SelectResponse"] as Generated["TypedSelectResponse"],
    PersonSpaceTuple: bench["PersonSpace$tuple"] as Generated["PersonSpaceTuple"],
    PersonSpaceKey: bench["PersonSpace$primary"] as Generated["PersonSpaceKey"],
    ...box,
  };
}

function plain(v: unknown): unknown {
  if (v instanceof Uint8Array) return [...v];
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** Same values, where a serializer may leave out fields that hold their zero value (proto3 defaults). */
function sameInfo(got: unknown, want: unknown): boolean {
  if (Array.isArray(want)) return Array.isArray(got) && got.length === want.length && want.every((w, i) => sameInfo(got[i], w));
  if (want !== null && typeof want === "object") {
    const g = (got ?? {}) as Record<string, unknown>;
    return Object.entries(want).every(([k, w]) => (g[k] === undefined ? w === 0 : sameInfo(g[k], w)));
  }
  return Object.is(got, want) || (typeof want === "number" && typeof got === "number" && Math.fround(want) === got);
}

export interface Row {
  readonly key: string;
  readonly shape: string;
  readonly op: "encode" | "decode";
  readonly results: Map<string, number>;
}

async function main(): Promise<void> {
  const gen = await loadGenerated();
  const insertInit = { space: INSERT.space, flags: INSERT.flags, tuple: { fields: INSERT.fields } };
  const selectInit = { count: SELECT_TUPLES.length, tuples: SELECT_TUPLES };

  // The generated code and the hand-written code produce the same bytes and the same values.
  const tenBytes = gen.encodeTen(TEN);
  deepStrictEqual([...tenBytes], [...hand.encodeTen(TEN)]);
  deepStrictEqual(gen.decodeTen(tenBytes), hand.decodeTen(tenBytes));
  const insertPacket = new gen.InsertRequest(insertInit).encode(5);
  deepStrictEqual([...insertPacket], [...new hand.InsertRequest(INSERT.space, INSERT.flags, INSERT.fields).encode(5)]);
  const insertBody = insertPacket.subarray(12);
  deepStrictEqual(plain(gen.InsertRequest.decodeBody(insertBody)), plain(hand.decodeInsert(insertBody)));
  const selectBody = gen.SelectResponse.encodeBody(selectInit);
  deepStrictEqual([...selectBody], [...hand.encodeSelectResponse(SELECT_TUPLES)]);
  deepStrictEqual(plain(gen.SelectResponse.decode(selectBody)), plain(hand.decodeSelectResponse(selectBody)));

  const peerValues = {
    ten: TEN,
    insert: { space: INSERT.space, flags: INSERT.flags, tuple: INSERT.fields.map((f) => Buffer.from(f)) },
    select: { code: 0, count: SELECT_TUPLES.length, tuples: SELECT_TUPLES.map((t) => ({ fields: t.fields.map((f) => Buffer.from(f)) })) },
  };
  const sizes: Record<string, Record<string, number>> = { ten: { generated: tenBytes.length }, insert: { generated: insertBody.length }, select: { generated: selectBody.length } };
  const peerBytes: Record<string, Record<string, Uint8Array>> = { ten: {}, insert: {}, select: {} };
  for (const shape of ["ten", "insert", "select"] as const) {
    for (const [name, codec] of Object.entries(PEERS[shape])) {
      const bytes = codec.encode(peerValues[shape]);
      peerBytes[shape]![name] = bytes;
      sizes[shape]![name] = bytes.length;
      if (!sameInfo(plain(codec.decode(bytes)), plain(peerValues[shape]))) throw new Error(`${name} does not round-trip the ${shape} shape`);
    }
  }

  const opts = quick ? { rounds: 3, roundMs: 30, warmupMs: 100 } : { rounds: 9, roundMs: 80, warmupMs: 300 };
  const rows: Row[] = [];
  const peerCases = (shape: "ten" | "insert" | "select", op: "encode" | "decode") =>
    Object.entries(PEERS[shape]).map(([name, codec]) => {
      const value = peerValues[shape];
      const bytes = peerBytes[shape]![name]!;
      return { name, run: op === "encode" ? () => codec.encode(value) : () => codec.decode(bytes) };
    });
  const shapes = [
    { shape: "Ten numbers (u8 … f64)", key: "ten" as const, enc: [() => gen.encodeTen(TEN), () => hand.encodeTen(TEN)], dec: [() => gen.decodeTen(tenBytes), () => hand.decodeTen(tenBytes)] },
    {
      shape: "Box INSERT request, 8-field tuple",
      key: "insert" as const,
      enc: [() => new gen.InsertRequest(insertInit).encode(5), () => new hand.InsertRequest(INSERT.space, INSERT.flags, INSERT.fields).encode(5)],
      dec: [() => gen.InsertRequest.decodeBody(insertBody), () => hand.decodeInsert(insertBody)],
    },
    {
      shape: "Box SELECT response, 100 tuples",
      key: "select" as const,
      enc: [() => gen.SelectResponse.encodeBody(selectInit), () => hand.encodeSelectResponse(SELECT_TUPLES)],
      dec: [() => gen.SelectResponse.decode(selectBody), () => hand.decodeSelectResponse(selectBody)],
    },
  ];
  for (const s of typedOnly ? [] : shapes) {
    for (const op of ["encode", "decode"] as const) {
      const [g, h] = op === "encode" ? s.enc : s.dec;
      const results = measure([{ name: "generated", run: g! }, { name: "hand-written", run: h! }, ...peerCases(s.key, op)], opts);
      rows.push({ key: s.key, shape: s.shape, op, results });
      const base = results.get("hand-written")!;
      console.log(
        `${s.shape.padEnd(36)} ${op}  ` +
          [...results].map(([n, v]) => `${n} ${(v / 1e3).toFixed(0)}k/s${n === "hand-written" ? "" : ` (${(v / base).toFixed(2)}x)`}`).join(", "),
      );
    }
  }

  for (const t of typedShapes(gen)) {
    const c = t.check();
    deepStrictEqual([...c.gen], [...c.hand], `${t.key}: generated and hand-written bytes differ`);
    deepStrictEqual(plain(c.genValue), plain(c.handValue), `${t.key}: generated and hand-written values differ`);
    sizes[t.key] = { generated: t.key.includes("insert") ? c.gen.length - 12 : c.gen.length };
    const peerCases: { name: string; enc: () => unknown; dec: () => unknown }[] = [];
    for (const [name, codec] of Object.entries(t.peers)) {
      const bytes = codec.encode(t.peerValue);
      sizes[t.key]![name] = bytes.length;
      if (!sameInfo(plain(codec.decode(bytes)), plain(t.peerValue))) throw new Error(`${name} does not round-trip the ${t.key} shape`);
      peerCases.push({ name, enc: () => codec.encode(t.peerValue), dec: () => codec.decode(bytes) });
    }
    for (const op of ["encode", "decode"] as const) {
      const [g, h] = op === "encode" ? t.enc : t.dec;
      const results = measure([{ name: "generated", run: g }, { name: "hand-written", run: h }, ...peerCases.map((p) => ({ name: p.name, run: op === "encode" ? p.enc : p.dec }))], opts);
      rows.push({ key: t.key, shape: t.shape, op, results });
      const base = results.get("hand-written")!;
      console.log(`${t.shape.slice(0, 36).padEnd(36)} ${op}  ` + [...results].map(([n, v]) => `${n} ${(v / 1e3).toFixed(0)}k/s${n === "hand-written" ? "" : ` (${(v / base).toFixed(2)}x)`}`).join(", "));
    }
  }

  if (typedOnly) return;
  const compileResult = await compileTime(bigSchema(MESSAGES), quick ? 1 : 3);
  console.log(`compile, ${MESSAGES} messages: ${JSON.stringify(compileResult)}`);

  if (!process.argv.includes("--no-write")) {
    writeSection(`${REPO}docs/benchmarks.md`, { rows, sizes, compile: compileResult, machine: `${cpus()[0]?.model ?? "unknown CPU"} × ${cpus().length}, Node ${process.version}`, quick });
    console.log("wrote the Codec section of docs/benchmarks.md");
  }
}

await main();
