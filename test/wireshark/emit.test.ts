/**
 * The Lua the emitter writes, without Wireshark (these run where tshark is missing): the fields it
 * registers, their names for every construct, the collision rule, determinism, and pure-ASCII output
 * (every schema string goes through luaString's escapes).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { emitWireshark } from "../../compiler/wireshark/emit.js";
import { luaString, snakeCase } from "../../compiler/wireshark/lua-text.js";
import { checkDisk, valid } from "../frontend/helpers.js";
import { runCli } from "../support/cli-in-process.js";

const dir = mkdtempSync(path.join(tmpdir(), "iproto-wireshark-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const program = (paths: readonly string[]) => {
  const checked = checkDisk(paths);
  if (checked.program === undefined) throw new Error("schemas do not check");
  return checked.program;
};

describe("Wireshark emitter", () => {
  it("registers the header fields, then every field of users.iproto by path", () => {
    const { fields } = emitWireshark(program(["schemas/users.iproto"]), { ports: "33013" });
    const users = fields.filter((f) => f.startsWith("iproto.users."));
    expect(fields.slice(0, 3)).toEqual(["iproto.msg", "iproto.len", "iproto.sync"]);
    expect(users).toEqual([
      "iproto.users.get_user.user_id", "iproto.users.get_user.status", "iproto.users.get_user.profile",
      "iproto.users.get_user.profile.user_id", "iproto.users.get_user.profile.login", "iproto.users.get_user.profile.created",
      "iproto.users.get_user.profile.country", "iproto.users.get_user.profile.groups",
      "iproto.users.get_users.shard", "iproto.users.get_users.user_ids", "iproto.users.get_users.profiles",
      "iproto.users.get_users.profiles.user_id", "iproto.users.get_users.profiles.login", "iproto.users.get_users.profiles.created",
      "iproto.users.get_users.profiles.country", "iproto.users.get_users.profiles.groups",
      "iproto.users.rename.user_id", "iproto.users.rename.login", "iproto.users.rename.status",
      "iproto.users.track.user_id", "iproto.users.track.at", "iproto.users.track.event", "iproto.users.track.payload",
    ]);
  });

  it("names envelope fields by envelope, recursive structs finitely, and is deterministic", () => {
    const schemas = ["schemas/box.iproto", "schemas/everything.iproto"];
    const first = emitWireshark(program(schemas), { ports: "33013,34000-34010" });
    expect(emitWireshark(program(schemas), { ports: "33013,34000-34010" }).text).toBe(first.text);
    expect(first.fields).toEqual(expect.arrayContaining(["iproto.envelope.box_envelope.code", "iproto.envelope.box_envelope.message", "iproto.envelope.compact.detail", "iproto.box.delete_with_flags.key.fields"]));
    expect(first.fields.filter((f) => f.startsWith("iproto.everything.echo_structs.tree"))).toEqual([
      "iproto.everything.echo_structs.tree", "iproto.everything.echo_structs.tree.value", "iproto.everything.echo_structs.tree.children",
    ]);
    expect(new Set(first.fields).size).toBe(first.fields.length);
    expect(first.text).toMatch(/^[\x20-\x7e\n]*$/);
    expect(first.text).toContain('local DEFAULT_PORTS = "33013,34000-34010"');
    expect(() => emitWireshark(program(schemas), { ports: '1"); os.exit(' })).toThrow(/port range/);
  });

  it("shares a field between request and response when its kind agrees, and numbers it apart when not", () => {
    const { fields, text } = emitWireshark(
      valid(`service S {\n  message M = 1 {\n    request { x: u8; y: u32; }\n    response { x: u8; y: string<varint>; }\n  }\n}\n`),
      { ports: "1" },
    );
    expect(fields.filter((f) => f.startsWith("iproto.s.m."))).toEqual(["iproto.s.m.x", "iproto.s.m.y", "iproto.s.m.y_2"]);
    expect(text).toContain('ProtoField.string("iproto.s.m.y_2", "y", base.UNICODE, nil)');
  });

  it("spells names and strings safely", () => {
    expect(["GetUser", "DeleteWithFlags", "HTTPServer", "Ping", "ping2Go"].map(snakeCase)).toEqual(["get_user", "delete_with_flags", "http_server", "ping", "ping2_go"]);
    expect(luaString('a"b\\c\n]]\u00e9\0')).toBe('"a\\"b\\\\c\\010]]\\195\\169\\000"');
  });

  it("generate --target wireshark: usage errors, schema errors write nothing, --check names a missing file", async () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const out = path.join(dir, "out");
    const bad = await runCli(["generate", "--target", "wireshark", "schemas/users.iproto", "-o", out, "--port", "80;rm"], root);
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringContaining("--port: expected TCP ports")]);
    expect((await runCli(["generate", "--target", "wireshark", "schemas/users.iproto", "-o", out, "--port", "70000"], root)).status).toBe(2);
    const ts = await runCli(["generate", "schemas/users.iproto", "-o", out, "--port", "1"], root);
    expect([ts.status, ts.stderr]).toEqual([2, expect.stringContaining("`--port` is for `--target wireshark`")]);
    writeFileSync(path.join(dir, "broken.iproto"), "struct S { x: Nope; }\n");
    const broken = await runCli(["generate", "--target", "wireshark", path.join(dir, "broken.iproto"), "-o", out], root);
    expect([broken.status, broken.stderr]).toEqual([1, expect.stringContaining("nothing written")]);
    const check = await runCli(["generate", "--target", "wireshark", "schemas/users.iproto", "-o", out, "--check"], root);
    expect([check.status, check.stderr]).toEqual([1, expect.stringContaining("missing: ")]);
    expect(existsSync(out)).toBe(false);
  });
});
