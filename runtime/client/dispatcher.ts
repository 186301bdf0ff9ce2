/**
 * The client's engine: admission, balancing, tries and retries, replies and failures from connections,
 * deadlines and cancellation, closing. It owns the slot pools (the client's and, through each
 * ServerState, every server's: slot-pool.ts holds the counters and the one free-slot test). Every request
 * is a `Call`; each path that ends a call goes through `finish`, which settles it exactly once.
 */
import {
  ArgumentError,
  CanceledError,
  type IProtoError,
  NoServersError,
  ProtocolError,
  QueueFullError,
  ServerError,
  TimeoutError,
  type RequestFacts,
} from "../core/errors.js";
import { DebugLevel, DebugLog } from "../transport/debug-log.js";
import { stackless } from "../util/stackless.js";
import { TimerQueue } from "../util/timer-queue.js";
import { RetryScheduler } from "./retry-scheduler.js";
import { Call, CallState } from "./call.js";
import { CallTermsSource } from "./call-options.js";
import { ServerPicker } from "./balancing.js";
import * as events from "./diagnostics.js";
import { annotate, deliver, shared } from "./settle.js";
import { SlotPool } from "./slot-pool.js";
import type { ClientSettings } from "./options.js";
import { ServerState, type ServerOwner } from "./server-state.js";

export class Dispatcher implements ServerOwner {
  readonly servers: ServerState[];
  /** Resolves each new call's options into its terms, on the deadlines' clock. */
  readonly terms: CallTermsSource;
  /** The client's `maxParallel` slots and its queue (`queued` also counts calls waiting for a server). */
  private readonly slots: SlotPool;
  private readonly deadlines: TimerQueue<Call>;
  private readonly picker: ServerPicker;
  private readonly retries: RetryScheduler;
  private readonly log: DebugLog;
  private pumping = false;
  private closing = false;
  private canceling = false;
  private onDrained: (() => void) | undefined;

  constructor(
    readonly settings: ClientSettings,
    /** The public client object, named in diagnostics events. */
    private readonly owner: object,
  ) {
    this.slots = new SlotPool(settings.maxParallel, CallState.QueuedForClient, -1, undefined);
    this.deadlines = new TimerQueue<Call>(
      (call) => this.expire(call),
      (call) => call.state !== CallState.Done,
    );
    this.terms = new CallTermsSource(settings, this.deadlines);
    this.servers = settings.servers.map((server, index) => new ServerState(index, server, settings, this, this.slots));
    this.picker = new ServerPicker(this.servers, settings.balance, settings.random);
    this.log = new DebugLog(settings.debug, undefined);
    this.retries = new RetryScheduler(settings.retryDelay, (call) => this.retryDue(call));
  }

  get isClosing(): boolean {
    return this.closing;
  }

  get pending(): { inFlight: number; queued: number } {
    return { inFlight: this.slots.inFlight, queued: this.slots.queued };
  }

  /** Takes a new call: it is settled later through its resolve/reject/callback/bulk. */
  start(call: Call): void {
    const request = call.request;
    if (this.picker.needsKey && request.key === undefined) {
      return this.reject(call, new ArgumentError(`${this.settings.balance} balancing needs a key (message ${request.msg})`));
    }
    const free = this.slots.hasFree();
    if (!free && this.queueFull()) {
      return this.reject(call, new QueueFullError(`client queue is full (${this.slots.queued} waiting)`, { msg: request.msg, tries: 0, mayHaveExecuted: false }));
    }
    // Every call is in the queue, even with no deadline (Infinity): a forced close finds them all there.
    const terms = call.terms;
    this.deadlines.add(call, terms.timeout, terms.startedAt);
    if (events.requestStart.hasSubscribers) events.requestStart.publish({ client: this.owner, request, msg: request.msg });
    if (free) {
      this.slots.take();
      this.route(call);
    } else this.slots.enqueue(call);
  }

  /** A call that never started: settled at once, with no slot taken. */
  reject(call: Call, error: Error): void {
    call.state = CallState.Done;
    deliver(call, error, undefined);
  }

  /** Cancels one call (its AbortSignal fired). */
  abort(call: Call, reason: unknown): void {
    if (call.state === CallState.Done) return;
    this.end(call, CanceledError, "request aborted", reason);
  }

  /**
   * Stops taking calls. Graceful: resolves once every accepted call settled. `force`: cancels them all
   * first. Either way, connections are then closed.
   */
  drain(force: boolean): Promise<void> {
    this.closing = true;
    for (const server of this.servers) server.stop();
    const drained = new Promise<void>((resolve) => {
      const previous = this.onDrained;
      this.onDrained = () => {
        previous?.();
        resolve();
      };
    });
    if (force && !this.canceling) {
      this.canceling = true;
      this.deadlines.forEachLive((call) => this.end(call, CanceledError, "client closed", undefined));
    }
    this.checkDrained();
    return drained;
  }

  /** Closes every connection; unanswered requests fail (and may be retried) but no server is marked down. */
  disconnectAll(reason: IProtoError): void {
    for (const server of this.servers) server.connection.disconnect(reason);
  }

  /** Forgets all timers (after `drain`). */
  stopTimers(): void {
    this.deadlines.clear();
    this.retries.clear();
  }

  // ---- connection events ----

  replied(server: ServerState, call: Call, msg: number, body: Uint8Array): void {
    if (server.failures !== 0) server.answered();
    if (call.state !== CallState.Sent) return;
    server.slots.release();
    const request = call.request;
    if (msg !== request.msg) {
      this.finish(call, new ProtocolError(`reply has message code ${msg}, request had ${request.msg}`, this.facts(call, true)), undefined);
    } else {
      let response: unknown;
      let askedRetry = false;
      try {
        response = request.decodeResponse(body);
        askedRetry = call.tries < call.terms.maxTries && request.isRetry(response);
      } catch (error) {
        if (error instanceof ServerError && error.temporary && call.tries < call.terms.maxTries) {
          this.retry(call, server, annotate(error, this.facts(call, true)) as ServerError);
        } else this.finish(call, annotate(error, this.facts(call, true)), undefined);
        this.pumpServer(server);
        return;
      }
      if (askedRetry) this.retry(call, server, undefined);
      else this.finish(call, undefined, response);
    }
    this.pumpServer(server);
  }

  written(server: ServerState, call: Call): void {
    if (server.failures !== 0) server.answered();
    if (call.state !== CallState.Sent) return;
    server.slots.release();
    this.finish(call, undefined, undefined);
    this.pumpServer(server);
  }

  tryFailed(server: ServerState, call: Call, error: IProtoError, mayHaveExecuted: boolean): void {
    if (call.state !== CallState.Sent) return;
    server.slots.release();
    server.counters.errors++;
    this.afterFailure(call, server, shared(error, this.facts(call, mayHaveExecuted)), mayHaveExecuted);
    this.pumpServer(server);
  }

  serverReconnected(server: ServerState): void {
    this.picker.upCount++;
    this.log.line(DebugLevel.CONNECTIONS, `${server.address}: reconnected, one request at a time until it answers`);
  }

  serverUp(server: ServerState): void {
    this.log.line(DebugLevel.CONNECTIONS, `${server.address}: back up`);
    if (events.serverUp.hasSubscribers) events.serverUp.publish({ client: this.owner, server: server.address });
  }

  serverDown(server: ServerState, error: IProtoError, announce: boolean): void {
    this.picker.upCount--;
    this.log.line(DebugLevel.CONNECTIONS, `${server.address}: marked down: ${error.message}`);
    if (announce && events.serverDown.hasSubscribers) events.serverDown.publish({ client: this.owner, server: server.address, error });
    // Calls waiting for this server's slots never reached it: balance them again.
    server.slots.waiting.drain((call) => {
      if (!server.slots.holds(call)) return;
      server.slots.left();
      call.state = CallState.Sent;
      this.afterFailure(call, server, shared(error, this.facts(call, false)), false);
    });
  }

  // ---- the life of a call ----

  /** Starts a try; the call holds a client slot. */
  private route(call: Call): void {
    call.tries++;
    const server = this.picker.pick(call);
    if (server === undefined) {
      call.state = CallState.Sent;
      // On a retry the earlier try's failure is what the caller needs to see (a refused connect, a
      // reset): it becomes the cause, and whether the request may have executed carries over from it.
      const previous = call.extras?.lastError;
      const mayHaveExecuted = previous?.mayHaveExecuted ?? false;
      const error = new NoServersError(
        `no server is available (${this.servers.length} configured, all down)${previous ? `; the last try failed: ${previous.message}` : ""}`,
        { ...this.facts(call, mayHaveExecuted), cause: previous },
      );
      return this.afterFailure(call, undefined, error, mayHaveExecuted);
    }
    call.server = server.index;
    if (server.slots.hasFree()) {
      server.slots.take();
      this.transmit(call, server);
    } else if (this.queueFull()) {
      call.state = CallState.Sent;
      this.finish(call, new QueueFullError(`queue is full (${this.slots.queued} waiting)`, this.facts(call, false)), undefined);
    } else server.slots.enqueue(call);
  }

  private queueFull(): boolean {
    return this.slots.queued >= this.settings.maxQueued;
  }

  private transmit(call: Call, server: ServerState): void {
    call.state = CallState.Sent;
    if (this.log.level >= DebugLevel.TRIES) {
      this.log.line(DebugLevel.TRIES, `send msg=${call.request.msg} try ${call.tries} of ${call.terms.maxTries} total`);
    }
    try {
      server.connection.send(call);
    } catch (error) {
      server.slots.release();
      this.finish(call, annotate(error, this.facts(call, false)), undefined);
    }
  }

  /** A try failed: try again where allowed, else settle with `error`. The call holds its client slot. */
  private afterFailure(call: Call, server: ServerState | undefined, error: IProtoError, mayHaveExecuted: boolean): void {
    call.more().lastError = error;
    const resendable = !mayHaveExecuted || call.request.retry;
    const timeLeft = this.deadlines.now() + this.settings.retryDelay < call.terms.startedAt + call.terms.timeout;
    if (resendable && !this.canceling && timeLeft && call.tries < call.terms.maxTries) {
      this.retry(call, server, error);
    } else this.finish(call, error, undefined);
  }

  private retry(call: Call, server: ServerState | undefined, error: IProtoError | undefined): void {
    if (server !== undefined) {
      server.counters.retries++;
      call.more().avoid = server.index;
    }
    this.log.line(DebugLevel.TRIES, `send: failed [try ${call.tries} of ${call.terms.maxTries}]${error ? `: ${error.message}` : ""}`);
    if (events.requestRetry.hasSubscribers) {
      events.requestRetry.publish({ client: this.owner, request: call.request, msg: call.request.msg, server: server?.address, tries: call.tries, error });
    }
    this.retries.schedule(call);
  }

  private retryDue(call: Call): void {
    if (call.state !== CallState.WaitingToRetry) return;
    if (this.canceling) return this.finish(call, call.extras?.lastError ?? new CanceledError("client closed", this.facts(call, false)), undefined);
    this.route(call);
  }

  private expire(call: Call): void {
    this.end(call, TimeoutError, `request timed out after ${call.terms.timeout} ms`, call.extras?.lastError);
  }

  /** Ends a call early (deadline, abort, forced close) in whatever state it is. */
  private end(call: Call, kind: typeof TimeoutError | typeof CanceledError, message: string, cause: unknown): void {
    const server = call.server >= 0 ? this.servers[call.server] : undefined;
    let mayHaveExecuted = false;
    if (call.state === CallState.Sent && server !== undefined) {
      mayHaveExecuted = server.connection.wasWritten(call);
      server.connection.abandon(call);
      server.slots.release();
    }
    if (server !== undefined && kind === TimeoutError && (call.state === CallState.Sent || call.state === CallState.QueuedForServer)) {
      server.counters.timeouts++;
    }
    const facts: RequestFacts = { ...this.facts(call, mayHaveExecuted), cause };
    this.finish(call, stackless<[string, RequestFacts], IProtoError>(kind, message, facts), undefined);
    if (server !== undefined) this.pumpServer(server);
  }

  /** Settles the call (once) and frees what it held. */
  private finish(call: Call, error: Error | undefined, response: unknown): void {
    const state = call.state;
    if (state === CallState.Done) return;
    call.state = CallState.Done;
    if (state === CallState.QueuedForClient) this.slots.left();
    else {
      if (state === CallState.QueuedForServer) (this.servers[call.server] as ServerState).slots.left();
      this.slots.release();
    }
    this.deadlines.trim(call.terms.timeout);
    if (events.requestEnd.hasSubscribers || events.requestError.hasSubscribers) {
      const server = call.server >= 0 ? this.servers[call.server]?.address : undefined;
      const { request, tries } = call;
      events.publishEnd({ client: this.owner, request, msg: request.msg, server, tries, duration: this.deadlines.now() - call.terms.startedAt }, error);
    }
    deliver(call, error, response);
    if (state !== CallState.QueuedForClient) this.pumpClient();
    if (this.closing) this.checkDrained();
  }

  /** Freed client slots go to the calls waiting for one, in order. */
  private pumpClient(): void {
    if (this.pumping || this.canceling) return;
    this.pumping = true;
    for (let call = this.slots.next(); call !== undefined; call = this.slots.next()) this.route(call);
    this.pumping = false;
  }

  /** Freed slots of a server go to the calls balanced to it. */
  private pumpServer(server: ServerState): void {
    if (this.canceling || !server.up) return;
    for (let call = server.slots.next(); call !== undefined; call = server.slots.next()) {
      this.transmit(call, server);
      if (!server.up) return;
    }
  }

  private checkDrained(): void {
    if (this.slots.inFlight !== 0 || this.slots.queued !== 0 || this.onDrained === undefined) return;
    const done = this.onDrained;
    this.onDrained = undefined;
    done();
  }

  /**
   * What an error of this call reports. `mayHaveExecuted` is about the current try; the call's answer is
   * sticky: any try that may have executed makes every later failure of the call say so too.
   */
  private facts(call: Call, mayHaveExecuted: boolean): RequestFacts {
    if (mayHaveExecuted) call.executed = true;
    const server = call.server >= 0 ? this.servers[call.server] : undefined;
    return { server: server?.address, msg: call.request.msg, tries: call.tries, mayHaveExecuted: call.executed };
  }
}
