/**
 * Hex text as engineers paste it: plain hex ("0d 00 00 00", "0x0d, 0x00", "\x0d\x00", "0d000000"),
 * with annotations after the bytes on a line, and offset-prefixed dumps: `hexdump -C` (ASCII column
 * between bars, `*` for repeated lines, a final offset line), `xxd` (grouped hex, ASCII column after
 * two spaces; `xxd -p` is plain), `od -A x -t x1z`, Wireshark's and tcpdump's "0000:" dumps.
 *
 * A document is read as an offset dump only if every data line starts with an offset and the offsets
 * agree with the byte counts of the lines: that is what tells "00000010  0d 00" (offset 16) from plain
 * hex that happens to start with a long token.
 */
export interface HexLineSpan {
  /** 1-based line number. */
  readonly line: number;
  /** Offset of the line's first decoded byte in `bytes`. */
  readonly offset: number;
}

export interface HexText {
  readonly bytes: Uint8Array;
  readonly spans: readonly HexLineSpan[];
}

/** A hostile "*" followed by a huge offset must not allocate gigabytes. */
export const MAX_REPEAT_FILL = 64 * 1024 * 1024;

interface OffsetLine {
  readonly line: number;
  readonly offset: number;
  /** All hex groups up to the first non-hex token. */
  readonly all: number[] | undefined;
  /** Hex groups before the first run of two spaces (an xxd / Wireshark ASCII column after it). */
  readonly beforeGap: number[] | undefined;
  /** Text after that gap, to recognise an ASCII column by its width. */
  readonly afterGap: string;
}

type DataLine = OffsetLine | { readonly line: number; readonly star: true } | { readonly line: number; readonly endOffset: number };

/** Bytes of one hex token ("0d", "0d00", "0x0d", "\x0d\x00", "0d,"), or undefined if it is not hex. */
export function tokenBytes(token: string): number[] | undefined {
  let t = token.replace(/[,;]+$/, "");
  if (t.startsWith("\\x")) t = t.split("\\x").join("");
  else if (/^0x/i.test(t)) t = t.slice(2);
  if (t.length === 0 || t.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(t)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < t.length; i += 2) bytes.push(parseInt(t.slice(i, i + 2), 16));
  return bytes;
}

function groups(text: string, strict: boolean): number[] | undefined {
  const bytes: number[] = [];
  for (const token of text.trim().split(/\s+/)) {
    if (token === "") continue;
    const b = tokenBytes(token);
    if (b === undefined) {
      if (strict) return undefined;
      break;
    }
    for (const x of b) bytes.push(x);
  }
  return bytes;
}

const OFFSET_LINE = /^\s*(0x)?([0-9a-fA-F]{1,16})(:?)(\s+|$)(.*)$/;
const END_OFFSET = /^\s*(?:0x)?([0-9a-fA-F]{4,16}):?\s*$/;

function offsetLine(text: string, line: number): DataLine | undefined {
  if (text.trim() === "*") return { line, star: true };
  const end = END_OFFSET.exec(text);
  if (end !== null) return { line, endOffset: parseInt(end[1] as string, 16) };
  const m = OFFSET_LINE.exec(text);
  if (m === null) return undefined;
  const digits = m[2] as string;
  const colon = m[3] === ":";
  const spacing = m[4] as string;
  // Without a colon, an offset is 4 to 8 digits followed by two spaces (hexdump -C, Wireshark), or
  // 6 to 8 digits and one space (od -A x); the offsets' agreement with the byte counts settles it.
  const spaced = digits.length >= 4 && digits.length <= 8 && spacing.length >= 2;
  const odStyle = digits.length >= 6 && digits.length <= 8;
  if (!colon && !spaced && !odStyle) return undefined;
  let rest = m[5] as string;
  // ASCII columns: hexdump -C between bars, od's "z" between > and <.
  const trimmed = rest.trimEnd();
  const ascii = trimmed.endsWith("|") ? rest.search(/\s\s\|/) : trimmed.endsWith("<") ? rest.search(/\s\s>/) : -1;
  if (ascii >= 0) rest = rest.slice(0, ascii);
  const gap = /\S(\s{2,})/.exec(rest);
  const beforeGap = gap === null ? undefined : groups(rest.slice(0, gap.index + 1), true);
  const afterGap = gap === null ? "" : rest.slice(gap.index + 1 + (gap[1] as string).length);
  return { line, offset: parseInt(digits, 16), all: groups(rest, false), beforeGap, afterGap };
}

function isOffsetLine(d: DataLine): d is OffsetLine {
  return "offset" in d;
}

/** The bytes of an offset line, given the offset of the next line when known. */
function lineBytes(d: OffsetLine, expected: number | undefined): number[] | undefined {
  const candidates = [d.all, d.beforeGap].filter((c): c is number[] => c !== undefined && c.length > 0);
  if (expected !== undefined) return candidates.find((c) => c.length === expected);
  // Last line: an ASCII column is exactly as wide as the bytes it shows.
  if (d.beforeGap !== undefined && d.beforeGap.length > 0 && d.afterGap.trimEnd().length === d.beforeGap.length) return d.beforeGap;
  return d.all ?? d.beforeGap;
}

function readOffsetDump(lines: readonly DataLine[]): { bytes: number[]; spans: HexLineSpan[] } | undefined {
  const offsets = lines.filter(isOffsetLine);
  if (offsets.length === 0) return undefined;
  if (offsets.length === 1 && (offsets[0] as OffsetLine).offset !== 0) return undefined;
  const bytes: number[] = [];
  const spans: HexLineSpan[] = [];
  const base = (offsets[0] as OffsetLine).offset;
  // For each line, the offset of the next line that has one (computed backwards: dumps can be long).
  const nextOffsets: (number | undefined)[] = new Array<number | undefined>(lines.length);
  let following: number | undefined;
  for (let i = lines.length - 1; i >= 0; i--) {
    nextOffsets[i] = following;
    const d = lines[i] as DataLine;
    if (isOffsetLine(d)) following = d.offset;
    else if ("endOffset" in d) following = d.endOffset;
  }
  let previous: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const d = lines[i] as DataLine;
    if (!isOffsetLine(d)) {
      if ("endOffset" in d && i !== lines.length - 1 && !("star" in (lines[i + 1] ?? {}))) return undefined;
      if ("endOffset" in d && !fill(bytes, previous, d.endOffset - base)) return undefined;
      continue;
    }
    if (d.offset - base < bytes.length) return undefined;
    if (d.offset - base > bytes.length) {
      // Only a "*" line may leave a hole: hexdump's "same as the line above, repeated".
      if (!("star" in (lines[i - 1] ?? {})) || !fill(bytes, previous, d.offset - base)) return undefined;
    }
    const nextOffset = nextOffsets[i];
    const nextIsAfterStar = "star" in (lines[i + 1] ?? {});
    const expected = nextOffset === undefined || nextIsAfterStar ? undefined : nextOffset - d.offset;
    const own = lineBytes(d, expected);
    if (own === undefined) return undefined;
    spans.push({ line: d.line, offset: bytes.length });
    for (const b of own) bytes.push(b);
    previous = own;
  }
  return { bytes, spans };
}

function fill(bytes: number[], pattern: readonly number[], upTo: number): boolean {
  if (upTo < bytes.length) return false;
  if (upTo - bytes.length > MAX_REPEAT_FILL || pattern.length === 0) return upTo === bytes.length;
  while (bytes.length < upTo) bytes.push(pattern[(bytes.length % pattern.length)] as number);
  return true;
}

const COMMENT = /^\s*(#|\/\/|;|--)/;
const SEPARATORS = new Set(["|", ":", "-", "=", ">", "<"]);

function readPlain(lines: readonly { line: number; text: string }[]): { bytes: number[]; spans: HexLineSpan[] } {
  const bytes: number[] = [];
  const spans: HexLineSpan[] = [];
  for (const { line, text } of lines) {
    const start = bytes.length;
    for (const token of text.trim().split(/[\s,]+/)) {
      if (token === "" || SEPARATORS.has(token)) continue;
      const b = tokenBytes(token);
      // The bytes end at the first word that is not hex: the rest is the engineer's annotation.
      if (b === undefined) break;
      for (const x of b) bytes.push(x);
    }
    if (bytes.length > start) spans.push({ line, offset: start });
  }
  return { bytes, spans };
}

export function readHexText(text: string): HexText {
  const lines = text
    .split(/\r?\n/)
    .map((t, i) => ({ line: i + 1, text: t }))
    .filter(({ text: t }) => t.trim() !== "" && !COMMENT.test(t));
  const dataLines: DataLine[] = [];
  let allOffset = lines.length > 0;
  for (const { line, text: t } of lines) {
    const d = offsetLine(t, line);
    if (d === undefined) {
      allOffset = false;
      break;
    }
    dataLines.push(d);
  }
  const dump = allOffset ? readOffsetDump(dataLines) : undefined;
  const { bytes, spans } = dump ?? readPlain(lines);
  return { bytes: Uint8Array.from(bytes), spans };
}
