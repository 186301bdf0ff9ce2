/**
 * The client's view of one server: its connection, its slots and queue (`maxParallel`), its health
 * (up/down with background reconnects) and its counters. Connection events are forwarded to the owner,
 * which decides what happens to requests.
 */
import type { IProtoError } from "../core/errors.js";
import { Connection, type ConnectionListener, type TransportCounters } from "../transport/connection.js";
import { CallState, type Call } from "./call.js";
import { SlotPool } from "./slot-pool.js";
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
  /** A server marked down connected again: balancing may send it one request, its probe. */
  serverReconnected(server: ServerState): void;
  /** A reconnected server answered its probe: it is back in full. */
  serverUp(server: ServerState): void;
  /** `announce`: false for a server that failed again before answering (it was never announced up). */
  serverDown(server: ServerState, error: IProtoError, announce: boolean): void;
}

export class ServerState implements ConnectionListener<Call> {
  readonly address: string;
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
  /**
   * Reconnected after being down, and not yet answered: it takes one request at a time (`limit` 1), and
   * is back in full once that request is answered. A server that accepts connections and then fails
   * again so risks one request per reconnect, not a burst.
   */
  probing = false;
  /** Its slots (`maxParallel`, or 1 while probing) and the calls balanced to it waiting for one. */
  readonly slots: SlotPool;
  /** Faults since the last reply: drives the reconnect backoff. */
  failures = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    readonly index: number,
    readonly settings: ServerSettings,
    private readonly client: ClientSettings,
    private readonly owner: ServerOwner,
    /** The client's pool, which also counts the calls waiting for this server. */
    clientSlots?: SlotPool,
  ) {
    this.address = `${settings.host}:${settings.port}`;
    this.slots = new SlotPool(settings.maxParallel, CallState.QueuedForServer, index, clientSlots);
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
      this.probing = true;
      this.slots.limit = 1;
      this.owner.serverReconnected(this);
    }
  }

  /** Balancing may pick it: up, and not probing with its probe still out. */
  get available(): boolean {
    return this.up && (!this.probing || this.slots.inFlight === 0);
  }

  /** The server answered a request (or took a no-reply one): the backoff starts over, a probe is over. */
  answered(): void {
    this.failures = 0;
    if (this.probing) {
      this.probing = false;
      this.slots.limit = this.settings.maxParallel;
      this.owner.serverUp(this);
    }
  }

  onClose(fault: IProtoError | undefined): void {
    if (fault === undefined || this.stopped) return;
    this.failures++;
    if (this.up) {
      const announce = !this.probing;
      this.up = false;
      this.probing = false;
      this.slots.limit = this.settings.maxParallel;
      this.owner.serverDown(this, fault, announce);
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
    // Health checks of an idle client do not keep the process alive (requests hold it by their deadlines).
    this.reconnectTimer.unref();
  }
}
