/**
 * Accepting deliberate breaks: `iprotoc:ignore-breaking` comments in the new schema, and `iprotoc.json`
 * (`breaking.ignoreRules`, `breaking.ignore` by rule and declaration). Ignored findings do not fail the
 * command and are counted in its summary.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkBreaking } from "../../compiler/breaking/breaking.js";
import type { BreakingIgnores } from "../../compiler/breaking/ignore.js";
import { ignoreComments } from "../../compiler/breaking/ignore.js";
import { runCli } from "../support/cli-in-process.js";
import { NEW, OLD, show } from "./support.js";

const BEFORE = `package p.users;
struct Profile {
  id: u32;
}
service Users {
  message GetUser = 1 {
    request { id: u32; }
    response { p: Profile; }
  }
  message Drop = 2 {
    request { id: u32; }
    response {}
  }
}
`;
/** Profile.id and Drop's request widen (B011 at 3:3 and 11:15; B030 at 8:16 for GetUser's use of Profile). */
const AFTER = BEFORE.replace("id: u32;\n}", "id: u64;\n}").replace("request { id: u32; }\n    response {}", "request { id: u64; }\n    response {}");

function compare(neu: string, ignores?: BreakingIgnores) {
  const files = new Map([[OLD, BEFORE], [NEW, neu]]);
  const host = { readFile: (p: string) => files.get(p) };
  const result = checkBreaking({ old: { paths: [OLD], host }, neu: { paths: [NEW], host }, options: { strictNames: false, tailTolerant: false }, ...(ignores ? { ignores } : {}) });
  return { kept: result.diagnostics.map(show), ignored: result.ignored.map(show) };
}

describe("ignore-breaking comments", () => {
  it("without any ignore, everything is reported", () => {
    expect(compare(AFTER)).toEqual({ kept: ["B011 3:3 3:3", "B030 8:16 8:16", "B011 11:15 11:15"], ignored: [] });
  });

  it("beside the field, or on the line before the declaration, for the named rules only", () => {
    const beside = AFTER.replace("id: u64;\n}", "id: u64; // iprotoc:ignore-breaking B011 ids outgrew 32 bits\n}");
    expect(compare(beside)).toEqual({ kept: ["B030 8:16 8:16", "B011 11:15 11:15"], ignored: ["B011 3:3 3:3"] });
    // Before the message, with a doc comment between: covers every finding inside it, of the rules named.
    const before = AFTER.replace("  message Drop", "  // iprotoc:ignore-breaking B011, B030 no old client calls Drop\n  /** Drops. */\n  message Drop");
    expect(compare(before).ignored).toEqual(["B011 13:15 11:15"]);
    const wrongRule = AFTER.replace("  message Drop", "  // iprotoc:ignore-breaking B001\n  message Drop");
    expect(compare(wrongRule).ignored).toEqual([]);
    const onService = AFTER.replace("service Users {", "service Users { // iprotoc:ignore-breaking B030");
    expect(compare(onService)).toEqual({ kept: ["B011 3:3 3:3", "B011 11:15 11:15"], ignored: ["B030 8:16 8:16"] });
  });

  it("a comment applies to its own line after code, else to the next line of code", () => {
    const lines = ignoreComments("a; // iprotoc:ignore-breaking B001 why\n// iprotoc:ignore-breaking B002 B003\n\n/** doc */\nb;\n");
    expect([...lines].map(([line, rules]) => [line, [...rules]])).toEqual([[1, ["B001"]], [5, ["B002", "B003"]]]);
  });
});

describe("configured ignores", () => {
  it("ignoreRules drops a rule everywhere", () => {
    expect(compare(AFTER, { ignoreRules: ["B030"], ignore: [] })).toEqual({ kept: ["B011 3:3 3:3", "B011 11:15 11:15"], ignored: ["B030 8:16 8:16"] });
  });

  it("ignore by rule and declaration, bare or package-qualified; a declaration covers what it contains", () => {
    expect(compare(AFTER, { ignoreRules: [], ignore: [{ rule: "B011", declaration: "Users.Drop" }] }).ignored).toEqual(["B011 11:15 11:15"]);
    expect(compare(AFTER, { ignoreRules: [], ignore: [{ rule: "B011", declaration: "p.users.Profile" }] }).ignored).toEqual(["B011 3:3 3:3"]);
    expect(compare(AFTER, { ignoreRules: [], ignore: [{ declaration: "Users" }] }).ignored).toEqual(["B030 8:16 8:16", "B011 11:15 11:15"]);
    expect(compare(AFTER, { ignoreRules: [], ignore: [{ rule: "B011", declaration: "Users.GetUser" }] }).ignored).toEqual([]);
  });
});

describe("iprotoc breaking with iprotoc.json", () => {
  const temp = mkdtempSync(join(tmpdir(), "iprotoc-ignore-"));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));
  mkdirSync(join(temp, "old/s"), { recursive: true });
  mkdirSync(join(temp, "s"));
  writeFileSync(join(temp, "old/s/users.iproto"), BEFORE);
  writeFileSync(join(temp, "s/users.iproto"), AFTER);
  const run = (argv: string[]) => runCli(["breaking", "s", "--against", "old", ...argv], temp);

  it("is read from the working directory; ignored findings are counted and do not fail", async () => {
    expect((await run([])).status).toBe(1);
    writeFileSync(join(temp, "iprotoc.json"), JSON.stringify({ breaking: { ignoreRules: ["B030"], ignore: [{ rule: "B011", reason: "ids outgrew 32 bits" }] } }));
    expect(await run([])).toEqual({ status: 0, stdout: "no breaking changes, 3 ignored (B011, B030) against directory `old`\n", stderr: "" });
    const json = await run(["--format", "json"]);
    expect(json.status).toBe(0);
    const doc = JSON.parse(json.stdout) as { diagnostics: unknown[]; errors: number; ignored: { code: string; line: number }[] };
    expect([doc.diagnostics, doc.errors, doc.ignored.map((d) => `${d.code} ${d.line}`)]).toEqual([[], 0, ["B011 3", "B030 8", "B011 11"]]);
    rmSync(join(temp, "iprotoc.json"));
  });

  it("--config names another file; a bad one is a usage error that says what is wrong", async () => {
    writeFileSync(join(temp, "ci.json"), JSON.stringify({ breaking: { ignore: [{ rule: "B011", declaration: "Users.Drop" }] } }));
    const r = await run(["--config", "ci.json"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/2 breaking changes, 1 ignored \(B011\) against directory `old`\n$/);
    const bad = async (config: unknown) => {
      writeFileSync(join(temp, "bad.json"), JSON.stringify(config));
      const b = await run(["--config", "bad.json"]);
      expect(b.status).toBe(2);
      return b.stderr.split("\n")[0];
    };
    expect(await bad({ breaking: { ignoreRule: ["B011"] } })).toBe("iprotoc: `bad.json`: `breaking` has an unknown key `ignoreRule`; did you mean `ignoreRules`?");
    expect(await bad({ breaking: { ignoreRules: ["B999"] } })).toBe('iprotoc: `bad.json`: `breaking.ignoreRules[0]` must be a rule code of `iprotoc breaking` (B001…); got "B999"');
    expect(await bad({ breaking: { ignore: [{}] } })).toBe("iprotoc: `bad.json`: `breaking.ignore[0]` needs a `rule`, a `declaration`, or both");
    expect((await run(["--config", "missing.json"])).stderr).toContain("cannot read the configuration `missing.json`");
  });
});
