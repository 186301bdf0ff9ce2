/**
 * MemoryBox errors are the very ServerError a client gets from a real Tarantool 1.5 reply, so that
 * `isBoxError(error, "ER_TUPLE_FOUND")` and `error.returnCode` work the same whether a unit test calls the
 * engine directly or through the wire. The text is the server's printf template filled in.
 */
import { ServerError } from "../../core/errors.js";
import { BoxErrorCode, BOX_ERRORS, type BoxErrorName } from "../errors/errcodes.js";

/** Fills `%u`, `%s` and `%.*s` as the server's printf does (only the conversions its templates use). */
function format(template: string, args: readonly (string | number)[]): string {
  let next = 0;
  return template.replace(/%(?:\.\*)?[us]/g, () => String(args[next++] ?? ""));
}

/** A Box error as the real server would reply it: return code `(code << 8) | severity`, filled-in text. */
export function boxFault(name: BoxErrorName, ...args: (string | number)[]): ServerError {
  const info = BOX_ERRORS[BoxErrorCode[name]]!;
  return new ServerError(((info.code << 8) | info.severity) >>> 0, format(info.message, args), info.severity === 1);
}

/** ER_ILLEGAL_PARAMS with the server's reason ("packet too short", "can't unpack request", ...). */
export function illegal(reason: string): ServerError {
  return boxFault("ER_ILLEGAL_PARAMS", reason);
}
