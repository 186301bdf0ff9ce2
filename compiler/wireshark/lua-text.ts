/**
 * Lua spelling of what the schema says: every schema name, doc comment and string constant reaches the Lua
 * output only through `luaString` (a quoted literal whose bytes outside printable ASCII are decimal escapes),
 * so nothing a schema holds can end the string or start code. Numbers through `luaNumber`.
 */

const utf8 = new TextEncoder();

/** A double-quoted Lua string literal of the UTF-8 bytes of `text`, pure printable ASCII. */
export function luaString(text: string): string {
  let out = '"';
  for (const byte of utf8.encode(text)) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += "\\\\";
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\${byte.toString().padStart(3, "0")}`;
  }
  return `${out}"`;
}

/** A Lua number literal (a double: integers beyond 2^53 round, as every Lua 5.2 number does). */
export function luaNumber(value: bigint | number): string {
  const text = typeof value === "bigint" ? value.toString() : Number.isFinite(value) ? String(value) : value > 0 ? "math.huge" : value < 0 ? "-math.huge" : "(0/0)";
  return text.startsWith("-") ? `(${text})` : text;
}

/** `GetUser` → `get_user`, `HTTPServer` → `http_server`; any character outside [a-z0-9_] becomes `_xx` (its code). */
export function snakeCase(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2");
  return abbrevSegment(words.toLowerCase());
}

/** One dot-free segment of a Wireshark field abbreviation: letters, digits, `_` (others become `_xx`). */
export function abbrevSegment(name: string): string {
  let out = "";
  for (const ch of name) out += /^[A-Za-z0-9_]$/.test(ch) ? ch : `_${(ch.codePointAt(0) ?? 0).toString(16)}`;
  return out === "" ? "_" : out;
}
