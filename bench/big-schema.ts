/** A generated schema with 2,000 messages , for the front-end and compile-time benchmarks. */
export const MESSAGES = 2000;

export function bigSchema(messages = MESSAGES): string {
  const out: string[] = [
    "/** Generated for the front-end and compile-time benchmarks. */",
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
  for (let m = 0; m < messages; m++) {
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

/**
 * bigSchema with message names as long as real ones (`FetchAccountSubscriptions12`, not `M12`): every
 * generated name grows with them, and so do the lines the printer must break itself to keep prettier out.
 */
export function longNamedBigSchema(messages = MESSAGES): string {
  return bigSchema(messages).replace(/message M(\d+) /g, "message FetchAccountSubscriptions$1 ");
}
