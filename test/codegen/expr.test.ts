/**
 * The expression compiler against the reference evaluator: random expression trees over fields of every
 * integer representation, with literals around every boundary (2^31, 2^32, 2^53, 2^63). The compiled
 * code must give the same value, and a value it computes in number arithmetic must lie in the range the
 * compiler claimed for it (that range is what keeps it out of bigint).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BinaryOp, ExprModel, FieldModel, TypeModel } from "../../compiler/model/model.js";
import { compileExpr, operandOf } from "../../compiler/emitter/codec/expr.js";
import { evaluate } from "../../compiler/model/expr-eval.js";
import * as rt from "../../runtime/codec/expr.js";

const span = { file: "t", start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

function int(bits: 8 | 16 | 32 | 64, signed: boolean, repr: "number" | "bigint" = "number"): TypeModel {
  return { kind: "int", bits, signed, endian: "le", repr };
}

function field(name: string, type: TypeModel): FieldModel {
  return { kind: "field", name, doc: undefined, type, role: { kind: "value" }, defaultValue: undefined, condition: undefined, span };
}

const FIELDS = [
  field("u8", int(8, false)),
  field("i8", int(8, true)),
  field("u16", int(16, false)),
  field("i32", int(32, true)),
  field("u32", int(32, false)),
  field("u64n", int(64, false)),
  field("i64n", int(64, true)),
  field("u64", int(64, false, "bigint")),
  field("i64", int(64, true, "bigint")),
  field("vn", { kind: "varint", repr: "number" }),
  field("vb", { kind: "varint", repr: "bigint" }),
];

const SAFE = (1n << 53n) - 1n;

function valueArb(f: FieldModel): fc.Arbitrary<bigint> {
  const t = f.type;
  if (t.kind === "varint") return t.repr === "bigint" ? fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }) : fc.bigInt({ min: 0n, max: SAFE });
  if (t.kind !== "int") throw new Error("int fields only");
  const bits = BigInt(t.bits);
  let lo = t.signed ? -(1n << (bits - 1n)) : 0n;
  let hi = t.signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
  if (t.bits === 64 && t.repr === "number") {
    lo = t.signed ? -SAFE : 0n;
    hi = SAFE;
  }
  return fc.oneof(fc.bigInt({ min: lo, max: hi }), fc.constantFrom(lo, hi, 0n, lo < 0n ? -1n : 1n));
}

const BOUNDARIES = [0n, 1n, 2n, 7n, 255n, 256n, 65535n, (1n << 31n) - 1n, 1n << 31n, (1n << 32n) - 1n, 1n << 32n, SAFE, 1n << 53n, (1n << 63n) - 1n, 1n << 63n, (1n << 64n) - 1n];
const literal: fc.Arbitrary<ExprModel> = fc
  .oneof(fc.constantFrom(...BOUNDARIES, ...BOUNDARIES.map((b) => -b)), fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: 0n, max: 70n }))
  .map((value) => ({ kind: "int", value, span }));

const OPS: BinaryOp[] = ["||", "&&", "==", "!=", "<", "<=", ">", ">=", "|", "^", "&", "<<", ">>", "+", "-", "*", "/", "%"];

const exprArb = fc.letrec<{ expr: ExprModel }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    literal,
    fc.boolean().map((value): ExprModel => ({ kind: "bool", value, span })),
    fc.constantFrom(...FIELDS).map((f): ExprModel => ({ kind: "field", field: f, span })),
    fc.tuple(fc.constantFrom("-", "!", "~" as const), tie("expr")).map(([op, operand]): ExprModel => ({ kind: "unary", op, operand, span })),
    fc.tuple(fc.constantFrom(...OPS), tie("expr"), tie("expr")).map(([op, left, right]): ExprModel => ({ kind: "binary", op, left, right, span })),
  ),
})).expr;

const valuesArb = fc.tuple(...FIELDS.map(valueArb));

/** Runs the compiled code (test-only eval: generated code never uses it). */
function run(code: string, values: Record<string, number | bigint>): unknown {
  return new Function("f", "rt", `return ${code};`)(values, rt) as unknown;
}

describe("compiled expressions", () => {
  it("agree with the reference evaluator and stay in their claimed ranges", () => {
    let checked = 0;
    fc.assert(
      fc.property(exprArb, valuesArb, (expr, raw) => {
        const byField = new Map(FIELDS.map((f, i) => [f, raw[i]!] as const));
        const js: Record<string, number | bigint> = {};
        for (const [f, v] of byField) js[f.name] = operandOf(f.type, "x", false).k === "big" ? v : Number(v);
        let reference: unknown;
        try {
          reference = evaluate(expr, (f) => byField.get(f)!);
        } catch {
          return; // e.g. ~ on a boolean-free float path: not an expression the front end accepts
        }
        const compiled = compileExpr(expr, {
          rt: (name) => `rt.${name}`,
          field: (f) => operandOf(f.type, `f.${f.name}`, false),
        });
        const got = run(compiled.code, js);
        checked++;
        if (compiled.k === "bool") {
          expect(got).toBe(reference);
        } else {
          expect(typeof got === "bigint" || typeof got === "number").toBe(true);
          const asBig = typeof got === "bigint" ? got : BigInt(got as number);
          const ref = typeof reference === "boolean" ? (reference ? 1n : 0n) : (reference as bigint);
          expect(asBig).toBe(ref);
          if (compiled.k === "int") {
            expect(Number.isSafeInteger(got)).toBe(true);
            expect(asBig >= compiled.lo && asBig <= compiled.hi).toBe(true);
          }
        }
      }),
      { numRuns: Number(process.env.EXPR_RUNS ?? 4000) },
    );
    expect(checked).toBeGreaterThan(3000);
  });

  it("keep 32-bit flag tests in number arithmetic", () => {
    const flags = field("flags", int(32, false));
    const expr: ExprModel = {
      kind: "binary",
      op: "!=",
      left: { kind: "binary", op: "&", left: { kind: "field", field: flags, span }, right: { kind: "int", value: 0x8000_0000n, span }, span },
      right: { kind: "int", value: 0n, span },
      span,
    };
    const compiled = compileExpr(expr, { rt: (n) => n, field: (f) => operandOf(f.type, "flags", false) });
    expect(compiled.code).not.toContain("BigInt");
    expect(run(compiled.code.replace(/flags/g, "f.flags"), { flags: 0x8000_0001 })).toBe(true);
  });
});
