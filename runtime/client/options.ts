/**
 * The client's options, MR::IProto's names in camelCase (times in milliseconds, not Perl's seconds), and
 * their normalization into one settled shape.
 */
import { ArgumentError } from "../core/errors.js";
import { DEFAULT_MAX_FRAME_SIZE } from "../transport/frame-parser.js";
import { defaultDebugSink, type DebugOptions, type DebugSink } from "../transport/debug-log.js";
import { DEFAULT_MAX_WRITE_BUFFER } from "../transport/write-buffer.js";
import { badHost, parseServers, type BalanceMode } from "../cluster/index.js";
import { HEADER_SIZE } from "../framing/header.js";

export interface ServerOptions {
  readonly host: string;
  readonly port: number;
  /** Balancing weight (hash-crc32), as Perl's `weight`. Default 1; 0 keeps it out of hash balancing. */
  readonly weight?: number;
  /** Requests in flight to this server at once; beyond it they queue. Default: `maxParallelPerServer`. */
  readonly maxParallel?: number;
}

export interface IProtoClientOptions {
  /** `"host:port[:weight],…"` as in Perl, or one object per server. */
  readonly servers: string | readonly ServerOptions[];
  /** Default "round-robin". "ketama" sorts its ring as Perl does (as strings); "ketama-numeric" by number. */
  readonly balance?: BalanceMode;
  /** Requests in flight across the client; beyond it they queue. Default 1000, as Perl. */
  readonly maxParallel?: number;
  /** Default per-server limit (Perl: 10). Default 256, chosen by measurement (docs/benchmarks.md). */
  readonly maxParallelPerServer?: number;
  /** Requests that may wait in queues (client and servers together); beyond it sends fail with EQUEUEFULL. */
  readonly maxQueued?: number;
  /** Total tries for a retryable request, as Perl's `max_request_retries`. Default 2. */
  readonly maxRequestRetries?: number;
  /** Milliseconds between tries. Default 0. */
  readonly retryDelay?: number;
  /** Milliseconds from `send` to the reply, queueing and retries included. Default 2000. */
  readonly timeout?: number;
  /** Milliseconds for a TCP connect. Default 2000. */
  readonly connectTimeout?: number;
  readonly tcpNoDelay?: boolean;
  readonly tcpKeepAlive?: boolean;
  /** Largest frame (header + body) accepted; a bigger one means a corrupt stream. Default 64 MiB. */
  readonly maxFrameSize?: number;
  /** Unsent bytes a connection may hold before its peer counts as stalled. Default 16 MiB. */
  readonly maxWriteBuffer?: number;
  /** First delay before reconnecting to a failed server; doubles per failure, with jitter. Default 50. */
  readonly reconnectDelay?: number;
  /** Cap of the reconnect delay. Default 5000. */
  readonly reconnectDelayMax?: number;
  /** MR::IProto debug level (1 connections, 2 tries, 4 connecting, 5 frames sent, 6 frames received). */
  readonly debug?: number;
  /** Where debug lines go; default standard error. */
  readonly debugSink?: DebugSink;
  /** Perl's `dump_no_ints`: frame dumps in hex only. */
  readonly dumpNoInts?: boolean;
  /** Put before every debug line. Default "IProtoClient". */
  readonly prefix?: string;
  /** Random source for round-robin balancing and backoff jitter (tests). */
  readonly random?: () => number;
}

export interface ServerSettings {
  readonly host: string;
  readonly port: number;
  readonly weight: number;
  readonly maxParallel: number;
}

export interface ClientSettings {
  readonly servers: readonly ServerSettings[];
  readonly balance: BalanceMode;
  readonly maxParallel: number;
  readonly maxQueued: number;
  readonly maxRequestRetries: number;
  readonly retryDelay: number;
  readonly timeout: number;
  readonly connectTimeout: number;
  readonly tcpNoDelay: boolean;
  readonly tcpKeepAlive: boolean;
  readonly maxFrameSize: number;
  readonly maxWriteBuffer: number;
  readonly reconnectDelay: number;
  readonly reconnectDelayMax: number;
  readonly debug: DebugOptions | undefined;
  readonly random: () => number;
}

/** Chosen by measurement: see docs/benchmarks.md, section "Transport". */
export const DEFAULT_MAX_PARALLEL_PER_SERVER = 256;

const BALANCE_MODES: readonly BalanceMode[] = ["round-robin", "hash-crc32", "ketama", "ketama-numeric"];

function invalid(message: string): ArgumentError {
  return new ArgumentError(message);
}

function positive(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0 || (!allowZero && value === 0)) {
    throw invalid(`option ${name} must be a ${allowZero ? "non-negative" : "positive"} number, got ${String(value)}`);
  }
  return value;
}

/** A count or a size: a positive (or non-negative) whole number. */
function whole(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  const n = positive(name, value, fallback, allowZero);
  if (!Number.isInteger(n)) throw invalid(`option ${name} must be a whole number, got ${String(value)}`);
  return n;
}

/** Milliseconds a timer waits: finite (a timer set to Infinity fires after 1 ms in Node). */
function delay(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  const n = positive(name, value, fallback, allowZero);
  if (!Number.isFinite(n)) throw invalid(`option ${name} must be a finite number of milliseconds, got ${String(value)}`);
  return n;
}

/** A frame is a header and a body: a bound below the header's size would refuse every reply. */
function frameSize(value: number | undefined): number {
  const n = whole("maxFrameSize", value, DEFAULT_MAX_FRAME_SIZE);
  if (n < HEADER_SIZE) throw invalid(`option maxFrameSize must be at least the ${HEADER_SIZE}-byte header, got ${n}`);
  return n;
}

/** Any integer, as Perl: 0 or less keeps a server out of hash balancing only. */
function weightOf(spec: ServerOptions): number {
  if (spec.weight === undefined) return 1;
  if (!Number.isInteger(spec.weight)) throw invalid(`weight of ${spec.host}:${spec.port} must be an integer`);
  return spec.weight;
}

export function normalizeOptions(options: IProtoClientOptions): ClientSettings {
  const perServer = whole("maxParallelPerServer", options.maxParallelPerServer, DEFAULT_MAX_PARALLEL_PER_SERVER);
  const specs = typeof options.servers === "string" ? parseServers(options.servers) : options.servers;
  if (!Array.isArray(specs) || specs.length === 0) throw invalid("option servers lists no server");
  const servers = specs.map((spec: ServerOptions): ServerSettings => {
    const hostProblem = badHost(spec.host);
    if (hostProblem !== undefined || !Number.isInteger(spec.port) || spec.port <= 0 || spec.port > 65535) {
      throw invalid(`bad server ${JSON.stringify(spec)}: ${hostProblem ?? "port must be 1..65535"}`);
    }
    return {
      host: spec.host,
      port: spec.port,
      weight: weightOf(spec),
      maxParallel: whole("maxParallel", spec.maxParallel, perServer),
    };
  });
  const balance = options.balance ?? "round-robin";
  if (!BALANCE_MODES.includes(balance)) throw invalid(`unknown balance mode ${String(balance)}`);
  const maxParallel = whole("maxParallel", options.maxParallel, 1000);
  const level = options.debug ?? 0;
  return {
    servers,
    balance,
    maxParallel,
    maxQueued: whole("maxQueued", options.maxQueued, 10 * maxParallel, true),
    maxRequestRetries: whole("maxRequestRetries", options.maxRequestRetries, 2),
    retryDelay: delay("retryDelay", options.retryDelay, 0, true),
    // Infinity is allowed: no deadline (the deadline queue never arms a timer for it).
    timeout: positive("timeout", options.timeout, 2000),
    connectTimeout: delay("connectTimeout", options.connectTimeout, 2000),
    tcpNoDelay: options.tcpNoDelay ?? true,
    tcpKeepAlive: options.tcpKeepAlive ?? false,
    maxFrameSize: frameSize(options.maxFrameSize),
    maxWriteBuffer: whole("maxWriteBuffer", options.maxWriteBuffer, DEFAULT_MAX_WRITE_BUFFER),
    reconnectDelay: delay("reconnectDelay", options.reconnectDelay, 50),
    reconnectDelayMax: delay("reconnectDelayMax", options.reconnectDelayMax, 5000),
    debug:
      level > 0
        ? {
            level,
            sink: options.debugSink ?? defaultDebugSink,
            noInts: options.dumpNoInts ?? false,
            prefix: options.prefix ?? "IProtoClient",
          }
        : undefined,
    random: options.random ?? Math.random,
  };
}
