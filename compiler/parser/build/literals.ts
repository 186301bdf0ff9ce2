/** Decoding of integer and string literals, with the problems found (the builder turns them into diagnostics). */

const INT_FORMS: ReadonlyArray<{ readonly prefix: string; readonly digits: RegExp; readonly name: string }> = [
  { prefix: "0x", digits: /^[0-9a-f]+$/i, name: "hexadecimal" },
  { prefix: "0b", digits: /^[01]+$/, name: "binary" },
  { prefix: "0o", digits: /^[0-7]+$/, name: "octal" },
];

/** The value of an integer literal (`42`, `0xff00`, `0b101`, `0o17`, `1_000`), or why it is invalid. */
export function parseIntLiteral(image: string): { value: bigint } | { error: string } {
  const lower = image.toLowerCase();
  const form = INT_FORMS.find((f) => lower.startsWith(f.prefix));
  const body = form ? image.slice(2) : image;
  if (body === "") return { error: `invalid ${form?.name ?? "integer"} literal \`${image}\`: no digits` };
  if (body.startsWith("_") || body.endsWith("_") || body.includes("__")) {
    return { error: `invalid integer literal \`${image}\`: \`_\` may only separate digits` };
  }
  const digits = body.replaceAll("_", "");
  if (form) {
    if (!form.digits.test(digits)) return { error: `invalid ${form.name} literal \`${image}\`` };
    return { value: BigInt(`${form.prefix}${digits}`) };
  }
  if (!/^[0-9]+$/.test(digits)) return { error: `invalid integer literal \`${image}\`` };
  if (digits.length > 1 && digits.startsWith("0")) {
    return { error: `invalid integer literal \`${image}\`: leading zeros are not allowed (octal is written 0o…)` };
  }
  return { value: BigInt(digits) };
}

export interface StringProblem {
  /** Offset within the raw literal (quotes included). */
  readonly offset: number;
  readonly length: number;
  readonly message: string;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { "\\": "\\", '"': '"', n: "\n", t: "\t", r: "\r", "0": "\0" };

/** The value of a string literal (quotes included in `raw`; the closing one may be missing). */
export function decodeStringLiteral(raw: string): { value: string; problems: StringProblem[] } {
  const problems: StringProblem[] = [];
  const end = raw.length > 1 && raw.endsWith('"') && !isEscapedQuote(raw) ? raw.length - 1 : raw.length;
  let value = "";
  let i = 1;
  while (i < end) {
    const c = raw[i] ?? "";
    if (c !== "\\") {
      value += c;
      i++;
      continue;
    }
    const next = raw[i + 1] ?? "";
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      value += simple;
      i += 2;
    } else if (next === "x") {
      const hex = raw.slice(i + 2, i + 4);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        value += String.fromCharCode(parseInt(hex, 16));
        i += 4;
      } else {
        problems.push({ offset: i, length: 2, message: "invalid escape `\\x`: expected two hex digits, as in `\\x1f`" });
        i += 2;
      }
    } else if (next === "u") {
      const match = /^\{([0-9a-fA-F]{1,6})\}/.exec(raw.slice(i + 2, end));
      const code = match?.[1] === undefined ? undefined : parseInt(match[1], 16);
      if (match && code !== undefined && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) {
        value += String.fromCodePoint(code);
        i += 2 + match[0].length;
      } else {
        problems.push({ offset: i, length: 2 + (match?.[0].length ?? 0), message: "invalid escape `\\u`: expected a Unicode scalar value, as in `\\u{e9}`" });
        i += 2 + (match?.[0].length ?? 0);
      }
    } else {
      problems.push({ offset: i, length: Math.max(1, Math.min(2, end - i)), message: `invalid escape \`\\${next}\`: use \\\\ \\" \\n \\t \\r \\0 \\xHH or \\u{…}` });
      i += 2;
    }
  }
  return { value, problems };
}

/** `"abc\"` has no closing quote: its last quote is escaped. */
function isEscapedQuote(raw: string): boolean {
  let backslashes = 0;
  for (let i = raw.length - 2; i >= 1 && raw[i] === "\\"; i--) backslashes++;
  return backslashes % 2 === 1;
}
