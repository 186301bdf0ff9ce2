/**
 * Globs the shell left alone (quoted, as in a package.json script that must also run on Windows) are
 * expanded by tinyglobby: braces, `**`, classes; a glob that matches nothing is a clear usage error.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli-in-process.js";

const temp = mkdtempSync(join(tmpdir(), "iprotoc-globs-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const schema = (name: string): string => `package demo.${name};\nstruct ${name.toUpperCase()} {\n  x: u8;\n}\n`;
for (const path of ["gl/box.iproto", "gl/users.iproto", "gl/other.iproto", "gl/deep/er/far.iproto", "gl/.hidden/h.iproto", "gl/node_modules/n.iproto"]) {
  mkdirSync(join(temp, path, ".."), { recursive: true });
  writeFileSync(join(temp, path), path.includes("hidden") ? "struct Broken {\n  x: Nope;\n}\n" : schema(path.replace(/.*\/|\.iproto/g, "")));
}
const checked = (n: number) => ({ status: 0, stdout: `checked ${n} file${n === 1 ? "" : "s"}: no problems\n`, stderr: "" });
const run = (argv: string[]) => runCli(argv, temp);

describe("quoted globs", () => {
  it("braces pick the named files", async () => {
    expect(await run(["check", "gl/{box,users}.iproto"])).toEqual(checked(2));
    expect(await run(["check", "gl/{box,deep/er/far}.iproto"])).toEqual(checked(2));
    const json = await run(["check", "--format", "json", "gl/{users,box}.iproto"]);
    expect(json.status).toBe(0);
  });

  it("`**` reaches any depth, but not into hidden folders", async () => {
    expect(await run(["check", "gl/**/*.iproto"])).toEqual(checked(5)); // box, users, other, far, node_modules/n
    expect(await run(["check", "gl/**/far.iproto"])).toEqual(checked(1));
    expect(await run(["check", join(temp, "gl/deep/**/*.iproto")])).toEqual(checked(1));
  });

  it("a glob that matches nothing is a usage error naming it", async () => {
    expect(await run(["check", "gl/{nope,nada}.iproto"])).toEqual({ status: 2, stdout: "", stderr: expect.stringContaining("iprotoc: no files match `gl/{nope,nada}.iproto`") });
    expect(await run(["check", "gl/**/*.proto"])).toMatchObject({ status: 2, stderr: expect.stringContaining("no files match `gl/**/*.proto`") });
  });

  it("generate takes them too", async () => {
    expect(await run(["generate", "gl/{box,users}.iproto", "-o", "gen"])).toEqual({ status: 0, stdout: "wrote 3 files to gen\n", stderr: "" });
  });
});
