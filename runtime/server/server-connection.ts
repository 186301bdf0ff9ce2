/**
 * One accepted connection of an `IProtoServer` (MR::IProto::Server::Connection): frames in, handler
 * called per request, replies out with the request's msg and sync. Replies of one event-loop turn go out
 * as one socket write; replies of asynchronous handlers go out as they resolve, in any order.
 */
import type net from "node:net";
import { ProtocolError } from "../core/errors.js";
import type { IProtoHandler, ServerConnectionInfo } from "../core/message.js";
import { HEADER_SIZE, headerBytes, writeHeader } from "../framing/header.js";
import { FrameParser, type FrameSink } from "../transport/frame-parser.js";
import { DebugLevel, DebugLog, type DebugOptions } from "../transport/debug-log.js";
import { WriteBuffer } from "../transport/write-buffer.js";

export interface ServerConnectionHooks {
  readonly handler: IProtoHandler;
  readonly maxFrameSize: number;
  readonly debug: DebugOptions | undefined;
  onError(error: unknown, connection: ServerConnectionInfo): void;
  onClose(connection: ServerConnection): void;
}

export class ServerConnection implements FrameSink, ServerConnectionInfo {
  readonly remoteAddress: string;
  readonly remotePort: number;
  private readonly parser: FrameParser;
  private readonly out = new WriteBuffer();
  private flushScheduled = false;
  private closed = false;
  /** Handler promises not yet settled. */
  private pendingReplies = 0;
  private endWhenIdle = false;
  private readonly flushNow = (): void => this.flush();
  private readonly log: DebugLog;

  constructor(
    readonly id: number,
    private readonly socket: net.Socket,
    private readonly hooks: ServerConnectionHooks,
  ) {
    this.remoteAddress = socket.remoteAddress ?? "";
    this.remotePort = socket.remotePort ?? 0;
    this.parser = new FrameParser(this, hooks.maxFrameSize);
    this.log = new DebugLog(hooks.debug, `${this.remoteAddress}:${this.remotePort}`);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (error) => {
      this.log.line(DebugLevel.CONNECTIONS, `error: ${error.message}`);
    });
    socket.on("close", () => {
      this.closed = true;
      this.parser.stop();
      this.log.line(DebugLevel.CONNECTIONS, "connection closed");
      hooks.onClose(this);
    });
    this.log.line(DebugLevel.CONNECTIONS, "connection accepted");
  }

  /** Ends the connection once every pending handler replied (graceful), or at once. */
  close(force: boolean): void {
    if (this.closed) return;
    if (force) {
      this.socket.destroy();
      return;
    }
    this.endWhenIdle = true;
    this.endIfIdle();
  }

  onFrame(msg: number, sync: number, body: Uint8Array): void {
    // MR::IProto::Server::Connection: received frames from level 5, sent ones from level 6.
    if (this.log.on(DebugLevel.SERVER_DUMP_RECEIVED)) {
      this.log.dump(DebugLevel.SERVER_DUMP_RECEIVED, "recv header: ", headerBytes(msg, body.length, sync));
      this.log.dump(DebugLevel.SERVER_DUMP_RECEIVED, "recv payload: ", body);
    }
    let result: ReturnType<IProtoHandler>;
    try {
      result = this.hooks.handler(msg, body, this);
    } catch (error) {
      this.handlerFailed(msg, error);
      return;
    }
    if (result === undefined) return;
    if (result instanceof Uint8Array) {
      this.reply(msg, sync, result);
      return;
    }
    this.pendingReplies++;
    Promise.resolve(result).then(
      (body) => {
        this.pendingReplies--;
        if (body !== undefined) this.reply(msg, sync, body);
        this.endIfIdle();
      },
      (error: unknown) => {
        this.pendingReplies--;
        this.handlerFailed(msg, error);
        this.endIfIdle();
      },
    );
  }

  private reply(msg: number, sync: number, body: Uint8Array): void {
    if (this.closed) return;
    const out = this.out;
    out.reserve(HEADER_SIZE + body.length);
    const start = out.length;
    writeHeader(out.bytes, start, msg, body.length, sync);
    out.bytes.set(body, start + HEADER_SIZE);
    out.length = start + HEADER_SIZE + body.length;
    if (this.log.on(DebugLevel.SERVER_DUMP_SENT)) {
      this.log.dump(DebugLevel.SERVER_DUMP_SENT, "send header: ", out.bytes.subarray(start, start + HEADER_SIZE));
      this.log.dump(DebugLevel.SERVER_DUMP_SENT, "send payload: ", body);
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(this.flushNow);
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.closed || this.out.length === 0) return;
    this.socket.write(this.out.take());
    this.out.release(this.socket.writableLength > 0);
  }

  private onData(chunk: Buffer): void {
    try {
      this.parser.push(chunk);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.log.line(DebugLevel.CONNECTIONS, `error: ${error.message}; closing`);
      this.hooks.onError(error, this);
      this.socket.destroy();
    }
  }

  private handlerFailed(msg: number, error: unknown): void {
    this.log.line(DebugLevel.CONNECTIONS, `Failed to handle cmd=${msg}`);
    this.hooks.onError(error, this);
  }

  private endIfIdle(): void {
    if (!this.endWhenIdle || this.closed || this.pendingReplies > 0) return;
    this.flush();
    this.socket.end();
  }
}
