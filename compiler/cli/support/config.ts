/**
 * `iprotoc.json`: project settings the commands read. Found in the working directory, or named with
 * `--config <file>`. Today it holds `breaking`'s ignores (compiler/breaking/ignore.ts, docs/cli.md):
 *
 *   { "breaking": { "ignoreRules": ["B050"], "ignore": [{ "rule": "B003", "declaration": "Users.GetUser" }] } }
 *
 * Anything it does not know is a usage error, so a misspelt key is not silently ignored.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { BreakingIgnores, IgnoreEntry } from "../../breaking/breaking.js";
import { BREAKING_RULES } from "../../breaking/rules.js";
import { closest } from "../../checks/suggest.js";
import { UsageError } from "./io.js";

export const CONFIG_FILE = "iprotoc.json";

export interface IprotocConfig {
  /** The file read, or undefined when there is none. */
  readonly path: string | undefined;
  readonly breaking: BreakingIgnores;
}

/** Reads `--config <file>` (which must exist), else `iprotoc.json` in `cwd` when there is one. */
export function loadConfig(explicit: string | undefined, cwd: string): IprotocConfig {
  const path = explicit ?? (existsSync(resolve(cwd, CONFIG_FILE)) ? CONFIG_FILE : undefined);
  if (path === undefined) return { path, breaking: { ignoreRules: [], ignore: [] } };
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(resolve(cwd, path), "utf8"));
  } catch (error) {
    const why = error instanceof SyntaxError ? error.message : "no such file";
    throw new UsageError(`cannot read the configuration \`${path}\`: ${why}`);
  }
  const fail = (where: string, what: string): never => {
    throw new UsageError(`\`${path}\`: ${where} ${what}`);
  };
  const root = object(data, "the file", fail);
  keys(root, ["breaking"], "the file", fail);
  const breaking = root["breaking"] === undefined ? {} : object(root["breaking"], "`breaking`", fail);
  keys(breaking, ["ignoreRules", "ignore"], "`breaking`", fail);
  const ignoreRules = array(breaking["ignoreRules"], "`breaking.ignoreRules`", fail).map((r, i) => rule(r, `\`breaking.ignoreRules[${i}]\``, fail));
  const ignore = array(breaking["ignore"], "`breaking.ignore`", fail).map((raw, i): IgnoreEntry => {
    const where = `\`breaking.ignore[${i}]\``;
    const entry = object(raw, where, fail);
    keys(entry, ["rule", "declaration", "reason"], where, fail);
    if (entry["rule"] === undefined && entry["declaration"] === undefined) fail(where, "needs a `rule`, a `declaration`, or both");
    const declaration = entry["declaration"];
    if (declaration !== undefined && (typeof declaration !== "string" || declaration === "")) fail(`${where}.declaration`, "must be a declaration's name");
    return {
      ...(entry["rule"] === undefined ? {} : { rule: rule(entry["rule"], `${where}.rule`, fail) }),
      ...(typeof declaration === "string" ? { declaration } : {}),
    };
  });
  return { path, breaking: { ignoreRules, ignore } };
}

type Fail = (where: string, what: string) => never;

function object(value: unknown, where: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return fail(where, "must be an object");
  return value as Record<string, unknown>;
}

function array(value: unknown, where: string, fail: Fail): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail(where, "must be an array");
  return value;
}

function keys(value: Record<string, unknown>, known: readonly string[], where: string, fail: Fail): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const best = closest(key, known);
    fail(where, `has an unknown key \`${key}\`${best === undefined ? `; known: ${known.join(", ")}` : `; did you mean \`${best}\`?`}`);
  }
}

function rule(value: unknown, where: string, fail: Fail): string {
  if (typeof value === "string" && Object.hasOwn(BREAKING_RULES, value)) return value;
  return fail(where, `must be a rule code of \`iprotoc breaking\` (B001…); got ${JSON.stringify(value)}`);
}
