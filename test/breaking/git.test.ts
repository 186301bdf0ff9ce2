/**
 * `iprotoc breaking` end to end: a git history made in a temp repository (v1 committed and tagged, v2
 * committed, then uncommitted edits), compared against HEAD~1, a tag, HEAD and a directory; a schema
 * that imports another; a deleted file; a run from a subdirectory; the output formats; one real spawn.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../support/cli-in-process.js";

const ROOT = join(import.meta.dirname, "../..");
const repo = mkdtempSync(join(tmpdir(), "iprotoc-breaking-"));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

const git = (...args: string[]): string => execFileSync("git", args, { cwd: repo, encoding: "utf8" });
const write = (path: string, text: string): void => {
  mkdirSync(join(repo, path, ".."), { recursive: true });
  writeFileSync(join(repo, path), text);
};

const COMMON_V1 = "package common;\n\nstruct Key {\n  id: u32;\n}\n";
const COMMON_V2 = "package common;\n\nstruct Key {\n  id: u64;\n}\n";
const SERVICE = (extra: string): string =>
  `import "common.iproto";\n\nservice Users {\n  message Get = 1 {\n    request {\n      key: Key;\n    }\n  }\n${extra}}\n`;
const LEGACY = "service Legacy {\n  message Old = 9 {}\n}\n";

const run = (argv: string[], cwd = repo): Promise<CliRun> => runCli(argv, cwd);

/** `RULE file:line:col <- old-file:line:col` per finding, from the JSON output. */
async function findings(argv: string[], cwd = repo): Promise<{ status: number; list: string[] }> {
  const r = await run([...argv, "--format", "json"], cwd);
  const doc = JSON.parse(r.stdout) as { diagnostics: { code: string; file: string; line: number; column: number; related: { file: string; line: number; column: number }[] }[] };
  const list = doc.diagnostics.map((d) => {
    const old = d.related[0];
    return `${d.code} ${d.file}:${d.line}:${d.column} <- ${old ? `${old.file}:${old.line}:${old.column}` : "-"}`;
  });
  return { status: r.status, list };
}

beforeAll(() => {
  git("init", "-q");
  git("config", "user.email", "test@example.com");
  git("config", "user.name", "test");
  git("config", "commit.gpgsign", "false");
  write("schemas/common.iproto", COMMON_V1);
  write("schemas/users.iproto", SERVICE("  message Gone = 2 {}\n"));
  write("schemas/legacy.iproto", LEGACY);
  git("add", ".");
  git("commit", "-q", "-m", "v1");
  git("tag", "v1");
  // v2: Key.id widened (breaks Get through the struct), Gone removed, a message added, legacy.iproto deleted.
  write("schemas/common.iproto", COMMON_V2);
  write("schemas/users.iproto", SERVICE("  message Added = 3 {}\n"));
  git("rm", "-q", "schemas/legacy.iproto");
  git("add", ".");
  git("commit", "-q", "-m", "v2");
});

const V2_FINDINGS = (old: string): string[] => [
  `B011 schemas/common.iproto:4:3 <- ${old}schemas/common.iproto:4:3`,
  `B004 schemas/users.iproto:1:1 <- ${old}schemas/legacy.iproto:1:1`,
  `B001 schemas/users.iproto:3:1 <- ${old}schemas/users.iproto:9:3`,
  `B030 schemas/users.iproto:6:7 <- ${old}schemas/users.iproto:6:7`,
];

describe("iprotoc breaking against git history", () => {
  it("against HEAD~1: every change since v1, old locations as `rev:/path`", async () => {
    const r = await findings(["breaking", "schemas", "--against", "HEAD~1"]);
    expect(r.status).toBe(1);
    expect(r.list).toEqual(V2_FINDINGS("HEAD~1:/"));
  });

  it("against a tag: the same findings", async () => {
    const r = await findings(["breaking", "schemas", "--against", "v1"]);
    expect(r).toEqual({ status: 1, list: V2_FINDINGS("v1:/") });
  });

  it("against HEAD: no breaking changes; the text summary says so", async () => {
    expect(await run(["breaking", "schemas", "--against", "HEAD"])).toEqual({
      status: 0,
      stdout: "no breaking changes against git revision `HEAD`\n",
      stderr: "",
    });
  });

  it("uncommitted edits are compared with HEAD; the working tree is not touched", async () => {
    write("schemas/common.iproto", "package common;\n\nstruct Key {\n  id: u64be;\n}\n");
    try {
      const r = await findings(["breaking", "schemas/users.iproto", "--against", "HEAD"]);
      expect(r).toEqual({
        status: 1,
        list: ["B013 schemas/common.iproto:4:3 <- HEAD:/schemas/common.iproto:4:3", "B030 schemas/users.iproto:6:7 <- HEAD:/schemas/users.iproto:6:7"],
      });
      expect(git("status", "--porcelain")).toBe(" M schemas/common.iproto\n");
    } finally {
      git("checkout", "-q", "--", "schemas/common.iproto");
    }
  });

  it("from a subdirectory, paths stay relative to it", async () => {
    const r = await findings(["breaking", "users.iproto", "--against", "v1"], join(repo, "schemas"));
    expect(r.list).toEqual([
      "B011 common.iproto:4:3 <- v1:/schemas/common.iproto:4:3",
      "B001 users.iproto:3:1 <- v1:/schemas/users.iproto:9:3",
      "B030 users.iproto:6:7 <- v1:/schemas/users.iproto:6:7",
    ]);
  });

  it("a directory input from a subdirectory sees the deleted file", async () => {
    const r = await findings(["breaking", ".", "--against", "v1"], join(repo, "schemas"));
    expect(r.list).toEqual([
      "B011 common.iproto:4:3 <- v1:/schemas/common.iproto:4:3",
      "B004 users.iproto:1:1 <- v1:/schemas/legacy.iproto:1:1",
      "B001 users.iproto:3:1 <- v1:/schemas/users.iproto:9:3",
      "B030 users.iproto:6:7 <- v1:/schemas/users.iproto:6:7",
    ]);
  });

  it("against a directory of old files", async () => {
    rmSync(join(repo, "old"), { recursive: true, force: true });
    mkdirSync(join(repo, "old/schemas"), { recursive: true });
    git("--work-tree=old", "checkout", "v1", "--", "schemas");
    git("reset", "-q");
    try {
      const r = await findings(["breaking", "schemas", "--against", "old"]);
      expect(r).toEqual({ status: 1, list: V2_FINDINGS("old/") });
    } finally {
      rmSync(join(repo, "old"), { recursive: true, force: true });
    }
  });

  it("text and github output", async () => {
    const text = await run(["breaking", "schemas/users.iproto", "--against", "v1"]);
    expect(text.stdout).toContain("schemas/common.iproto:4:3: error[B011]: field `id` changed width (`u32` → `u64`)");
    expect(text.stdout).toContain("v1:/schemas/common.iproto:4:3: note: was `id: u32`\n 4 |   id: u32;\n");
    expect(text.stdout.endsWith("3 breaking changes against git revision `v1`\n")).toBe(true);
    const github = await run(["breaking", "schemas/users.iproto", "--against", "v1", "--format", "github"]);
    expect(github.stdout.split("\n")[0]).toMatch(/^::error file=schemas\/common.iproto,line=4,col=3,.*title=B011::field `id` changed width/);
  });

  it("usage errors exit 2", async () => {
    expect((await run(["breaking", "schemas"])).status).toBe(2);
    expect((await run(["breaking", "schemas", "--against", "no-such-rev"])).status).toBe(2);
    expect((await run(["breaking", "missing.iproto", "--against", "HEAD"])).status).toBe(2);
  });

  it("schema errors on the new side exit 1 with their diagnostics", async () => {
    write("schemas/users.iproto", "service Users { message Get = 1 { request { key: Nope; } } }\n");
    try {
      const r = await run(["breaking", "schemas/users.iproto", "--against", "HEAD"]);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain("error[E0205]: unknown type `Nope`");
      expect(r.stdout.endsWith("1 schema error: nothing compared against git revision `HEAD`\n")).toBe(true);
    } finally {
      git("checkout", "-q", "--", "schemas/users.iproto");
    }
  });

  it("the real process: exit status and findings", () => {
    // Run in the temp repository: tsx is imported by path, as the repository has no node_modules.
    const tsx = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;
    const r = spawnSync(process.execPath, ["--import", tsx, join(ROOT, "compiler/cli/main.ts"), "breaking", "schemas", "--against", "v1", "--format", "github"], {
      cwd: repo,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("::error")).map((l) => /title=(B\d+)/.exec(l)?.[1])).toEqual(["B011", "B004", "B001", "B030"]);
  });
});

describe("iprotoc breaking on this repository's schemas", () => {
  it("schemas/ against a copy of itself: nothing breaks", async () => {
    const copy = mkdtempSync(join(tmpdir(), "iprotoc-breaking-self-"));
    try {
      cpSync(join(ROOT, "schemas"), join(copy, "schemas"), { recursive: true });
      const r = await run(["breaking", "schemas", "--against", copy, "--strict-names"], ROOT);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`no breaking changes against directory \`${copy}\`\n`);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe("iprotoc breaking that would compare nothing", () => {
  it("warns for each input without an old counterpart and fails when no file at all was compared", async () => {
    const dir = mkdtempSync(join(tmpdir(), "iprotoc-breaking-nothing-"));
    try {
      mkdirSync(join(dir, "new"), { recursive: true });
      mkdirSync(join(dir, "old"), { recursive: true });
      writeFileSync(join(dir, "new/s.iproto"), LEGACY);
      writeFileSync(join(dir, "old/s.iproto"), LEGACY);
      // The mistake from the issue: the old tree has s.iproto at its root, not old/new/s.iproto.
      const wrong = await run(["breaking", "new/s.iproto", "--against", "old"], dir);
      expect(wrong.status).toBe(2);
      expect(wrong.stderr).toMatch(/warning: `new\/s\.iproto` has no old counterpart in directory `old` \(looked for `old\/new\/s\.iproto`\)/);
      expect(wrong.stderr).toMatch(/nothing to compare/);
      expect(wrong.stdout).not.toMatch(/no breaking changes/);
      // One input matched, one is new: compared, with a warning naming the new one.
      writeFileSync(join(dir, "new/extra.iproto"), "service Extra {\n  message X = 3 {}\n}\n");
      mkdirSync(join(dir, "old/new"), { recursive: true });
      writeFileSync(join(dir, "old/new/s.iproto"), LEGACY);
      const partly = await run(["breaking", "new/s.iproto", "new/extra.iproto", "--against", "old"], dir);
      expect(partly.status).toBe(0);
      expect(partly.stderr).toMatch(/warning: `new\/extra\.iproto` has no old counterpart/);
      expect(partly.stderr).not.toMatch(/new\/s\.iproto/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says 'not in a git repository' for a revision outside one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "iprotoc-breaking-nogit-"));
    try {
      writeFileSync(join(dir, "s.iproto"), LEGACY);
      const r = await run(["breaking", "s.iproto", "--against", "HEAD"], dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/not in a git repository/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
