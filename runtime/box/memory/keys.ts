/**
 * Key parts as Tarantool 1.5 sees them: validated by size (NUM is 4 bytes, NUM64 8 — or 4, which the
 * server widens), and ordered the way its TREE indexes order them: NUM as u32 LE, NUM64 as u64 LE, STR
 * as bytes by memcmp and then by length.
 */
import type { BoxKeyType, IndexDescriptor } from "../space/types.js";
import { boxFault } from "./fault.js";

/** The numeric value of a NUM or NUM64 part (little-endian, 4 or 8 bytes). */
export function partNumber(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
  return value;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}

export function comparePart(type: BoxKeyType, a: Uint8Array, b: Uint8Array): number {
  if (type === "STR") return compareBytes(a, b);
  const x = partNumber(a);
  const y = partNumber(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Compares the first `key.length` parts of `full` with `key` (a TREE prefix compares only what it has). */
export function compareKeys(index: IndexDescriptor, full: readonly Uint8Array[], key: readonly Uint8Array[]): number {
  const n = Math.min(full.length, key.length);
  for (let i = 0; i < n; i++) {
    const c = comparePart(index.parts[i]!.type, full[i]!, key[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

/** The server's size check of one part (key_validate_parts): ER_KEY_FIELD_TYPE naming u32 or u64. */
export function checkPartSize(type: BoxKeyType, bytes: Uint8Array): void {
  if (type === "NUM" && bytes.length !== 4) throw boxFault("ER_KEY_FIELD_TYPE", "u32");
  // A 4-byte NUM64 key is accepted: the server widens it (proven against Tarantool 1.5.5).
  if (type === "NUM64" && bytes.length !== 8 && bytes.length !== 4) throw boxFault("ER_KEY_FIELD_TYPE", "u64");
}

/** A SELECT key: a TREE index takes any prefix (0 parts: everything), a HASH index all parts. */
export function validateSearchKey(index: IndexDescriptor, key: readonly Uint8Array[]): void {
  const parts = index.parts.length;
  if (key.length > parts) throw boxFault("ER_KEY_PART_COUNT", parts, key.length);
  if (index.kind === "hash" && key.length < parts) throw boxFault("ER_EXACT_MATCH", parts, key.length);
  key.forEach((part, i) => checkPartSize(index.parts[i]!.type, part));
}

/** A primary key for UPDATE and DELETE: exactly all parts. */
export function validateExactKey(index: IndexDescriptor, key: readonly Uint8Array[]): void {
  if (key.length !== index.parts.length) throw boxFault("ER_EXACT_MATCH", index.parts.length, key.length);
  key.forEach((part, i) => checkPartSize(index.parts[i]!.type, part));
}

/** The index's key of a stored tuple. */
export function tupleKey(index: IndexDescriptor, tuple: readonly Uint8Array[]): Uint8Array[] {
  return index.parts.map((p) => tuple[p.field]!);
}
