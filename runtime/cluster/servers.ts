/**
 * Server lists in MR::IProto's notation: `"host:port[:weight],host:port…"`. Parsing follows
 * MR::IProto::Cluster::Server's coercion (`split /,/` then `split /:/` into host, port, weight; extra
 * fields ignored; weight 1 when absent), but refuses up front what Perl accepts only to fail later or to
 * hash differently.
 */
import { ArgumentError } from "../core/errors.js";

export interface ServerAddress {
  readonly host: string;
  readonly port: number;
  /**
   * Hash-crc32 balancing lists the server this many times. 0 (or less, as in Perl) keeps it out of
   * hash balancing only; round-robin and ketama ignore weights, as Perl does.
   */
  readonly weight: number;
}

const PORT = /^[1-9][0-9]*$/;
const INTEGER = /^-?[0-9]+$/;
/** A host name or IPv4 address: letters, digits, dots, hyphens, underscores — no space, colon or control. */
const HOST = /^[A-Za-z0-9._-]+$/;

/** Why `host` cannot name a server, or undefined when it can. Shared by string and object server lists. */
export function badHost(host: unknown): string | undefined {
  if (typeof host !== "string" || host === "") return "empty host";
  if (!HOST.test(host)) return `host ${JSON.stringify(host)} has characters a host name cannot have`;
  return undefined;
}

/**
 * Parses `"db1:33013,db2:33013:2"`. Deviations from Perl, all refusals or trims of configurations that
 * Perl would turn into unreachable servers or different ketama points: whitespace around entries and
 * entries is trimmed (Perl keeps it, hashing " db2" for ketama and failing to resolve it); whitespace or
 * control characters inside a field, an empty host, a port outside 1..65535 or with leading zeros (Perl
 * hashes "033013" as written), and fields beyond the weight (Perl ignores them) are errors; IPv6
 * literals are not supported (Perl splits them at every ':').
 * @throws ArgumentError naming the entry at fault.
 */
export function parseServers(spec: string): ServerAddress[] {
  const entries = spec.split(",");
  // Perl's split drops trailing empty fields: "a:1," is one server.
  while (entries.length > 0 && entries[entries.length - 1]!.trim() === "") entries.pop();
  if (entries.length === 0) throw new ArgumentError(`no servers in ${JSON.stringify(spec)}`);
  return entries.map((entry) => parseEntry(entry.trim(), spec));
}

function parseEntry(entry: string, spec: string): ServerAddress {
  const bad = (why: string): never => {
    throw new ArgumentError(`bad server ${JSON.stringify(entry)} in ${JSON.stringify(spec)}: ${why}`);
  };
  // `my ($host, $port, $weight) = split /:/` splits into at most 4 fields and keeps empty ones.
  const fields = entry.split(":");
  if (fields.length > 3) bad("too many fields: host:port[:weight]");
  const [host = "", port, weight] = fields;
  const hostProblem = badHost(host);
  if (hostProblem !== undefined) bad(hostProblem);
  if (port === undefined || !PORT.test(port) || Number(port) > 65535) bad("port must be 1..65535, without leading zeros");
  if (weight !== undefined && !INTEGER.test(weight)) bad("weight must be an integer");
  return { host, port: Number(port), weight: weight === undefined ? 1 : Number(weight) };
}
