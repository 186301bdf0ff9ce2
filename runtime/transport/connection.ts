/**
 * One TCP connection to one server: opened lazily, requests pipelined and matched to replies by `sync`.
 * Frames queued during one event-loop turn go out as one socket write. The connection knows nothing of
 * retries, deadlines or balancing: it reports replies and failures to its listener.
 */
import net from "node:net";
import { EncodeError, ProtocolError, type IProtoError } from "../core/errors.js";
import type { IProtoRequest } from "../core/message.js";
import { HEADER_SIZE, headerBytes } from "../framing/header.js";
import { closedByPeer, connectTimedOut, peerStalled, socketError } from "./connection-errors.js";
import { DEFAULT_MAX_FRAME_SIZE, FrameParser, type FrameSink } from "./frame-parser.js";
import { DebugLevel, DebugLog, type DebugOptions } from "./debug-log.js";
import { LATE, SyncTable } from "./sync-table.js";
import { DEFAULT_MAX_WRITE_BUFFER, WriteBuffer } from "./write-buffer.js";

export interface ConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly connectTimeout: number;
  readonly noDelay: boolean;
  readonly keepAlive: boolean;
  readonly maxFrameSize?: number;
  /** Unsent bytes the socket may hold before the peer is deemed stalled and the connection dropped. */
  readonly maxWriteBuffer?: number;
  /** Syncs of timed-out requests remembered so that their replies count as late, not unknown. */
  readonly maxLateSyncs?: number;
  /** First sync to use (tests of wrap-around). */
  readonly firstSync?: number;
  readonly debug?: DebugOptions | undefined;
}

/** What the connection needs of a request; the client's call object carries these. */
export interface Outgoing {
  readonly request: IProtoRequest<unknown>;
  /** Set by `send`. */
  sync: number;
  /** The write batch the frame went into: it reached the socket once `batch <= flushedBatch`. */
  batch: number;
  /** Where its frame sits in the write buffer while its batch is not flushed yet. */
  frameStart: number;
  frameEnd: number;
}

export interface ConnectionListener<E extends Outgoing> {
  onReply(entry: E, msg: number, body: Uint8Array): void;
  /** A `noReply` entry's bytes were handed to the socket. */
  onWritten(entry: E): void;
  /** The connection failed with `entry` unanswered. */
  onFailed(entry: E, error: IProtoError, mayHaveExecuted: boolean): void;
  onOpen(): void;
  /** The socket is gone. `fault` is undefined when nothing went wrong (idle close, our own disconnect). */
  onClose(fault: IProtoError | undefined): void;
}

export interface TransportCounters {
  sent: number;
  received: number;
  lateReplies: number;
  unknownReplies: number;
}

const IDLE = 0;
const CONNECTING = 1;
const OPEN = 2;

export class Connection<E extends Outgoing> implements FrameSink {
  readonly address: string;
  private socket: net.Socket | null = null;
  private state = IDLE;
  private parser: FrameParser;
  private readonly pending: SyncTable<E>;
  private noReplies: E[] = [];
  private readonly out = new WriteBuffer();
  private framesInBuffer = 0;
  /** The socket holds the event loop open: only while a request awaits this connection. */
  private holding = false;
  private batch = 1;
  private flushedBatch = 0;
  private flushScheduled = false;
  private connectTimer: NodeJS.Timeout | undefined;
  private liveSockets = 0;
  private closeWaiters: (() => void)[] = [];
  private readonly maxFrameSize: number;
  private readonly maxWriteBuffer: number;
  private readonly flushNow = (): void => this.flush();
  private readonly log: DebugLog;
  private readonly dumpSent: boolean;
  private readonly dumpReceived: boolean;

  constructor(
    private readonly options: ConnectionOptions,
    private readonly listener: ConnectionListener<E>,
    readonly counters: TransportCounters,
  ) {
    this.address = `${options.host}:${options.port}`;
    this.maxFrameSize = options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
    this.maxWriteBuffer = options.maxWriteBuffer ?? DEFAULT_MAX_WRITE_BUFFER;
    this.pending = new SyncTable<E>(options.firstSync ?? 1, options.maxLateSyncs ?? 16384);
    this.log = new DebugLog(options.debug, this.address);
    this.dumpSent = this.log.on(DebugLevel.DUMP_SENT);
    this.dumpReceived = this.log.on(DebugLevel.DUMP_RECEIVED);
    this.parser = new FrameParser(this, this.maxFrameSize);
  }

  get isOpen(): boolean {
    return this.state === OPEN;
  }

  get isIdle(): boolean {
    return this.state === IDLE;
  }

  /** Requests sent or queued on this connection that still await a reply. */
  get awaitingReplies(): number {
    return this.pending.size;
  }

  /** Starts connecting unless connected or connecting already. */
  open(): void {
    if (this.state !== IDLE) return;
    this.state = CONNECTING;
    this.log.line(DebugLevel.CONNECTING, "connecting");
    const { host, port, noDelay, keepAlive } = this.options;
    const socket = net.createConnection({ host, port, noDelay, keepAlive });
    this.socket = socket;
    this.holding = true;
    this.releaseIfIdle();
    this.parser = new FrameParser(this, this.maxFrameSize);
    this.liveSockets++;
    socket.on("connect", () => this.onConnect(socket));
    socket.on("data", (chunk: Buffer) => {
      if (socket === this.socket) this.onData(chunk);
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (socket === this.socket) this.fail(socketError(error, this.address, this.state === OPEN), true);
    });
    socket.on("close", () => this.onSocketClose(socket));
    this.connectTimer = setTimeout(() => {
      if (socket === this.socket) this.fail(connectTimedOut(this.address, this.options.connectTimeout), true);
    }, this.options.connectTimeout);
    // A request waiting for this connect holds the loop through its socket and its deadline, not this.
    this.connectTimer.unref();
  }

  /**
   * Encodes the request into this turn's batch (connecting first if needed). Throws `EncodeError` (or
   * whatever the request's encoder throws) with nothing queued.
   */
  send(entry: E): void {
    if (this.state === IDLE) this.open();
    if (!this.holding) this.hold();
    const request = entry.request;
    const size = request.packetSize();
    const out = this.out;
    out.reserve(size);
    const sync = this.pending.nextFreeSync();
    const start = out.length;
    const end = request.encodeInto(out.bytes, start, sync);
    if (end !== start + size) {
      throw new EncodeError(`message ${request.msg}`, "", `encoded ${end - start} bytes, announced ${size}`);
    }
    out.length = end;
    entry.sync = sync;
    entry.batch = this.batch;
    entry.frameStart = start;
    entry.frameEnd = end;
    this.framesInBuffer++;
    if (request.noReply) this.noReplies.push(entry);
    else this.pending.insert(entry);
    if (this.dumpSent) {
      this.log.dump(DebugLevel.DUMP_SENT, "send header: ", out.bytes.subarray(start, start + HEADER_SIZE));
      this.log.dump(DebugLevel.DUMP_SENT, "send payload: ", out.bytes.subarray(start + HEADER_SIZE, end));
    }
    if (this.state === OPEN && !this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(this.flushNow);
    }
  }

  /** Whether the entry's bytes were handed to the socket (so the server may have executed it). */
  wasWritten(entry: E): boolean {
    return entry.batch <= this.flushedBatch;
  }

  /**
   * The entry timed out or was canceled. Still in the unflushed batch: its frame is cut out of the buffer,
   * so a request that gave up is never written (and `wasWritten` stays false, exactly). Already written:
   * its reply, if it comes, is dropped and counted as late.
   */
  abandon(entry: E): void {
    if (this.wasWritten(entry) || this.socket === null) {
      this.pending.abandon(entry);
      this.releaseIfIdle();
      return;
    }
    if (entry.request.noReply) {
      const index = this.noReplies.indexOf(entry);
      if (index >= 0) this.noReplies.splice(index, 1);
    } else this.pending.remove(entry);
    this.out.cut(entry.frameStart, entry.frameEnd);
    this.framesInBuffer--;
    this.releaseIfIdle();
  }

  /**
   * Like undici's idle sockets, a connection nobody waits on does not keep the process alive: a script
   * that sent its requests and did not call close() still exits. Referenced while a request awaits it.
   */
  private hold(): void {
    this.holding = true;
    this.socket?.ref();
  }

  private releaseIfIdle(): void {
    if (!this.holding || this.pending.size > 0 || this.noReplies.length > 0) return;
    this.holding = false;
    this.socket?.unref();
  }

  /** Closes the socket; unanswered entries fail with `error`. Not a fault of the server. */
  disconnect(error: IProtoError): void {
    this.fail(error, false);
  }

  /** Resolves once every socket this connection opened has closed. */
  whenClosed(): Promise<void> {
    if (this.liveSockets === 0) return Promise.resolve();
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  onFrame(msg: number, sync: number, body: Uint8Array): void {
    if (this.dumpReceived) {
      this.log.dump(DebugLevel.DUMP_RECEIVED, "recv header: ", headerBytes(msg, body.length, sync));
      this.log.dump(DebugLevel.DUMP_RECEIVED, "recv payload: ", body);
    }
    const entry = this.pending.take(sync);
    if (entry === undefined) {
      this.counters.unknownReplies++;
      this.log.line(DebugLevel.CONNECTIONS, `dropped reply with unknown sync ${sync} (msg ${msg})`);
      return;
    }
    if (entry === LATE) {
      this.counters.lateReplies++;
      this.releaseIfIdle();
      return;
    }
    this.counters.received++;
    this.releaseIfIdle();
    this.listener.onReply(entry, msg, body);
  }

  private flush(): void {
    this.flushScheduled = false;
    const socket = this.socket;
    if (this.state !== OPEN || socket === null) return;
    this.out.closeCuts();
    if (this.out.length === 0) return;
    const data = this.out.take();
    this.counters.sent += this.framesInBuffer;
    this.framesInBuffer = 0;
    this.flushedBatch = this.batch++;
    const backlog = socket.writableLength;
    socket.write(data);
    this.out.release(socket.writableLength > 0);
    if (this.noReplies.length > 0) {
      const written = this.noReplies;
      this.noReplies = [];
      for (const entry of written) this.listener.onWritten(entry);
      this.releaseIfIdle();
    }
    if (backlog > this.maxWriteBuffer && socket === this.socket) {
      this.fail(peerStalled(this.address, backlog), true);
    }
  }

  private onConnect(socket: net.Socket): void {
    if (socket !== this.socket) return;
    clearTimeout(this.connectTimer);
    this.state = OPEN;
    this.log.line(DebugLevel.CONNECTIONS, "connected");
    this.listener.onOpen();
    if (this.out.length > 0 && socket === this.socket) this.flush();
  }

  private onData(chunk: Buffer): void {
    try {
      this.parser.push(chunk);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.fail(new ProtocolError(`${error.message} from ${this.address}`, { server: this.address }), true);
    }
  }

  private onSocketClose(socket: net.Socket): void {
    this.liveSockets--;
    if (socket === this.socket) {
      const unanswered = this.pending.size > 0 || this.noReplies.length > 0 || this.out.length > 0;
      if (unanswered) this.fail(closedByPeer(this.address), true);
      else this.fail(closedByPeer(this.address), false);
    }
    if (this.liveSockets === 0) {
      const waiters = this.closeWaiters;
      this.closeWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /** Drops the socket and fails every unanswered entry. `fault`: the server is to blame. */
  private fail(error: IProtoError, fault: boolean): void {
    const socket = this.socket;
    if (socket === null) return;
    this.socket = null;
    this.state = IDLE;
    clearTimeout(this.connectTimer);
    this.parser.stop();
    socket.destroy();
    const unanswered = this.pending.drain();
    const unsent = this.noReplies;
    const flushed = this.flushedBatch;
    this.noReplies = [];
    this.out.clear();
    this.framesInBuffer = 0;
    this.log.line(DebugLevel.CONNECTIONS, `error: ${error.message}`);
    this.log.line(DebugLevel.CONNECTIONS, "closing socket");
    this.listener.onClose(fault ? error : undefined);
    for (const entry of unanswered) this.listener.onFailed(entry, error, entry.batch <= flushed);
    for (const entry of unsent) this.listener.onFailed(entry, error, false);
  }
}
