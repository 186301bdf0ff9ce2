/**
 * What the generator can't compile, or compiles into code that fails, `iprotoc check` rejects: `request.x`
 * of a sizeof field (E0518), an envelope field a reply the server writes can't fill (E0705), an `error if`
 * that holds for the success reply (E0706), an error block measured by the envelope's fields (E0707, and
 * E0507 for `sizeof`), a success reply the encoder can't write or a decoder would misread (E0708).
 * `check` and `generate` report the same diagnostics and `generate` writes nothing; schemas next to those
 * limits pass both; and the generator meeting such a model anyway is a compiler bug it says so.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/pipeline/compile.js";
import { emitProgram } from "../../compiler/emitter/emit.js";
import type * as M from "../../compiler/model/model.js";
import { declarations, valid } from "./helpers.js";
import { runCli, type CliRun } from "../support/cli-in-process.js";

const ROOT = join(import.meta.dirname, "../..");
const temp = mkdtempSync(join(tmpdir(), "iprotoc-limits-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const run = (argv: string[]): Promise<CliRun> => runCli(argv, ROOT);

/** file:line:col and code of each error line in text output. */
function located(text: string): string[] {
  return [...text.matchAll(/^(\S+:\d+:\d+): error\[(E\d{4})\]/gm)].map((m) => `${m[1]} ${m[2]}`);
}

const SAMPLES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["e0518-request-sizeof", ["16:23 E0518", "18:30 E0518"]],
  ["e0519-encode-circle", ["2:3 E0519"]],
  ["e0705-envelope-field-value", ["8:3 E0705", "9:3 E0705", "14:5 E0705", "15:5 E0705"]],
  ["e0706-error-on-success", ["5:12 E0706", "19:12 E0706", "30:12 E0706"]],
  ["e0707-error-block-length", ["6:21 E0707", "7:16 E0707"]],
  ["e0708-success-reply", ["5:3 E0708", "13:3 E0708"]],
];

describe("check reports what generate can't compile, and generate writes nothing", () => {
  for (const [name, expected] of SAMPLES) {
    const input = `test/frontend/errors/${name}/input.iproto`;
    const want = expected.map((e) => `${input}:${e}`);

    it(name, async () => {
      const checked = await run(["check", input]);
      expect(checked.status).toBe(1);
      expect(located(checked.stdout)).toEqual(want);

      const out = join(temp, name);
      const generated = await run(["generate", input, "-o", out]);
      expect(generated.status).toBe(1);
      expect(located(generated.stderr)).toEqual(located(checked.stdout));
      expect(generated.stderr).toContain(`nothing written to ${out}`);
      expect(existsSync(out)).toBe(false);

      const compiled = await compile([input], { cwd: ROOT });
      expect(compiled.files).toEqual([]);
      expect(compiled.diagnostics.map((d) => d.code)).toEqual(expected.map((e) => e.split(" ")[1]));
    });
  }
});

describe("schemas next to those limits pass check and generate", () => {
  it("a length field of the request (one whose counted field's condition reads it, too: a length counts the values given, so it is no E0519 circle), conditional fields the replies write or never need, exact success values", async () => {
    const source = `
struct Stats { reads: u32; }
envelope Status {
  code: u32 = 1;
  flags: u8;
  stats: Stats if flags & 1;
  stamp: u32 if code == 1;
  n: u8;
  note: string<n> = "ok";
  error if code != 1 || n != 2 {
    message: string<nul>;
    detail: string<nul>;
    hint: u8 = 3;
    extra: u16 if code > 5;
    more: Stats if flags & 2;
  }
}
service S {
  envelope Status;
  message M = 1 {
    request { n: u32; names: string<nul>[n]; k: u16; ids: u32[k] if (k & 1) != 0; }
    response { first: string<nul> if request.n > 0; }
    retry_when request.n == 0;
  }
}
`;
    const path = join(temp, "limits.iproto");
    writeFileSync(path, source);
    const checked = await run(["check", path]);
    expect(checked).toMatchObject({ status: 0, stdout: "checked 1 file: no problems\n" });
    const compiled = await compile([path], { cwd: temp });
    expect(compiled.diagnostics).toEqual([]);
    const module = compiled.files.find((f) => f.path === "limits.ts")?.text ?? "";
    // Every value field a reply may need, conditional ones too; never `stats` (no server reply has it).
    expect(module).toContain('export const Status$ok: Status$Init = { code: 1, flags: 0, stamp: 0, note: "ok" };');
    expect(module).toContain('const $e: Status$ErrorInit = { message: error.serverMessage, detail: "", extra: 0 };');
    // The error block's condition reads the envelope's `code`: its encoders take the envelope's values.
    expect(module).toContain("export function Status$error$size($v: Status$ErrorInit, $h: Status$Init): number {");
    expect(module).toContain("Status$error$size($e, $v)");
  });
});

describe("the generator's own checks are internal errors now", () => {
  it("an error condition that holds for the success values throws instead of becoming a diagnostic", async () => {
    const program = valid("envelope E {\n  code: u32;\n  error if code != 0 {\n    message: string<nul>;\n  }\n}\n");
    const envelope = declarations(program).find((d): d is M.EnvelopeModel => d.kind === "envelope");
    if (!envelope) throw new Error("no envelope");
    // What the checker would reject (E0706): forced into the model behind its back.
    (envelope as { errorCondition: M.ExprModel | undefined }).errorCondition = { kind: "bool", value: true, span: envelope.span };
    await expect(emitProgram(program)).rejects.toThrow(/internal error: the checker accepted envelope E, which the generator can't compile: .*\(E0706\)/);
  });
});
