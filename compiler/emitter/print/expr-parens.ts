/**
 * Expression text with prettier's parentheses: the expression compiler (codec/expr.ts) parenthesizes every
 * operation so its pieces compose safely; this re-prints a finished expression with only the parentheses
 * prettier keeps (precedence, `%` beside `*`/`/`, a bitwise operator's operands, `??` beside `||`/`&&`).
 * It reads the small expression language the compiler writes (names, numbers, strings, member and index
 * access, calls, `!` non-null, unary and binary operators, `? :`); anything else comes back unchanged.
 */

type Node =
  | { readonly t: "atom"; readonly text: string }
  | { readonly t: "unary"; readonly op: string; readonly arg: Node }
  | { readonly t: "binary"; readonly op: string; readonly left: Node; readonly right: Node }
  | { readonly t: "cond"; readonly test: Node; readonly yes: Node; readonly no: Node }
  | { readonly t: "postfix"; readonly base: Node; readonly text: string; readonly args?: readonly Node[]; readonly index?: Node }
  | { readonly t: "object"; readonly props: readonly { readonly key: string; readonly value: Node | undefined }[] };

// prettier's precedence table (src/utils/precedence): higher binds tighter.
const PRECEDENCE = new Map<string, number>(
  [["??"], ["||"], ["&&"], ["|"], ["^"], ["&"], ["==", "===", "!=", "!=="], ["<", ">", "<=", ">="], [">>", "<<", ">>>"], ["+", "-"], ["*", "/", "%"]].flatMap((ops, i) =>
    ops.map((op) => [op, i] as const),
  ),
);
const BITWISE = new Set(["|", "^", "&", ">>", "<<", ">>>"]);
const TOKEN = /\s*(\+\+|--|0x[0-9a-fA-F]+n?|\d+n?|[A-Za-z_$][\w$]*|"(?:[^"\\]|\\.)*"|>>>|===|!==|\?\?|\|\||&&|<<|>>|<=|>=|==|!=|[-+*/%&|^~!<>?:()[\].,{}])/y;

/**
 * Thrown (the one instance) out of the reader for text it does not know. Not an Error: much generated
 * text is such, and an Error would capture a stack trace each time.
 */
const UNPARSABLE: unique symbol = Symbol("unparsable");

/** Words that start or join constructs this reader does not know: text holding them is left alone. */
const KEYWORDS = new Set(["new", "typeof", "void", "delete", "await", "yield", "function", "class", "in", "instanceof", "of", "as", "satisfies", "keyof"]);

function tokenize(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (m === null) {
      if (text.slice(start).trim() === "") break;
      throw UNPARSABLE;
    }
    out.push(m[1]!);
  }
  return out;
}

class Parser {
  #i = 0;
  constructor(readonly tokens: readonly string[]) {}

  peek(): string | undefined {
    return this.tokens[this.#i];
  }
  next(): string {
    const t = this.tokens[this.#i++];
    if (t === undefined) throw UNPARSABLE;
    return t;
  }
  expect(t: string): void {
    if (this.next() !== t) throw UNPARSABLE;
  }

  expr(): Node {
    const test = this.binary(0);
    if (this.peek() !== "?") return test;
    this.next();
    const yes = this.expr();
    this.expect(":");
    return { t: "cond", test, yes, no: this.expr() };
  }

  binary(min: number): Node {
    let left = this.unary();
    for (;;) {
      const op = this.peek();
      const p = op === undefined ? undefined : PRECEDENCE.get(op);
      if (p === undefined || p < min) return left;
      this.next();
      left = { t: "binary", op: op!, left, right: this.binary(p + 1) };
    }
  }

  unary(): Node {
    const t = this.peek();
    if (t === "!" || t === "-" || t === "~" || t === "+") {
      this.next();
      return { t: "unary", op: t, arg: this.unary() };
    }
    return this.postfix(this.primary());
  }

  primary(): Node {
    const t = this.next();
    if (t === "(") {
      const e = this.expr();
      this.expect(")");
      return e;
    }
    if (t === "{") return this.object();
    if (KEYWORDS.has(t)) throw UNPARSABLE;
    if (/^[\w$"]/.test(t)) return { t: "atom", text: t };
    throw UNPARSABLE;
  }

  /** `{ a: x, b }` (after its `{`): keys are names; a key alone is shorthand. */
  object(): Node {
    const props: { key: string; value: Node | undefined }[] = [];
    while (this.peek() !== "}") {
      const key = this.next();
      if (!/^[A-Za-z_$][\w$]*$/.test(key) || KEYWORDS.has(key)) throw UNPARSABLE;
      let value: Node | undefined;
      if (this.peek() === ":") {
        this.next();
        value = this.expr();
      }
      props.push({ key, value });
      if (this.peek() === ",") this.next();
      else if (this.peek() !== "}") throw UNPARSABLE;
    }
    this.next();
    return { t: "object", props };
  }

  postfix(base: Node): Node {
    for (;;) {
      const t = this.peek();
      if (t === ".") {
        this.next();
        base = { t: "postfix", base, text: `.${this.next()}` };
      } else if (t === "!") {
        this.next();
        base = { t: "postfix", base, text: "!" };
      } else if (t === "[") {
        this.next();
        const index = this.expr();
        this.expect("]");
        base = { t: "postfix", base, text: "[]", index };
      } else if (t === "(") {
        this.next();
        const args: Node[] = [];
        while (this.peek() !== ")") {
          args.push(this.expr());
          if (this.peek() === ",") this.next();
          else if (this.peek() !== ")") throw UNPARSABLE;
        }
        this.next();
        base = { t: "postfix", base, text: "()", args };
      } else return base;
    }
  }
}

function shouldFlatten(parent: string, node: string): boolean {
  if (PRECEDENCE.get(parent) !== PRECEDENCE.get(node)) return false;
  const eq = (o: string) => o === "==" || o === "===" || o === "!=" || o === "!==";
  const mul = (o: string) => o === "*" || o === "/" || o === "%";
  const shift = (o: string) => o === ">>" || o === "<<" || o === ">>>";
  if (eq(parent) && eq(node)) return false;
  if ((node === "%" && mul(parent)) || (parent === "%" && mul(node))) return false;
  if (node !== parent && mul(node) && mul(parent)) return false;
  if (shift(parent) && shift(node)) return false;
  return true;
}

/** prettier's needsParens for a binary operand `node` of `parent` on side `right`. */
function operandNeedsParens(parent: string, node: Node, right: boolean): boolean {
  if (node.t === "cond") return true;
  if (node.t !== "binary") return false;
  const po = parent;
  const no = node.op;
  const logical = (o: string) => o === "??" || o === "||" || o === "&&";
  if (logical(po) && logical(no) && (po === "??") !== (no === "??")) return true;
  // prettier prints a left operand it can flatten (`a | b | c`) as part of the chain: no parentheses.
  if (!right && shouldFlatten(po, no)) return false;
  const pp = PRECEDENCE.get(po)!;
  const np = PRECEDENCE.get(no)!;
  if (pp > np) return true;
  if (right && pp === np) return true;
  if (pp === np && !shouldFlatten(po, no)) return true;
  if (pp < np && no === "%") return po === "+" || po === "-";
  return BITWISE.has(po);
}

function print(n: Node): string {
  switch (n.t) {
    case "atom":
      return n.text;
    case "unary": {
      const arg = n.arg.t === "binary" || n.arg.t === "cond" ? `(${print(n.arg)})` : print(n.arg);
      // `- -x` must not become the `--` operator.
      return (n.op === "-" || n.op === "+") && arg.startsWith(n.op) ? `${n.op} ${arg}` : `${n.op}${arg}`;
    }
    case "binary": {
      const l = operandNeedsParens(n.op, n.left, false) ? `(${print(n.left)})` : print(n.left);
      const r = operandNeedsParens(n.op, n.right, true) ? `(${print(n.right)})` : print(n.right);
      return `${l} ${n.op} ${r}`;
    }
    case "cond": {
      const test = n.test.t === "cond" ? `(${print(n.test)})` : print(n.test);
      // prettier keeps `??` in a branch parenthesized: `a ? (b ?? c) : d`.
      const branch = (b: Node): string => (b.t === "binary" && b.op === "??" ? `(${print(b)})` : print(b));
      return `${test} ? ${branch(n.yes)} : ${branch(n.no)}`;
    }
    case "object":
      return n.props.length === 0 ? "{}" : `{ ${n.props.map((p) => (p.value === undefined ? p.key : `${p.key}: ${print(p.value)}`)).join(", ")} }`;
    case "postfix": {
      const base = n.base.t === "atom" || n.base.t === "postfix" || n.base.t === "object" ? print(n.base) : `(${print(n.base)})`;
      if (n.text === "()") return `${base}(${n.args!.map(print).join(", ")})`;
      if (n.text === "[]") return `${base}[${print(n.index!)}]`;
      return `${base}${n.text}`;
    }
  }
}

function parse(text: string): Node | undefined {
  try {
    const p = new Parser(tokenize(text));
    const node = p.expr();
    return p.peek() === undefined ? node : undefined;
  } catch (e) {
    if (e === UNPARSABLE) return undefined;
    throw e;
  }
}

/** `text` (one expression) with only the parentheses prettier keeps; unchanged if it can't be read. */
export function minimalParens(text: string): string {
  const node = parse(text);
  return node === undefined ? text : print(node);
}

/** `minimalParens(text)` safe as the operand of a unary operator: in parentheses unless atomic. */
export function atomic(text: string): string {
  const node = parse(text);
  if (node === undefined) return text.startsWith("(") ? text : `(${text})`;
  return node.t === "atom" || node.t === "postfix" ? print(node) : `(${print(node)})`;
}

/** `minimalParens(text)` safe as the test of `? :`: in parentheses only when it is a conditional itself. */
export function ternaryTest(text: string): string {
  const node = parse(text);
  if (node === undefined) return text.startsWith("(") ? text : `(${text})`;
  return node.t === "cond" ? `(${print(node)})` : print(node);
}
