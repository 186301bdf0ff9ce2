/**
 * `IProtoServer`, like MR::IProto::Server: listens, and for every request frame calls
 * `handler(msg, body, connection)`; a returned body (or a promise of one) is sent back with the
 * request's msg and sync, `undefined` sends nothing. Used by generated typed dispatchers and by tests.
 */
import net from "node:net";
import { ArgumentError } from "../core/errors.js";
import type { IProtoHandler, ServerConnectionInfo } from "../core/message.js";
import { DEFAULT_MAX_FRAME_SIZE } from "../transport/frame-parser.js";
import { defaultDebugSink, type DebugOptions, type DebugSink } from "../transport/debug-log.js";
import { DEFAULT_MAX_WRITE_BUFFER } from "../transport/write-buffer.js";
import { HEADER_SIZE } from "../framing/header.js";
import { ServerConnection } from "./server-connection.js";

export interface IProtoServerOptions {
  /** Address to listen on. Default "0.0.0.0", as Perl. */
  readonly host?: string;
  /** Port; 0 lets the OS choose (see `address()`). */
  readonly port: number;
  readonly handler: IProtoHandler;
  /** Largest request frame accepted; a bigger one closes the connection. Default 64 MiB. */
  readonly maxFrameSize?: number;
  /**
   * Unread replies a connection may hold, in bytes: past it the server stops reading that connection's
   * requests until the peer reads (and closes it if that lasts `idleTimeout`). Default 16 MiB.
   */
  readonly maxWriteBuffer?: number;
  /**
   * Milliseconds a connection may stay silent, keep a frame half-sent, or leave its replies unread before
   * it is closed. 0 disables it. Default 300000 (5 minutes).
   */
  readonly idleTimeout?: number;
  /** Connections beyond this many are refused (closed at once). Default 10000. */
  readonly maxConnections?: number;
  /** Report (through `onError`, `HandlerError` ETIMEDOUT) a handler still running after this many ms. 0: off (default). */
  readonly handlerTimeout?: number;
  readonly onAccept?: (connection: ServerConnectionInfo) => void;
  readonly onClose?: (connection: ServerConnectionInfo) => void;
  /**
   * A handler threw, rejected, returned something that is not a reply or ran past `handlerTimeout`
   * (`HandlerError`), or a connection sent a corrupt frame or closed in the middle of one (`ProtocolError`).
   */
  readonly onError?: (error: unknown, connection: ServerConnectionInfo) => void;
  /** MR::IProto::Server debug level: 1 connections, 5 frames received, 6 frames sent. */
  readonly debug?: number;
  readonly debugSink?: DebugSink;
  readonly dumpNoInts?: boolean;
  readonly prefix?: string;
}

export interface ServerAddress {
  readonly host: string;
  readonly port: number;
}

interface ServerLimits {
  readonly maxFrameSize: number;
  readonly maxWriteBuffer: number;
  readonly idleTimeout: number;
  readonly handlerTimeout: number;
  readonly maxConnections: number;
}

/** The server's limits with their defaults, validated once (ArgumentError naming the option). */
function serverLimits(options: IProtoServerOptions): ServerLimits {
  const whole = (name: keyof IProtoServerOptions, fallback: number, min: number): number => {
    const value = options[name] ?? fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
      throw new ArgumentError(`option ${name} must be a whole number of at least ${min}, got ${String(value)}`);
    }
    return value;
  };
  return {
    maxFrameSize: whole("maxFrameSize", DEFAULT_MAX_FRAME_SIZE, HEADER_SIZE),
    maxWriteBuffer: whole("maxWriteBuffer", DEFAULT_MAX_WRITE_BUFFER, 1),
    idleTimeout: whole("idleTimeout", DEFAULT_IDLE_TIMEOUT, 0),
    handlerTimeout: whole("handlerTimeout", 0, 0),
    maxConnections: whole("maxConnections", DEFAULT_MAX_CONNECTIONS, 1),
  };
}

const DEFAULT_IDLE_TIMEOUT = 300_000;
const DEFAULT_MAX_CONNECTIONS = 10_000;

function nextLoopTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class IProtoServer {
  private readonly server: net.Server;
  private readonly connections = new Set<ServerConnection>();
  private readonly debug: DebugOptions | undefined;
  private nextId = 1;
  private listening: Promise<ServerAddress> | undefined;

  constructor(private readonly options: IProtoServerOptions) {
    if (typeof options.handler !== "function") throw new ArgumentError("IProtoServer needs a handler");
    const limits = serverLimits(options);
    const level = options.debug ?? 0;
    this.debug =
      level > 0
        ? { level, sink: options.debugSink ?? defaultDebugSink, noInts: options.dumpNoInts ?? false, prefix: options.prefix ?? "IProtoServer" }
        : undefined;
    const onError =
      options.onError ??
      ((error: unknown) => {
        // Perl's server warns; so do we, unless the owner listens.
        defaultDebugSink(`${options.prefix ?? "IProtoServer"}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      });
    // An owner's hook runs inside a socket's event: a throw there would be an uncaught exception that
    // takes every connection down. It is reported instead, as a handler's throw is.
    const hook = (call: ((connection: ServerConnectionInfo) => void) | undefined, connection: ServerConnectionInfo): void => {
      try {
        call?.(connection);
      } catch (error) {
        try {
          onError(error, connection);
        } catch {
          // onError threw too: nothing is left to tell.
        }
      }
    };
    this.server = net.createServer((socket) => {
      const connection = new ServerConnection(this.nextId++, socket, {
        handler: options.handler,
        ...limits,
        debug: this.debug,
        onError,
        onClose: (closed) => {
          this.connections.delete(closed);
          hook(options.onClose, closed);
        },
      });
      this.connections.add(connection);
      hook(options.onAccept, connection);
    });
    // net.Server refuses (closes at once) connections beyond it.
    this.server.maxConnections = limits.maxConnections;
  }

  /** Starts listening; resolves with the bound address. */
  listen(): Promise<ServerAddress> {
    this.listening ??= new Promise<ServerAddress>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port, this.options.host ?? "0.0.0.0", () => {
        this.server.off("error", reject);
        resolve(this.address() as ServerAddress);
      });
    });
    return this.listening;
  }

  /** The bound address, once listening. */
  address(): ServerAddress | undefined {
    const bound = this.server.address();
    if (bound === null || typeof bound === "string") return undefined;
    return { host: bound.address, port: bound.port };
  }

  /** Open connections. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /**
   * Stops accepting. Graceful: each connection ends once its pending handlers replied; with `timeout`
   * (ms), what is still open then is dropped, so a handler that never settles cannot hold close() forever.
   * `force`: connections are dropped at once. Resolves when the listener and every connection are closed.
   */
  close(options?: { readonly force?: boolean; readonly timeout?: number }): Promise<void> {
    const closed = new Promise<void>((resolve) => {
      if (!this.server.listening && this.connections.size === 0) return resolve();
      this.server.close(() => resolve());
    });
    const force = options?.force === true;
    for (const connection of this.connections) connection.close(force);
    let grace: NodeJS.Timeout | undefined;
    if (!force && options?.timeout !== undefined) {
      grace = setTimeout(() => {
        for (const connection of this.connections) connection.close(true);
      }, options.timeout);
    }
    // 'close' comes before libuv has released the listening handle; two loop turns later it is gone.
    return closed
      .then(() => clearTimeout(grace))
      .then(nextLoopTurn)
      .then(nextLoopTurn);
  }
}
