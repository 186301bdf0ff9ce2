/**
 * Seeded random schemas for the emitter's tests: structs, an enum and a service whose fields take every
 * common wire type, with conditions, defaults, arrays, nested structs, keys and retry, under names from
 * one letter to fifty (so lines land on both sides of the print width). Some come out invalid (the
 * checker says why); callers use the valid ones.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkProgram } from "../../../compiler/checks/program.js";
import { Random } from "../../format/support/random.js";

const SCALARS = ["u8", "i8", "u16", "i16be", "u32", "i32", "u64", "i64 as bigint", "u64be as number", "f32", "f64be", "varint", "Kind"];
const VARIABLE = ["string<varint>", "string<u8>", "bytes<u16>", "string<nul>", "bytes<varint>", "u16[u8]", "string<varint>[u8]", "u32<varint>"];

function name(r: Random, prefix: string): string {
  const length = r.pick([1, 3, 8, 20, 35, 50]);
  let s = prefix;
  while (s.length < length) s += r.pick(["a", "b", "long", "_x", "Name", "value", "9"]);
  return s.replace(/^[^A-Za-z_]+/, "");
}

function fields(r: Random, structs: readonly string[], count: number, used: Set<string>): string[] {
  const out: string[] = [];
  let flag: string | undefined;
  for (let i = 0; i < count; i++) {
    let n = name(r, "f").toLowerCase();
    while (used.has(n)) n += "_";
    used.add(n);
    const roll = r.int(0, 9);
    if (roll < 4) {
      const type = r.pick(SCALARS);
      const withDefault = type.startsWith("u") && !type.includes("as") && r.int(0, 3) === 0 ? ` = ${r.int(0, 200)}` : "";
      out.push(`${n}: ${type}${withDefault};`);
      if (type === "u8" && flag === undefined) flag = n;
    } else if (roll < 8) {
      const cond = flag !== undefined && r.int(0, 2) === 0 ? ` if ${flag} == 1` : "";
      out.push(`${n}: ${r.pick(VARIABLE)}${cond};`);
    } else if (structs.length > 0) {
      out.push(`${n}: ${r.pick(structs)}${r.int(0, 1) === 0 ? "[u8]" : ""};`);
    } else out.push(`${n}: u32;`);
  }
  return out;
}

export function randomSchema(seed: number): string {
  const r = new Random(seed);
  const lines = [`package random.s${seed};`, "enum Kind: u8 { A = 1; B = 2; }"];
  const structs: string[] = [];
  const structCount = r.int(1, 3);
  for (let s = 0; s < structCount; s++) {
    const n = `S${s}${name(r, "T")}`;
    lines.push(`/** Struct ${n}. */`, `struct ${n} {`, ...fields(r, structs, r.int(1, 6), new Set()), "}");
    structs.push(n);
  }
  lines.push(`service Svc${seed} {`);
  const messageCount = r.int(1, 5);
  for (let m = 0; m < messageCount; m++) {
    const n = `M${m}${name(r, "Msg")}`;
    const used = new Set<string>();
    const request = fields(r, structs, r.int(0, 5), used);
    const keyField = request.map((f) => /^(\w+): (u32|u64|string<varint>);$/.exec(f)?.[1]).find((k) => k !== undefined);
    lines.push(
      `  /** Message ${n}. */`,
      `  message ${n} = ${m + 1} {`,
      ...(r.int(0, 2) === 0 ? ["    retry;"] : []),
      ...(keyField !== undefined ? [`    key ${keyField};`] : []),
      "    request {",
      ...request.map((f) => `      ${f}`),
      "    }",
      "    response {",
      ...fields(r, structs, r.int(0, 5), new Set()).map((f) => `      ${f}`),
      "    }",
      "  }",
    );
  }
  lines.push("}");
  return lines.join("\n");
}

/**
 * `count` valid random schemas (the first seeds the checker accepts), written under test/codegen/.gen/<dir>/
 * (a directory per test file: files run in parallel); their paths relative to the repository.
 */
export function randomSchemaFiles(dir: string, count: number): string[] {
  const root = fileURLToPath(new URL(`../.gen/${dir}/`, import.meta.url));
  mkdirSync(root, { recursive: true });
  const paths: string[] = [];
  for (let seed = 1; paths.length < count && seed < 1000; seed++) {
    const text = randomSchema(seed);
    const host = { readFile: (p: string) => (p === "r.iproto" ? text : undefined) };
    if (checkProgram(["r.iproto"], host, { importRoots: [], names: "camel" }).diagnostics.some((d) => d.severity === "error")) continue;
    writeFileSync(`${root}s${seed}.iproto`, text);
    paths.push(`test/codegen/.gen/${dir}/s${seed}.iproto`);
  }
  return paths;
}
