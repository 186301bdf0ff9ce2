/**
 * Perl `pack`/`unpack` templates, parsed once into an op list. The grammar follows perl's own
 * `next_symbol` (pp_pack.c): whitespace and `#` comments anywhere between items, commas ignored, a letter,
 * its `<`/`>` modifiers, a count (`N`, `*` or `[N]`), then an optional `/` that makes the item the length
 * prefix of the next one. Groups `(...)` take the same modifiers and counts; their byte order is passed
 * down to the multi-byte letters inside.
 */
import { TemplateError } from "../core/errors.js";

/** The letters supported: Perl's meaning, byte-identical output. */
export type Letter =
  | "C" | "c" | "S" | "s" | "L" | "l" | "Q" | "q"
  | "n" | "N" | "v" | "V" | "w" | "f" | "d" | "a" | "A" | "Z" | "x";

/** How a count was written: none (means 1), a number, or `*`. */
export type How = "none" | "number" | "star";

export interface LetterOp {
  readonly kind: "letter";
  readonly letter: Letter;
  /** Byte order of multi-byte letters after modifiers and inheritance (n/N big, v/V little, native = little). */
  readonly littleEndian: boolean;
  readonly how: How;
  /** The count when `how` is "number", else 1. */
  readonly count: number;
  /** Followed by `/`: this item is the length (or count) of the next op. */
  readonly slash: boolean;
}

export interface GroupOp {
  readonly kind: "group";
  readonly ops: readonly Op[];
  readonly how: How;
  readonly count: number;
  readonly slash: boolean;
}

export type Op = LetterOp | GroupOp;

export interface CompiledTemplate {
  readonly source: string;
  readonly ops: readonly Op[];
  /** Why unpack cannot use this template (Perl croaks only when it gets there; we refuse up front). */
  readonly unpackProblem: string | undefined;
}

const LETTERS = new Set<string>("CcSsLlQqnNvVwfdaAZx");
/** Letters (and groups) that accept `<` / `>`, as perl's ENDIANNESS_ALLOWED_TYPES restricted to ours. */
const ENDIAN_OK = new Set<string>("sSlLqQfd(");
/** Perl letters we deliberately do not implement: named in the error so users know it is not a typo. */
const PERL_ONLY = new Set<string>("bBhHuUWiIjJFDpP@.X%");
/** Perl caps counts so that len * 10 cannot overflow a 32-bit int; we keep the same ceiling. */
const MAX_COUNT = 0x7fffffff;

function isSpace(ch: string): boolean {
  return ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === "\f" || ch === "\v";
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= "0" && ch <= "9";
}

class Parser {
  pos = 0;
  constructor(readonly src: string) {}

  fail(reason: string, at = this.pos): never {
    throw new TemplateError(this.src, at, reason);
  }

  /** Skips whitespace, `#` comments and the commas Perl tolerates. */
  skipBlank(allowComma: boolean): void {
    const s = this.src;
    while (this.pos < s.length) {
      const ch = s[this.pos]!;
      if (isSpace(ch) || (allowComma && ch === ",")) this.pos++;
      else if (ch === "#") {
        while (this.pos < s.length && s[this.pos] !== "\n") this.pos++;
      } else break;
    }
  }

  /** Parses items until `end` (a `)` for groups, the template's end at top level). */
  parseList(inherited: "<" | ">" | undefined, inGroup: boolean): Op[] {
    const ops: Op[] = [];
    for (;;) {
      this.skipBlank(true);
      if (this.pos >= this.src.length) {
        if (inGroup) this.fail("no group ending character ')' found");
        break;
      }
      if (this.src[this.pos] === ")") {
        if (!inGroup) this.fail("invalid type ')'");
        this.pos++;
        break;
      }
      ops.push(this.parseItem(inherited));
    }
    const last = ops[ops.length - 1];
    if (last?.slash) this.fail("code missing after '/'");
    return ops;
  }

  parseItem(inherited: "<" | ">" | undefined): Op {
    const start = this.pos;
    const code = this.src[this.pos++]!;
    let groupStart = 0;
    if (code === "(") {
      const next = this.src[this.pos];
      if (isDigit(next) || next === "*" || next === "[") this.fail("()-group starts with a count");
      groupStart = this.pos;
      this.skipGroup();
    } else if (!LETTERS.has(code)) {
      if (PERL_ONLY.has(code)) this.fail(`'${code}' is a Perl pack letter this runtime does not support`, start);
      this.fail(`invalid type '${code}'`, start);
    }
    let order = this.parseModifiers(code, inherited);
    if (order === undefined && ENDIAN_OK.has(code)) order = inherited;
    const { how, count } = this.parseCount();
    const slash = this.parseSlash();
    if (code === "(") {
      const end = this.pos;
      this.pos = groupStart;
      const ops = this.parseList(order, true);
      this.pos = end;
      return { kind: "group", ops, how, count, slash };
    }
    const letter = code as Letter;
    const littleEndian = letter === "n" || letter === "N" ? false : order !== ">";
    return { kind: "letter", letter, littleEndian, how, count, slash };
  }

  /** Moves past the group's closing `)`, honouring nesting, brackets and comments as perl's group_end. */
  skipGroup(): void {
    const s = this.src;
    let depth = 1;
    while (this.pos < s.length) {
      const ch = s[this.pos++]!;
      if (ch === "#") {
        while (this.pos < s.length && s[this.pos] !== "\n") this.pos++;
      } else if (ch === "(") depth++;
      else if (ch === ")" && --depth === 0) return;
    }
    this.fail("no group ending character ')' found");
  }

  parseModifiers(code: string, inherited: "<" | ">" | undefined): "<" | ">" | undefined {
    let order: "<" | ">" | undefined;
    for (;;) {
      const ch = this.src[this.pos];
      if (ch === "!") this.fail(`'!' modifiers are not supported`);
      if (ch !== "<" && ch !== ">") return order;
      if (!ENDIAN_OK.has(code)) this.fail(`'${ch}' allowed only after types sSlLqQfd(`);
      if (order !== undefined && order !== ch) this.fail(`can't use both '<' and '>' after type '${code}'`);
      if (inherited !== undefined && inherited !== ch) {
        this.fail(`can't use '${ch}' in a group with different byte-order`);
      }
      order = ch;
      this.pos++;
    }
  }

  parseCount(): { how: How; count: number } {
    const s = this.src;
    const ch = s[this.pos];
    if (ch === "*") {
      this.pos++;
      return { how: "star", count: 1 };
    }
    if (isDigit(ch)) return { how: "number", count: this.parseNumber() };
    if (ch === "[") {
      this.pos++;
      if (!isDigit(s[this.pos])) this.fail("only numeric [N] counts are supported");
      const count = this.parseNumber();
      if (s[this.pos] !== "]") this.fail("malformed integer in []");
      this.pos++;
      return { how: "number", count };
    }
    return { how: "none", count: 1 };
  }

  parseNumber(): number {
    let n = 0;
    while (isDigit(this.src[this.pos])) {
      n = n * 10 + (this.src.charCodeAt(this.pos++) - 48);
      if (n > MAX_COUNT) this.fail("repeat count overflow");
    }
    return n;
  }

  parseSlash(): boolean {
    this.skipBlank(false);
    if (this.src[this.pos] !== "/") return false;
    this.pos++;
    const ch = this.src[this.pos];
    if (isDigit(ch) || ch === "*" || ch === "[") this.fail("'/' does not take a repeat count");
    return true;
  }
}

/** Perl's unpack croaks "Count after length/code" on `L/a3`; pack accepts it. */
function findUnpackProblem(ops: readonly Op[]): string | undefined {
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (op.kind === "group") {
      const inner = findUnpackProblem(op.ops);
      if (inner !== undefined) return inner;
    }
    if (op.slash && ops[i + 1]?.how === "number") return "count after length/code in unpack";
  }
  return undefined;
}

export function compileTemplate(source: string): CompiledTemplate {
  const ops = new Parser(source).parseList(undefined, false);
  return { source, ops, unpackProblem: findUnpackProblem(ops) };
}

/**
 * Compiled templates by source. MR::IProto callers send the same few templates millions of times; the
 * bound keeps a program that builds templates on the fly (`"a" + n`) from growing without limit.
 */
const cache = new Map<string, CompiledTemplate>();
const CACHE_LIMIT = 1024;

export function getTemplate(source: string): CompiledTemplate {
  let t = cache.get(source);
  if (t === undefined) {
    t = compileTemplate(source);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(source, t);
  }
  return t;
}
