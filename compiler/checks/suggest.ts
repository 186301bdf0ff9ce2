/**
 * "Did you mean …?" for unknown names: the closest candidate, if it is close enough. The one suggestion
 * function of the compiler: schema diagnostics and the CLI (unknown commands and options) both use it.
 */

/** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((rows[i - 1]?.[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (rows[i - 1]?.[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

/** Common spellings from other languages and their iproto names. */
const ALIASES: Readonly<Record<string, string>> = {
  uint8: "u8", int8: "i8", uint16: "u16", int16: "i16", uint32: "u32", int32: "i32", uint64: "u64", int64: "i64",
  byte: "u8", short: "i16", int: "i32", long: "i64", float: "f32", double: "f64", str: "string", text: "string",
  blob: "bytes", buffer: "bytes", uint: "u32",
};

/**
 * The best candidate: within a third of the name's length in edits (at least one; case differences are
 * nearly free), or a candidate the name is a prefix of (three letters or more), or a known alias. Of
 * candidates as many edits away, one with the same letters in another order wins: `u46` is `u64` with two
 * letters swapped, a likelier slip than `u16`, which is one substitution away too.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates].filter((c) => c !== name && c !== "");
  const alias = ALIASES[name.toLowerCase()];
  if (alias !== undefined && list.includes(alias)) return alias;
  const limit = Math.max(1, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of list) {
    const other = candidate.toLowerCase();
    let score = other === lower ? 0.5 : editDistance(lower, other) - (sameLetters(lower, other) ? 0.25 : 0);
    if (score > limit && lower.length >= 3 && other.startsWith(lower)) score = limit;
    if (score <= limit && score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

function sameLetters(a: string, b: string): boolean {
  return a.length === b.length && [...a].sort().join("") === [...b].sort().join("");
}

/** `; did you mean `x`?` or "". */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const best = closest(name, candidates);
  return best === undefined ? "" : `; did you mean \`${best}\`?`;
}
