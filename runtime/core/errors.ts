/**
 * Every error the runtime raises: one class per failure, each with a stable `code`. Users switch on
 * `code` (or `instanceof`); messages are for people and may change.
 */

export type IProtoErrorCode =
  | "ETIMEDOUT"
  | "ECONNREFUSED"
  | "ECONNRESET"
  | "ECONNCLOSED"
  | "EPROTO"
  | "ECANCELED"
  | "EQUEUEFULL"
  | "ENOSERVERS"
  | "ECLOSED"
  | "ESERVER"
  | "EDECODE"
  | "EENCODE"
  | "EHANDLER"
  | "EINVAL";

/** Facts about the request that failed, when there was one. */
export interface RequestFacts {
  /** `host:port` of the server the last try went to. */
  readonly server?: string | undefined;
  /** iproto message code. */
  readonly msg?: number | undefined;
  /** Tries made, including the one that failed. */
  readonly tries?: number | undefined;
  /**
   * Whether the request's bytes may have reached the server (so it may have executed). `false` means it
   * certainly did not: safe to send again even if the message is not retryable.
   */
  readonly mayHaveExecuted?: boolean | undefined;
  readonly cause?: unknown;
}

export class IProtoError extends Error {
  override readonly name: string = "IProtoError";
  readonly code: IProtoErrorCode;
  readonly server: string | undefined;
  readonly msg: number | undefined;
  readonly tries: number | undefined;
  readonly mayHaveExecuted: boolean | undefined;

  constructor(code: IProtoErrorCode, message: string, facts: RequestFacts = {}) {
    super(message, facts.cause === undefined ? undefined : { cause: facts.cause });
    this.code = code;
    this.server = facts.server;
    this.msg = facts.msg;
    this.tries = facts.tries;
    this.mayHaveExecuted = facts.mayHaveExecuted;
  }
}

/**
 * IProtoServer: a handler misbehaved — its result is not a reply (`EHANDLER`: a reply is a Uint8Array, or
 * undefined for none) or it ran past `handlerTimeout` (`ETIMEDOUT`). Reported through `onError`, naming
 * the request's msg and sync; the connection and the process stay up.
 */
export class HandlerError extends IProtoError {
  override readonly name = "HandlerError";
  constructor(
    code: "EHANDLER" | "ETIMEDOUT",
    message: string,
    readonly sync: number,
    facts: RequestFacts = {},
  ) {
    super(code, message, facts);
  }
}

/** The request's deadline passed before its reply arrived. */
export class TimeoutError extends IProtoError {
  override readonly name = "TimeoutError";
  constructor(message = "request timed out", facts: RequestFacts = {}) {
    super("ETIMEDOUT", message, facts);
  }
}

/** Connecting failed, or the connection broke. `code` says which (ECONNREFUSED, ECONNRESET, ECONNCLOSED). */
export class ConnectionError extends IProtoError {
  override readonly name = "ConnectionError";
  constructor(
    code: "ECONNREFUSED" | "ECONNRESET" | "ECONNCLOSED",
    message: string,
    facts: RequestFacts = {},
  ) {
    super(code, message, facts);
  }
}

/** The peer broke the protocol: bad frame length, a reply with another message code, … */
export class ProtocolError extends IProtoError {
  override readonly name: string = "ProtocolError";
  constructor(message: string, facts: RequestFacts = {}) {
    super("EPROTO", message, facts);
  }
}

/**
 * IProtoServer, a generated dispatcher: the handler has no method for the request's message. Reported
 * through `onError`. With a partial dispatcher (`{ partial: true }`), `reply` is the answer the server
 * sent at once — the envelope's error reply, or an empty body where no response can be empty — so the
 * client fails now instead of at its deadline; undefined when nothing could be answered.
 */
export class NotImplementedError extends ProtocolError {
  override readonly name = "NotImplementedError";
  constructor(
    readonly service: string,
    readonly method: string,
    msg: number,
    readonly reply: Uint8Array | undefined,
  ) {
    super(`the ${service} handler does not implement ${method}${reply === undefined ? "" : " (answered at once)"}`, { msg });
  }
}

/** The caller aborted the request (AbortSignal) or closed the client with `force`. */
export class CanceledError extends IProtoError {
  override readonly name = "CanceledError";
  constructor(message = "request canceled", facts: RequestFacts = {}) {
    super("ECANCELED", message, facts);
  }
}

/** The client's queue of waiting requests is full. */
export class QueueFullError extends IProtoError {
  override readonly name = "QueueFullError";
  constructor(message = "request queue is full", facts: RequestFacts = {}) {
    super("EQUEUEFULL", message, facts);
  }
}

/** No server could take the request. */
export class NoServersError extends IProtoError {
  override readonly name = "NoServersError";
  constructor(message = "no server is available", facts: RequestFacts = {}) {
    super("ENOSERVERS", message, facts);
  }
}

/** The client was closed before the request could be sent. */
export class ClientClosedError extends IProtoError {
  override readonly name = "ClientClosedError";
  constructor(message = "client is closed", facts: RequestFacts = {}) {
    super("ECLOSED", message, facts);
  }
}

/** The server answered with an error in the response envelope (e.g. Box's non-zero return code). */
export class ServerError extends IProtoError {
  override readonly name = "ServerError";
  /** The envelope's return code, as sent. */
  readonly returnCode: number;
  /** The envelope's error message, as sent. */
  readonly serverMessage: string;
  /** The envelope says the error is temporary: the request may be retried. */
  readonly temporary: boolean;

  constructor(
    returnCode: number,
    serverMessage: string,
    temporary: boolean,
    facts: RequestFacts = {},
  ) {
    super("ESERVER", `server error 0x${returnCode.toString(16).padStart(8, "0")}: ${serverMessage}`, facts);
    this.returnCode = returnCode;
    this.serverMessage = serverMessage;
    this.temporary = temporary;
  }
}

/** A body could not be decoded: truncated, malformed or inconsistent. Never a partial value. */
export class DecodeError extends IProtoError {
  override readonly name = "DecodeError";
  /** Message or struct being decoded, e.g. `SelectResponse`. */
  readonly messageName: string;
  /** Field path within it, e.g. `tuples[3].fields[1]`. */
  readonly path: string;
  /** Byte offset within the body where decoding failed. */
  readonly offset: number;

  constructor(messageName: string, path: string, offset: number, reason: string) {
    super("EDECODE", `cannot decode ${messageName}${path ? `.${path}` : ""} at byte ${offset}: ${reason}`);
    this.messageName = messageName;
    this.path = path;
    this.offset = offset;
  }
}

/** A value does not fit its wire type (300 in a u8, a too-long fixed string, a count over its prefix). */
export class EncodeError extends IProtoError {
  override readonly name = "EncodeError";
  readonly messageName: string;
  readonly path: string;

  constructor(messageName: string, path: string, reason: string) {
    super("EENCODE", `cannot encode ${messageName}${path ? `.${path}` : ""}: ${reason}`);
    this.messageName = messageName;
    this.path = path;
  }
}

/**
 * A Perl `pack`/`unpack` template the runtime cannot use: a syntax error, an unsupported letter or
 * modifier, a misplaced `/`. Raised when the template is compiled, before any byte is touched (or, for a
 * `/` that only Perl's group quirks make misplaced, when pack or unpack reaches it).
 */
export class TemplateError extends IProtoError {
  override readonly name = "TemplateError";
  /** The template as given. */
  readonly template: string;
  /** Character offset in the template where the problem was found. */
  readonly position: number;

  constructor(template: string, position: number, reason: string) {
    super("EINVAL", `bad pack template ${JSON.stringify(template)} at ${position}: ${reason}`);
    this.template = template;
    this.position = position;
  }
}

/**
 * An argument the runtime cannot work with, found before any I/O: a malformed server list, a hash or
 * ketama balanced request without a key.
 */
export class ArgumentError extends IProtoError {
  override readonly name = "ArgumentError";
  constructor(message: string) {
    super("EINVAL", message);
  }
}
