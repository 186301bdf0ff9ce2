/**
 * `IProtoClient`, the public face of the cluster transport (MR::IProto's `send`, `send_bulk`,
 * `disconnect_all`), over the `Dispatcher` that does the work.
 */
import { ArgumentError, CanceledError, ClientClosedError, ConnectionError } from "../core/errors.js";
import type { IProtoRequest } from "../core/message.js";
import { Bulk, Call, type BulkResult, type SendCallback } from "./call.js";
import type { SendOptions } from "./call-options.js";
import { Dispatcher } from "./dispatcher.js";
import { normalizeOptions, type IProtoClientOptions } from "./options.js";
import type { PackValue } from "../pack/index.js";
import { RawRequest, isRequest, type RawMessage, type RawTemplateMessage } from "./raw-request.js";
import { disconnectEveryClient, register, unregister, type Disconnectable } from "./registry.js";
import type { ServerCounters } from "./server-state.js";

export interface CloseOptions {
  /** Fail every pending request with `CanceledError` instead of letting it finish. */
  readonly force?: boolean;
}

export interface ServerStats extends Readonly<ServerCounters> {
  readonly address: string;
  /** Up, and answering (a reconnected server is `probing` until its first answer). */
  readonly up: boolean;
  /** Reconnected after being down; one request at a time until the server answers. */
  readonly probing: boolean;
  readonly connected: boolean;
  readonly inFlight: number;
  readonly queued: number;
}

export interface ClientStats {
  readonly inFlight: number;
  readonly queued: number;
  readonly servers: readonly ServerStats[];
}

export type Sendable = IProtoRequest<unknown> | RawMessage<unknown>;

/** The response a message resolves to. */
export type ResponseOfMessage<M> =
  M extends IProtoRequest<infer R>
    ? R
    : M extends { noReply: true }
      ? undefined
      : M extends { unpack: string }
        ? PackValue[]
        : M extends RawMessage<infer R>
          ? R
          : never;

let capturedResolve: ((value: unknown) => void) | undefined;
/**
 * One executor for every promise: no closure per request. Only `resolve` is kept (settle.ts rejects
 * through it): the unused `reject` function is then garbage at once instead of living as long as the call.
 */
function capture(resolve: (value: unknown) => void): void {
  capturedResolve = resolve;
}

export class IProtoClient {
  private readonly core: Dispatcher;
  private readonly registration: WeakRef<Disconnectable>;
  private closing: Promise<void> | undefined;

  constructor(options: IProtoClientOptions) {
    this.core = new Dispatcher(normalizeOptions(options), this);
    this.registration = register(this);
  }

  /** Drops every connection of every open client (Perl's `MR::IProto->disconnect_all`). */
  static disconnectAll(): void {
    disconnectEveryClient();
  }

  send<R>(message: IProtoRequest<R>, options?: SendOptions): Promise<R>;
  send<R>(message: IProtoRequest<R>, callback: SendCallback<R>): void;
  send<R>(message: IProtoRequest<R>, options: SendOptions, callback: SendCallback<R>): void;
  send(message: RawTemplateMessage, options?: SendOptions): Promise<PackValue[]>;
  send(message: RawTemplateMessage, callback: SendCallback<PackValue[]>): void;
  send(message: RawTemplateMessage, options: SendOptions, callback: SendCallback<PackValue[]>): void;
  send<R = unknown>(message: RawMessage<R>, options?: SendOptions): Promise<R>;
  send<R = unknown>(message: RawMessage<R>, callback: SendCallback<R>): void;
  send<R = unknown>(message: RawMessage<R>, options: SendOptions, callback: SendCallback<R>): void;
  send(
    message: Sendable,
    second?: SendOptions | SendCallback<never>,
    third?: SendCallback<never>,
  ): Promise<unknown> | undefined {
    // The overloads tie each callback to its message's response type; here it is handed that response.
    let options: SendOptions | undefined;
    let callback: SendCallback<unknown> | undefined;
    if (typeof second === "function") callback = second as SendCallback<unknown>;
    else {
      options = second;
      callback = third as SendCallback<unknown> | undefined;
    }
    const call = this.makeCall(message, options);
    if (callback !== undefined) {
      if (call instanceof Error) process.nextTick(callback, call);
      else {
        call.more().callback = callback;
        this.launch(call);
      }
      return undefined;
    }
    if (call instanceof Error) return Promise.reject(call);
    const promise = new Promise<unknown>(capture);
    call.resolve = capturedResolve;
    this.launch(call);
    return promise;
  }

  /**
   * Sends every message at once; resolves when all settled, with results in request order, each
   * `{ response }` or `{ error }`. Never rejects.
   */
  sendBulk<const M extends readonly Sendable[]>(
    messages: M,
    options?: SendOptions,
  ): Promise<{ -readonly [K in keyof M]: BulkResult<ResponseOfMessage<M[K]>> }> {
    type Results = { -readonly [K in keyof M]: BulkResult<ResponseOfMessage<M[K]>> };
    if (messages.length === 0) return Promise.resolve([] as unknown as Results);
    // One abort listener for the whole bulk, not one per message (an AbortSignal warns past ten).
    const { signal, ...each } = options ?? {};
    return new Promise<Results>((resolve) => {
      const calls: Call[] = [];
      const onAbort = (): void => {
        for (const call of calls) this.core.abort(call, signal?.reason);
      };
      const bulk = new Bulk(messages.length, (results) => {
        signal?.removeEventListener("abort", onAbort);
        resolve(results as unknown as Results);
      });
      signal?.addEventListener("abort", onAbort, { once: true });
      messages.forEach((message, index) => {
        const call = this.makeCall(message, each);
        if (call instanceof Error) return bulk.settle(index, { error: call });
        if (signal?.aborted === true) {
          return bulk.settle(index, { error: new CanceledError("request aborted before it was sent", { msg: call.request.msg, tries: 0, mayHaveExecuted: false, cause: signal.reason }) });
        }
        const extras = call.more();
        extras.bulk = bulk;
        extras.bulkIndex = index;
        calls.push(call);
        this.launch(call);
      });
    });
  }

  /**
   * Graceful: takes no new requests, lets pending ones finish, then closes every connection. With
   * `force`, pending requests fail with `CanceledError` first. Resolves once no socket or timer is left.
   */
  close(options?: CloseOptions): Promise<void> {
    const force = options?.force === true;
    if (this.closing !== undefined && !force) return this.closing;
    const drained = this.core.drain(force);
    if (this.closing === undefined) {
      this.closing = drained.then(async () => {
        this.core.stopTimers();
        this.core.disconnectAll(new ConnectionError("ECONNCLOSED", "client closed"));
        await Promise.all(this.core.servers.map((server) => server.connection.whenClosed()));
        unregister(this.registration);
      });
    }
    return this.closing;
  }

  /** Drops this client's connections (the registry's hook for `disconnectAll`). */
  disconnectAll(): void {
    this.core.disconnectAll(new ConnectionError("ECONNCLOSED", "connection dropped by disconnectAll()"));
  }

  stats(): ClientStats {
    const { inFlight, queued } = this.core.pending;
    return {
      inFlight,
      queued,
      servers: this.core.servers.map((server) => ({
        ...server.counters,
        address: server.address,
        up: server.up && !server.probing,
        probing: server.probing,
        connected: server.connection.isOpen,
        inFlight: server.slots.inFlight,
        queued: server.slots.queued,
      })),
    };
  }

  private makeCall(message: Sendable, options: SendOptions | undefined): Call | Error {
    try {
      if (message === null || typeof message !== "object") throw new ArgumentError("message must be an object");
      // Raw forms are told apart here, once: an `instanceof` per request costs a prototype walk.
      const raw = isRequest(message) ? undefined : new RawRequest(message as RawMessage<unknown>);
      const request = raw ?? (message as IProtoRequest<unknown>);
      const terms = this.core.terms.resolve(options, request, raw);
      if (this.core.isClosing) return new ClientClosedError("client is closed", { msg: request.msg, tries: 0, mayHaveExecuted: false });
      const call = new Call(request, terms);
      const signal = options?.signal ?? raw?.signal;
      if (signal !== undefined) call.more().signal = signal;
      return call;
    } catch (error) {
      return error instanceof Error ? error : new ArgumentError(String(error));
    }
  }

  private launch(call: Call): void {
    const extras = call.extras;
    if (extras === undefined) return this.core.start(call);
    const signal = extras.signal;
    // While `send` runs, a callback is deferred: it is never called before `send` returns.
    extras.starting = true;
    if (signal?.aborted === true) {
      this.core.reject(call, new CanceledError("request aborted before it was sent", { msg: call.request.msg, tries: 0, mayHaveExecuted: false, cause: signal.reason }));
    } else {
      if (signal !== undefined) {
        extras.onAbort = () => this.core.abort(call, signal.reason);
        signal.addEventListener("abort", extras.onAbort, { once: true });
      }
      this.core.start(call);
    }
    extras.starting = false;
  }
}
