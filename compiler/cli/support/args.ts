/**
 * A small argv parser (no dependency): `--name value`, `--name=value`, boolean `--flag` / `--no-flag`,
 * short aliases (`-o dir`), and `--` to end options. Unknown options and bad values are UsageErrors.
 */
import { closest } from "../../checks/suggest.js";
import { UsageError } from "./io.js";
import { DEFAULT_FIELD_NAMING, FIELD_NAMINGS, type FieldNaming } from "../../model/property-names.js";

export interface OptionSpec {
  readonly name: string;
  readonly kind: "boolean" | "string";
  readonly short?: string;
  /** Allowed values of a string option. */
  readonly choices?: readonly string[];
  /** For help: `<dir>`. */
  readonly valueName?: string;
  readonly description: string;
  /** May be given several times (values collected in order). */
  readonly repeatable?: boolean;
}

export interface ParsedArgs {
  readonly positionals: string[];
  /** Boolean options map to true/false; string options to their last value. */
  readonly options: ReadonlyMap<string, string | boolean>;
  /** Every value of a repeatable string option, in order. */
  readonly lists: ReadonlyMap<string, string[]>;
}

/** `--color` / `--no-color` for commands that print text diagnostics (default: auto, see useColor). */
export const COLOR_OPTION: OptionSpec = {
  name: "color",
  kind: "boolean",
  description: "colour text diagnostics (default: with FORCE_COLOR, or on a terminal unless NO_COLOR is set; --no-color: never)",
};

/** `--import-path <dir>` (repeatable): a directory imports may resolve inside, besides the inputs' own (as protoc's -I). */
/** `--names camel|keep`: property names of fields in generated code (generate, and check to agree with it). */
export const NAMES_OPTION: OptionSpec = {
  name: "names",
  kind: "string",
  choices: FIELD_NAMINGS,
  description: "field property names: camel (default: user_id → userId) or keep (the schema's spelling)",
};

/** The naming `--names` asked for (validated by its choices), or the default. */
export function namesOption(value: unknown): FieldNaming {
  return typeof value === "string" && (FIELD_NAMINGS as readonly string[]).includes(value) ? (value as FieldNaming) : DEFAULT_FIELD_NAMING;
}

export const IMPORT_PATH_OPTION: OptionSpec = {
  name: "import-path",
  short: "I",
  kind: "string",
  repeatable: true,
  valueName: "<dir>",
  description: "another directory imports may resolve inside (the inputs' directories always are); repeatable",
};

/** `--watch` for commands that compile schemas (run by compiler/cli/support/watch.ts). */
export const WATCH_OPTION: OptionSpec = {
  name: "watch",
  short: "w",
  kind: "boolean",
  description: "run again whenever an input or imported schema changes, until Ctrl-C",
};

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | boolean>();
  const lists = new Map<string, string[]>();
  const byName = new Map(specs.map((s) => [s.name, s] as const));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short ?? "", s] as const));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith("--");
    const [rawName, inline] = long ? splitOnce(arg.slice(2), "=") : [arg.slice(1), undefined];
    const negated = long && rawName.startsWith("no-") && byName.get(rawName.slice(3))?.kind === "boolean";
    const spec = long ? byName.get(negated ? rawName.slice(3) : rawName) : byShort.get(rawName);
    if (!spec) throw new UsageError(`unknown option \`${arg}\`${suggestOption(rawName, long, specs)}`);
    if (spec.kind === "boolean") {
      if (inline !== undefined) throw new UsageError(`\`--${spec.name}\` takes no value`);
      options.set(spec.name, !negated);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith("-") && value !== "-")) {
      throw new UsageError(`\`--${spec.name}\` needs a value${spec.valueName ? ` ${spec.valueName}` : ""}`);
    }
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(`\`--${spec.name}\` must be one of ${spec.choices.join(", ")}; got \`${value}\``);
    }
    options.set(spec.name, value);
    if (spec.repeatable) lists.set(spec.name, [...(lists.get(spec.name) ?? []), value]);
  }
  return { positionals, options, lists };
}

/** `; did you mean \`--format\`?` for a misspelt option (`--frmat`, `--no-colour`), or "". */
function suggestOption(name: string, long: boolean, specs: readonly OptionSpec[]): string {
  if (!long) return "";
  const names = specs.flatMap((s) => (s.kind === "boolean" ? [s.name, `no-${s.name}`] : [s.name]));
  const best = closest(name, names);
  return best === undefined ? "" : `; did you mean \`--${best}\`?`;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** `  --format <text|json|github>  description` lines for help. */
export function describeOptions(specs: readonly OptionSpec[]): string {
  const rows = specs.map((s) => {
    const value = s.kind === "string" ? ` ${s.valueName ?? (s.choices ? `<${s.choices.join("|")}>` : "<value>")}` : "";
    return [`${s.short ? `-${s.short}, ` : ""}--${s.name}${value}`, s.description] as const;
  });
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join("\n");
}
