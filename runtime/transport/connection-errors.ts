/** Turns socket-level failures into the runtime's typed errors, and re-issues them with a request's facts. */
import {
  ConnectionError,
  IProtoError,
  ProtocolError,
  TimeoutError,
  type RequestFacts,
} from "../core/errors.js";

/** A socket error while connecting or connected, as a connection-level error (no request facts yet). */
export function socketError(error: NodeJS.ErrnoException, address: string, connected: boolean): IProtoError {
  const code = error.code ?? "";
  if (!connected) {
    return new ConnectionError("ECONNREFUSED", `cannot connect to ${address}: ${code || error.message}`, {
      server: address,
      cause: error,
    });
  }
  return new ConnectionError("ECONNRESET", `connection to ${address} failed: ${code || error.message}`, {
    server: address,
    cause: error,
  });
}

export function closedByPeer(address: string): IProtoError {
  return new ConnectionError("ECONNCLOSED", `connection closed by ${address}`, { server: address });
}

export function connectTimedOut(address: string, ms: number): IProtoError {
  return new TimeoutError(`connect to ${address} timed out after ${ms} ms`, { server: address });
}

/**
 * The same failure, for one request: same class, code and message, with the request's facts. The
 * connection-level error becomes the cause, so its own cause (the socket error) stays reachable.
 */
export function forRequest(error: IProtoError, facts: RequestFacts): IProtoError {
  const all: RequestFacts = { ...facts, cause: error };
  if (error instanceof ConnectionError) {
    return new ConnectionError(error.code as "ECONNREFUSED" | "ECONNRESET" | "ECONNCLOSED", error.message, all);
  }
  if (error instanceof TimeoutError) return new TimeoutError(error.message, all);
  if (error instanceof ProtocolError) return new ProtocolError(error.message, all);
  return new IProtoError(error.code, error.message, all);
}

export function peerStalled(address: string, unsent: number): IProtoError {
  return new ConnectionError("ECONNRESET", `${address} stopped reading: ${unsent} bytes unsent`, { server: address });
}
