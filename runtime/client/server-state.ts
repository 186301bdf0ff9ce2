/**
 * The client's view of one server: its connection, its slots and queue (`maxParallel`), its health
 * (up/down with background reconnects) and its counters. Connection events are forwarded to the owner,
 * which decides what happens to requests.
 */
import type { IProtoError } from "../errors.js";
import { Connection, type ConnectionListener, type TransportCounters } from "../transport/connection.js";
import { Ring } from "../transport/ring.js";
import type { Call } from "./call.js";
import type { ClientSettings, ServerSettings } from "./options.js";

export interface ServerCounters extends TransportCounters {
  /** Tries that failed on this server for a connection or protocol failure. */
  errors: number;
  /** Requests whose deadline passed while they were queued for or sent to this server. */
  timeouts: number;
  /** Tries on this server that were followed by another try. */
  retries: number;
  /** Connections opened. */
  connects: number;
}

export interface ServerOwner {
  replied(server: ServerState, call: Call, msg: number, body: Uint8Array): void;
  written(server: ServerState, call: Call): void;
  tryFailed(server: ServerState, call: Call, error: IProtoError, mayHaveExecuted: boolean): void;
  serverUp(server: ServerState): void;
  serverDown(server: ServerState, error: IProtoError): void;
}

export class ServerState implements ConnectionListener<Call> {
  readonly address: string;
  readonly maxParallel: number;
  readonly connection: Connection<Call>;
  readonly counters: ServerCounters = {
    sent: 0,
    received: 0,
    lateReplies: 0,
    unknownReplies: 0,
    errors: 0,
    timeouts: 0,
    retries: 0,
    connects: 0,
  };
  /** Used by balancing. Starts up: the first request connects lazily. */
  up = true;
  /** Slots taken of `maxParallel`. */
  inFlight = 0;
  readonly queue = new Ring<Call>();
  /** Live calls in `queue` (it may also hold settled ones, skipped when reached). */
  queued = 0;
  /** Faults since the last reply: drives the reconnect backoff. */
  failures = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    readonly index: number,
    readonly settings: ServerSettings,
    private readonly client: ClientSettings,
    private readonly owner: ServerOwner,
  ) {
    this.address = `${settings.host}:${settings.port}`;
    this.maxParallel = settings.maxParallel;
    this.connection = new Connection<Call>(
      {
        host: settings.host,
        port: settings.port,
        connectTimeout: client.connectTimeout,
        noDelay: client.tcpNoDelay,
        keepAlive: client.tcpKeepAlive,
        maxFrameSize: client.maxFrameSize,
        maxWriteBuffer: client.maxWriteBuffer,
        debug: client.debug,
      },
      this,
      this.counters,
    );
  }

  onReply(call: Call, msg: number, body: Uint8Array): void {
    this.owner.replied(this, call, msg, body);
  }

  onWritten(call: Call): void {
    this.owner.written(this, call);
  }

  onFailed(call: Call, error: IProtoError, mayHaveExecuted: boolean): void {
    this.owner.tryFailed(this, call, error, mayHaveExecuted);
  }

  onOpen(): void {
    this.counters.connects++;
    if (!this.up) {
      this.up = true;
      this.owner.serverUp(this);
    }
  }

  onClose(fault: IProtoError | undefined): void {
    if (fault === undefined || this.stopped) return;
    this.failures++;
    if (this.up) {
      this.up = false;
      this.owner.serverDown(this, fault);
    }
    this.scheduleReconnect();
  }

  /** No more reconnects: the client is closing. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
  }

  /** Capped exponential backoff with jitter: half the delay fixed, half random. */
  reconnectDelay(): number {
    const { reconnectDelay, reconnectDelayMax, random } = this.client;
    const exponent = Math.min(this.failures - 1, 30);
    const delay = Math.min(reconnectDelayMax, reconnectDelay * 2 ** exponent);
    return delay / 2 + random() * (delay / 2);
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.stopped && !this.up) this.connection.open();
    }, this.reconnectDelay());
  }
}
