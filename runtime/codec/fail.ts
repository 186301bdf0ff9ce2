/**
 * Constructors for the errors generated code throws. They live here, not in generated code, so every
 * message reads the same and the generated functions stay small; throwing sites are cold paths.
 */
import { DecodeError, EncodeError, ProtocolError } from "../core/errors.js";
import { VARINT_NONCANONICAL, VARINT_OVERFLOW } from "./varint.js";

export function truncated(name: string, path: string, offset: number, need: number, end: number): DecodeError {
  const left = Math.max(0, end - offset);
  return new DecodeError(name, path, offset, `needs ${need} bytes, ${left} left`);
}

/** A count or length claims more than the rest of the body could hold. */
export function tooLarge(name: string, path: string, offset: number, what: string, value: number | bigint, left: number): DecodeError {
  return new DecodeError(name, path, offset, `${what} ${value} exceeds the ${Math.max(0, left)} bytes left`);
}

export function varintFailure(name: string, path: string, offset: number, code: number | bigint): DecodeError {
  const c = Number(code);
  const reason =
    c === VARINT_OVERFLOW
      ? "varint too large for its type"
      : c === VARINT_NONCANONICAL
        ? "non-canonical varint (leading 0x80)"
        : "truncated varint";
  return new DecodeError(name, path, offset, reason);
}

export function badValue(name: string, path: string, offset: number, reason: string): DecodeError {
  return new DecodeError(name, path, offset, reason);
}

export function badUtf8(name: string, path: string, offset: number): DecodeError {
  return new DecodeError(name, path, offset, "invalid UTF-8");
}

export function unterminated(name: string, path: string, offset: number): DecodeError {
  return new DecodeError(name, path, offset, "no NUL terminator before the end");
}

/** Content behind a size (a size prefix or a `sizeof` field) did not end exactly where the size said. */
export function boundMismatch(name: string, path: string, offset: number, bound: number): DecodeError {
  return new DecodeError(name, path, offset, `content ends at byte ${offset}, its size says ${bound}`);
}

export function trailingBytes(name: string, offset: number, end: number): DecodeError {
  return new DecodeError(name, "", offset, `${end - offset} bytes left over after the last field`);
}

export function tooDeep(name: string, path: string, offset: number): DecodeError {
  return new DecodeError(name, path, offset, "structs nested too deep");
}

export function noProgress(name: string, path: string, offset: number): DecodeError {
  return new DecodeError(name, path, offset, "an item of a rest-of-body array took no bytes");
}

function joinPath(prefix: string, path: string): string {
  if (path === "") return prefix;
  if (prefix === "") return path;
  return path.startsWith("[") ? prefix + path : `${prefix}.${path}`;
}

/**
 * Re-labels an error from a nested struct decoder with the outer message and the field path leading to
 * the struct. Anything that is not a DecodeError passes through unchanged.
 */
export function nestDecodeError(e: unknown, name: string, prefix: string): unknown {
  if (!(e instanceof DecodeError)) return e;
  const head = `cannot decode ${e.messageName}${e.path ? `.${e.path}` : ""} at byte ${e.offset}: `;
  const reason = e.message.startsWith(head) ? e.message.slice(head.length) : e.message;
  return new DecodeError(name, joinPath(prefix, e.path), e.offset, reason);
}

export function nestEncodeError(e: unknown, name: string, prefix: string): unknown {
  if (!(e instanceof EncodeError)) return e;
  const head = `cannot encode ${e.messageName}${e.path ? `.${e.path}` : ""}: `;
  const reason = e.message.startsWith(head) ? e.message.slice(head.length) : e.message;
  return new EncodeError(name, joinPath(prefix, e.path), reason);
}

function show(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  return String(value);
}

export function outOfRange(name: string, path: string, value: unknown, type: string): EncodeError {
  return new EncodeError(name, path, `${show(value)} does not fit ${type}`);
}

export function tooLong(name: string, path: string, size: number, max: number): EncodeError {
  return new EncodeError(name, path, `${size} bytes do not fit in ${max}`);
}

export function lengthMismatch(name: string, path: string, given: number | bigint, actual: number): EncodeError {
  return new EncodeError(name, path, `its length field says ${given}, the value has ${actual}`);
}

export function missingField(name: string, path: string): EncodeError {
  return new EncodeError(name, path, "is required here (its condition holds) but was not given");
}

export function nulInside(name: string, path: string): EncodeError {
  return new EncodeError(name, path, "contains a NUL byte, which a NUL-terminated field cannot carry");
}

export function notAnError(name: string, code: unknown): EncodeError {
  return new EncodeError(name, "", `return code ${show(code)} does not signal an error in the envelope`);
}

/** The encoder wrote a different number of bytes than it sized: the value changed while encoding. */
export function sizeChanged(name: string, expected: number, actual: number): EncodeError {
  return new EncodeError(name, "", `sized ${expected} bytes but wrote ${actual} (was the value mutated?)`);
}

/**
 * A fixed run of fields did not fit: names the first field of the run that runs past the end. `fields`
 * lists "name offset width" for each field of the run, space-separated (parsed only on this cold path).
 */
export function truncatedIn(name: string, prefix: string, runStart: number, end: number, fields: string): DecodeError {
  const left = end - runStart;
  const parts = fields.split(" ");
  for (let i = 0; i + 2 < parts.length; i += 3) {
    const off = Number(parts[i + 1]);
    const width = Number(parts[i + 2]);
    if (off + width > left) return truncated(name, joinPath(prefix, parts[i]!), runStart + off, width, end);
  }
  return truncated(name, prefix, runStart, 0, end);
}

/** A generated dispatcher got a message code its service does not define. */
export function unknownMessage(service: string, msg: number): ProtocolError {
  return new ProtocolError(`service ${service} has no message with code ${msg}`, { msg });
}

