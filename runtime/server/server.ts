/**
 * `IProtoServer`, like MR::IProto::Server: listens, and for every request frame calls
 * `handler(msg, body, connection)`; a returned body (or a promise of one) is sent back with the
 * request's msg and sync, `undefined` sends nothing. Used by generated typed dispatchers and by tests.
 */
import net from "node:net";
import { IProtoError } from "../core/errors.js";
import type { IProtoHandler, ServerConnectionInfo } from "../core/message.js";
import { DEFAULT_MAX_FRAME_SIZE } from "../transport/frame-parser.js";
import { defaultDebugSink, type DebugOptions, type DebugSink } from "../transport/debug-log.js";
import { ServerConnection } from "./server-connection.js";

export interface IProtoServerOptions {
  /** Address to listen on. Default "0.0.0.0", as Perl. */
  readonly host?: string;
  /** Port; 0 lets the OS choose (see `address()`). */
  readonly port: number;
  readonly handler: IProtoHandler;
  /** Largest request frame accepted; a bigger one closes the connection. Default 64 MiB. */
  readonly maxFrameSize?: number;
  readonly onAccept?: (connection: ServerConnectionInfo) => void;
  readonly onClose?: (connection: ServerConnectionInfo) => void;
  /** A handler threw or rejected (no reply is sent), or a connection sent a corrupt frame. */
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
    if (typeof options.handler !== "function") throw new IProtoError("EINVAL", "IProtoServer needs a handler");
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
    this.server = net.createServer((socket) => {
      const connection = new ServerConnection(this.nextId++, socket, {
        handler: options.handler,
        maxFrameSize: options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE,
        debug: this.debug,
        onError,
        onClose: (closed) => {
          this.connections.delete(closed);
          options.onClose?.(closed);
        },
      });
      this.connections.add(connection);
      options.onAccept?.(connection);
    });
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
   * Stops accepting. Graceful: each connection ends once its pending handlers replied. `force`:
   * connections are dropped at once. Resolves when the listener and every connection are closed.
   */
  close(options?: { readonly force?: boolean }): Promise<void> {
    const closed = new Promise<void>((resolve) => {
      if (!this.server.listening && this.connections.size === 0) return resolve();
      this.server.close(() => resolve());
    });
    for (const connection of this.connections) connection.close(options?.force === true);
    // 'close' comes before libuv has released the listening handle; two loop turns later it is gone.
    return closed.then(nextLoopTurn).then(nextLoopTurn);
  }
}
