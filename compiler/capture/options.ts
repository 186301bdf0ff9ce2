import { CaptureError } from "./errors.js";
import type { CaptureFormat, Direction, IProtoHeader } from "./types.js";

/** 16 MiB: larger than any body an iproto server of the family accepts by default. */
export const DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;
/** Per direction: bytes held after a missing segment before the hole is declared a gap. */
export const DEFAULT_MAX_OUT_OF_ORDER_BYTES = 4 * 1024 * 1024;
/** Connections tracked at once; the least recently active one is closed beyond it. */
export const DEFAULT_MAX_CONNECTIONS = 4096;

export interface ReadOptions {
  /**
   * Largest body length believed; a header announcing more is an "absurd-length" anomaly followed by a
   * resync, never an allocation. Default `DEFAULT_MAX_FRAME_SIZE`.
   */
  readonly maxFrameSize?: number;
  /**
   * Whether a header could start a frame, for a schema-aware caller (known message codes...). Asked while
   * resynchronising and for every header of a synchronised stream (a rejected one triggers a resync).
   * The length bound is checked before: the hook never sees a length above `maxFrameSize`.
   */
  readonly isPlausible?: (header: IProtoHeader, direction: Direction) => boolean;
  /** Ports that identify the server side of a TCP connection (e.g. [33013]). */
  readonly serverPorts?: readonly number[];
  /** Skip detection and read the input as this format. */
  readonly format?: CaptureFormat;
  /** Per direction of a connection; default `DEFAULT_MAX_OUT_OF_ORDER_BYTES`. */
  readonly maxOutOfOrderBytes?: number;
  /** Default `DEFAULT_MAX_CONNECTIONS`. */
  readonly maxConnections?: number;
}

export interface ResolvedOptions {
  readonly maxFrameSize: number;
  readonly isPlausible: ((header: IProtoHeader, direction: Direction) => boolean) | undefined;
  readonly serverPorts: ReadonlySet<number>;
  readonly format: CaptureFormat | undefined;
  readonly maxOutOfOrderBytes: number;
  readonly maxConnections: number;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new CaptureError("BAD_OPTION", `${name} must be a positive integer, not ${String(value)}`);
  return value;
}

export function resolveOptions(options: ReadOptions = {}): ResolvedOptions {
  return {
    maxFrameSize: positiveInteger("maxFrameSize", options.maxFrameSize, DEFAULT_MAX_FRAME_SIZE),
    isPlausible: options.isPlausible,
    serverPorts: new Set(options.serverPorts ?? []),
    format: options.format,
    maxOutOfOrderBytes: positiveInteger("maxOutOfOrderBytes", options.maxOutOfOrderBytes, DEFAULT_MAX_OUT_OF_ORDER_BYTES),
    maxConnections: positiveInteger("maxConnections", options.maxConnections, DEFAULT_MAX_CONNECTIONS),
  };
}
