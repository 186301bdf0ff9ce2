/** The docs test's own parts: a mistake here would leave doc blocks unchecked while the docs test passes. */
import { describe, expect, it } from "vitest";
import { codeBlocks } from "./markdown.js";
import { schemaBlocks } from "./schemas.js";
import { commandsOf } from "./shell.js";
import { expectedOutput, inOrder, tsKind } from "./typescript.js";

const md = (text: string) => codeBlocks("x.md", text);

describe("markdown fences", () => {
  it("finds blocks with their language, attributes, line and text; indented and ~~~ fences too", () => {
    const blocks = md(["# t", "```ts check", "a;", "```", "", "- item:", "  ```sh exit=1", "  npm test", "  ```", "~~~~text", "```", "~~~~", "```", "```"].join("\n"));
    expect(blocks).toEqual([
      { doc: "x.md", line: 2, lang: "ts", attrs: ["check"], text: "a;\n" },
      { doc: "x.md", line: 7, lang: "sh", attrs: ["exit=1"], text: "npm test\n" },
      { doc: "x.md", line: 10, lang: "text", attrs: [], text: "```\n" },
      { doc: "x.md", line: 13, lang: "", attrs: [], text: "" },
    ]);
  });
});

describe("schema block paths", () => {
  it("file=, else the package's last part, else unnamed; error blocks are never shared", () => {
    const blocks = md(["```iproto file=schemas/x/y.iproto", "struct A {}", "```", "```iproto", "package a.b.counter;", "```", "```iproto", "struct B {}", "```", "```iproto error E0205 E0202", "package e;", "```"].join("\n"));
    expect(schemaBlocks(blocks).map((s) => [s.path, s.shared, s.onDisk, s.expectedErrors])).toEqual([
      ["schemas/x/y.iproto", true, true, undefined],
      ["schemas/counter.iproto", true, true, undefined],
      ["schemas/unnamed-7.iproto", false, false, undefined],
      ["schemas/e.iproto", false, false, ["E0205", "E0202"]],
    ]);
    const [broken] = schemaBlocks(md("```iproto error E0202 file=bad/x.iproto\nstruct A {}\n```\n"));
    expect([broken?.path, broken?.shared, broken?.onDisk]).toEqual(["bad/x.iproto", false, true]);
  });

  it("two blocks at one path, and error blocks without codes, are mistakes", () => {
    expect(() => schemaBlocks(md("```iproto\npackage a.x;\n```\n```iproto\npackage b.x;\n```\n"))).toThrow(/line 1 are both `schemas\/x.iproto`/);
    expect(() => schemaBlocks(md("```iproto error\nstruct A {}\n```\n"))).toThrow(/needs the expected codes/);
  });
});

describe("shell commands", () => {
  it("splits && and ;, joins continuations, drops comments, keeps quoted words whole", () => {
    const [block] = md(["```sh", "# a comment", "npm ci && npm run example -- --servers 'a:1,b:2'", "npx iprotoc \\", "  check schemas # why", "a; b", "```"].join("\n"));
    expect(commandsOf(block!).map((c) => [c.line, c.argv])).toEqual([
      [3, ["npm", "ci"]],
      [3, ["npm", "run", "example", "--", "--servers", "a:1,b:2"]],
      [4, ["npx", "iprotoc", "check", "schemas"]],
      [6, ["a"]],
      [6, ["b"]],
    ]);
  });

  it("console blocks: `$ ` lines are commands, the lines after them their output", () => {
    const [block] = md(["```console", "$ iprotoc check s", "checked 1 file: no problems", "$ iprotoc --version", "iprotoc 1.0.0", "```"].join("\n"));
    expect(commandsOf(block!).map((c) => [c.argv, c.output])).toEqual([
      [["iprotoc", "check", "s"], ["checked 1 file: no problems"]],
      [["iprotoc", "--version"], ["iprotoc 1.0.0"]],
    ]);
  });

  it("pipes and redirections are marked, so they are refused rather than half-checked", () => {
    const [block] = md("```sh\niprotoc check s | grep x > out\n```\n");
    expect(commandsOf(block!)[0]?.argv.filter((w) => w.startsWith("\0"))).toEqual(["\0|", "\0>"]);
  });
});

describe("ts blocks", () => {
  it("run unless declared-only, `check` or `fragment`", () => {
    const kinds = md("```ts\na();\n```\n```ts\ndeclare const c: number;\n```\n```ts check\na();\n```\n```ts fragment\nx\n```\n").map(tsKind);
    expect(kinds).toEqual(["run", "check", "check", "fragment"]);
  });

  it("console.log comments state the output, in order", () => {
    const text = "console.log(value); // 42n\nconsole.log(a, b); // prints: 1 2\nconsole.log(x) // => ok\nfoo(); // not output\nconsole.log(y);\n";
    expect(expectedOutput(text)).toEqual(["42n", "1 2", "ok"]);
    expect(inOrder(["42n", "ok"], "start\n42n\nmiddle\nok\n")).toBe(true);
    expect(inOrder(["ok", "42n"], "42n\nok\n")).toBe(false);
    expect(inOrder(["42n"], "42\n")).toBe(false);
  });
});
