/**
 * The generated code type-checks with `tsc --strict --noUncheckedIndexedAccess --exactOptionalPropertyTypes`
 * and the rest of @tsconfig/strictest (`noUnusedLocals`, `noUnusedParameters`, …), and `isolatedDeclarations`:
 * generated-examples/ and the test corpus (including the name-breaking schema and the envelopes whose
 * replies depend on their own fields, the conditions reading absent fields) and 30 seeded random schemas
 * (messages of one layout share codecs and types: the sharing must type-check), in one tsc run.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { expect, it } from "vitest";
import { GEN, REPO, generate } from "./support/generate.js";
import { randomSchemaFiles } from "./support/random-schema.js";
import { CONDITIONS, CORPUS, ENVELOPES } from "./support/suite.js";

it("generated code passes tsc --strict, the rest of @tsconfig/strictest (unused locals and parameters included) and --isolatedDeclarations", async () => {
  const dir = await generate("tsc-corpus", [...CORPUS, ENVELOPES, CONDITIONS]);
  const random = randomSchemaFiles("tsc-random-src", 30);
  const randomDir = await generate("tsc-random", random);
  const config = `${GEN}tsconfig.tsc-test.json`;
  writeFileSync(
    config,
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        lib: ["ES2022"],
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        // Common in projects: generated code must pass it too (`override` written on every overriding member).
        noImplicitOverride: true,
        // The rest of @tsconfig/strictest: a project built with it compiles generated code too (unread
        // parameters are printed `_name`, fields nothing reads are not bound).
        noUnusedLocals: true,
        noUnusedParameters: true,
        noPropertyAccessFromIndexSignature: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        allowUnreachableCode: false,
        allowUnusedLabels: false,
        // Projects that emit declarations without a type checker (JSR's "no slow types"): every export of
        // generated code has its type written out.
        isolatedDeclarations: true,
        declaration: true,
        verbatimModuleSyntax: true,
        isolatedModules: true,
        skipLibCheck: true,
        noEmit: true,
        types: ["node"],
        typeRoots: [`${REPO}node_modules/@types`],
        baseUrl: REPO,
        paths: { "@iprotoc/runtime": ["./runtime/index.ts"] },
      },
      files: [`${REPO}generated-examples/index.ts`, `${dir}/corpus.ts`, `${dir}/names.ts`, `${dir}/envelopes.ts`, `${dir}/conditions.ts`, `${dir}/index.ts`, `${randomDir}/index.ts`],
    }),
  );
  let output = "";
  try {
    execFileSync(process.execPath, [`${REPO}node_modules/typescript/bin/tsc`, "-p", config], { encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    output = String((e as { stdout?: string }).stdout ?? e);
  }
  expect(output).toBe("");
}, 120_000);
