/**
 * One accepted connection of an `IProtoServer` (MR::IProto::Server::Connection): frames in, handler
 * called per request, replies out with the request's msg and sync. Replies of one event-loop turn go out
 * as one socket write; replies of asynchronous handlers go out as they resolve, in any order.
 *
 * It defends itself: a handler's result that is not a reply is reported, never sent or thrown; reading
 * stops while the peer leaves more than `maxWriteBuffer` of replies unread (and the connection closes if
 * that lasts `idleTimeout`); a partial frame or silence that lasts `idleTimeout` closes it; a frame cut
 * short by a close is reported. No path leaves a promise rejection unhandled.
 */
import type net from "node:net";
import { HandlerError, NotImplementedError, ProtocolError } from "../core/errors.js";
import type { IProtoHandler, ServerConnectionInfo } from "../core/message.js";
import { HEADER_SIZE, headerBytes, writeHeader } from "../framing/header.js";
import { FrameParser, type FrameSink } from "../transport/frame-parser.js";
import { DebugLevel, DebugLog, type DebugOptions } from "../transport/debug-log.js";
import { WriteBuffer } from "../transport/write-buffer.js";
import { inspectResult, judgeReply } from "./reply.js";

export interface ServerConnectionHooks {
  readonly handler: IProtoHandler;
  readonly maxFrameSize: number;
  readonly maxWriteBuffer: number;
  /** 0: off. */
  readonly idleTimeout: number;
  /** 0: off. */
  readonly handlerTimeout: number;
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
  /** Reading is paused: the peer leaves too many replies unread. */
  private blocked = false;
  /** Closes the connection when a partial frame, or a block, lasts `idleTimeout`. */
  private stallTimer: NodeJS.Timeout | undefined;
  /** Frames received so far: a chunk that completed one is progress, even if it ends mid-frame. */
  private framesIn = 0;
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
    socket.on("drain", () => this.unblock());
    socket.on("error", (error) => {
      this.log.line(DebugLevel.CONNECTIONS, `error: ${error.message}`);
    });
    socket.on("close", () => this.onSocketClose());
    if (hooks.idleTimeout > 0) {
      // No traffic at all for that long: the peer is gone or holding a slot for nothing.
      socket.setTimeout(hooks.idleTimeout);
      socket.on("timeout", () => this.onSilence());
    }
    this.log.line(DebugLevel.CONNECTIONS, "connection accepted");
  }

  /** Bytes of replies written to the socket and not yet taken by the peer. */
  get unsentBytes(): number {
    return this.socket.writableLength + this.out.length;
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
    this.framesIn++;
    // MR::IProto::Server::Connection: received frames from level 5, sent ones from level 6.
    if (this.log.on(DebugLevel.SERVER_DUMP_RECEIVED)) {
      this.log.dump(DebugLevel.SERVER_DUMP_RECEIVED, "recv header: ", headerBytes(msg, body.length, sync));
      this.log.dump(DebugLevel.SERVER_DUMP_RECEIVED, "recv payload: ", body);
    }
    let result: unknown;
    try {
      result = this.hooks.handler(msg, body, this);
    } catch (error) {
      this.handlerFailed(msg, sync, error);
      return;
    }
    if (result === undefined) return;
    const inspected = inspectResult(result, msg, sync);
    if ("pending" in inspected) return this.awaitReply(msg, sync, inspected.pending);
    if ("error" in inspected) return this.report(inspected.error);
    if (inspected.reply !== undefined) this.reply(msg, sync, inspected.reply);
  }

  private awaitReply(msg: number, sync: number, pending: PromiseLike<unknown>): void {
    this.pendingReplies++;
    const timer = this.hooks.handlerTimeout > 0 ? this.watchHandler(msg, sync) : undefined;
    let open = true;
    const settle = (deliver: () => void): void => {
      if (!open) return; // a hand-made `then` may call back twice
      open = false;
      this.settled(timer, deliver);
    };
    try {
      // A native promise is used as it is (a new one around it cost ~170 ns a request); any other thenable
      // is adopted by a native one, so what its `then` does (throw, call back twice) becomes a settlement.
      // Only a native promise tampered with (a `constructor` or `then` of its own) can throw here.
      Promise.resolve(pending).then(
        (value) => settle(() => this.answer(msg, sync, value)),
        (error: unknown) => settle(() => this.handlerFailed(msg, sync, error)),
      );
    } catch (error) {
      settle(() => this.handlerFailed(msg, sync, error));
    }
  }

  /**
   * A handler's promise settled. Nothing escapes from here: a throw (a debug sink's, say) would reject
   * the promise `then` returned, which nobody handles — under --unhandled-rejections=strict, a crash.
   */
  private settled(timer: NodeJS.Timeout | undefined, deliver: () => void): void {
    clearTimeout(timer);
    this.pendingReplies--;
    try {
      deliver();
      this.endIfIdle();
    } catch (error) {
      this.report(error);
    }
  }

  private answer(msg: number, sync: number, value: unknown): void {
    const verdict = judgeReply(value, msg, sync);
    if ("error" in verdict) return this.report(verdict.error);
    if (verdict.reply !== undefined) this.reply(msg, sync, verdict.reply);
  }

  /** Reports a handler still running after `handlerTimeout` (it cannot be stopped; its reply still goes). */
  private watchHandler(msg: number, sync: number): NodeJS.Timeout {
    const timeout = this.hooks.handlerTimeout;
    const timer = setTimeout(() => {
      this.report(new HandlerError("ETIMEDOUT", `handler for msg ${msg} (sync ${sync}) still running after ${timeout} ms`, sync, { msg }));
    }, timeout);
    timer.unref();
    return timer;
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
    if (!this.blocked && this.unsentBytes > this.hooks.maxWriteBuffer) {
      // Over the bound in the middle of a chunk of requests: write now and take no more frames.
      this.flush();
      this.block();
    } else if (!this.flushScheduled) {
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

  /** The peer does not read its replies: stop reading its requests (and parsing the ones read) until it does. */
  private block(): void {
    this.blocked = true;
    this.parser.pause();
    this.socket.pause();
    this.log.line(DebugLevel.CONNECTIONS, `${this.unsentBytes} bytes of replies unread; reading paused`);
    this.armStall(`its replies were left unread for ${this.hooks.idleTimeout} ms (over maxWriteBuffer)`);
    // 'drain' comes only after a write the socket refused; below its high-water mark, look again soon.
    if (!this.socket.writableNeedDrain) setImmediate(() => this.unblock());
  }

  private unblock(): void {
    if (!this.blocked || this.closed) return;
    this.blocked = false;
    this.disarmStall();
    this.socket.resume();
    try {
      this.parser.resume();
    } catch (error) {
      this.corrupt(error);
    }
  }

  private onData(chunk: Buffer): void {
    const framesBefore = this.framesIn;
    try {
      this.parser.push(chunk);
    } catch (error) {
      this.corrupt(error);
      return;
    }
    // No frame completed for `idleTimeout` while one is partial (one byte a second): close. A peer whose
    // writes all end mid-frame but complete frames as they go is busy, not stalled: the timer restarts.
    if (this.blocked) return;
    if (this.parser.buffered === 0) this.disarmStall();
    else if (this.stallTimer === undefined) this.armStall(`no frame completed for ${this.hooks.idleTimeout} ms while one was partial`);
    else if (this.framesIn !== framesBefore) this.stallTimer.refresh();
  }

  private corrupt(error: unknown): void {
    if (!(error instanceof ProtocolError)) throw error;
    this.log.line(DebugLevel.CONNECTIONS, `error: ${error.message}; closing`);
    this.report(error);
    this.socket.destroy();
  }

  /** A stall is abuse or a broken peer (unlike plain silence): its close is reported through `onError`. */
  private armStall(why: string): void {
    if (this.hooks.idleTimeout <= 0) return;
    this.disarmStall();
    this.stallTimer = setTimeout(() => {
      if (this.closed) return;
      this.report(new ProtocolError(`connection closed by the server: ${why}`));
      this.drop(why);
    }, this.hooks.idleTimeout);
  }

  private disarmStall(): void {
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }

  private onSilence(): void {
    // A peer waiting for replies its handlers still owe is not idle: the slowness is ours. A socket's
    // timer that fired stays off, whatever traffic follows: set it again.
    if (this.pendingReplies > 0) this.socket.setTimeout(this.hooks.idleTimeout);
    else this.drop(`no traffic for ${this.hooks.idleTimeout} ms`);
  }

  private drop(why: string): void {
    if (this.closed) return;
    this.log.line(DebugLevel.CONNECTIONS, `closing: ${why}`);
    this.socket.destroy();
  }

  private onSocketClose(): void {
    // While reading was paused, whole requests may wait unparsed: they were never started, not cut short.
    const partial = this.parser.partialHeld;
    const unread = this.parser.unparsed;
    this.closed = true;
    this.disarmStall();
    this.parser.stop();
    this.log.line(DebugLevel.CONNECTIONS, "connection closed");
    if (unread > 0) this.report(new ProtocolError(`connection closed with ${unread} bytes of requests not yet read (reading was paused: the peer left its replies unread); no handler saw them`));
    else if (partial > 0) this.report(new ProtocolError(`connection closed in the middle of a frame (${partial} bytes of it received)`));
    this.hooks.onClose(this);
  }

  private handlerFailed(msg: number, sync: number, error: unknown): void {
    this.log.line(DebugLevel.CONNECTIONS, `Failed to handle cmd=${msg}`);
    // A partial dispatcher's answer for a message its handler lacks: sent, and still reported.
    if (error instanceof NotImplementedError && error.reply !== undefined) this.reply(msg, sync, error.reply);
    this.report(error);
  }

  /** The owner's error hook; a hook that throws is not allowed to take the server down. */
  private report(error: unknown): void {
    try {
      this.hooks.onError(error, this);
    } catch (hookError) {
      this.log.line(DebugLevel.CONNECTIONS, `onError threw: ${String(hookError)}`);
    }
  }

  private endIfIdle(): void {
    if (!this.endWhenIdle || this.closed || this.pendingReplies > 0) return;
    this.flush();
    this.socket.end();
  }
}
