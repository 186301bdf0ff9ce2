/**
 * Tarantool 1.5 stores fields as opaque bytes; MR::Tarantool::Box gives each space a pack() format
 * (`format => "L$L"`) to turn them into Perl values. This is the same idea, typed: a space's format
 * is a list of field kinds, and tuples convert between JavaScript values and wire fields.
 */
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder("utf-8", { fatal: true });

/** `num`: u32 little-endian (Perl `L`); `num64`: u64 (Perl `Q`); `str`: UTF-8 bytes (Perl `$`). */
export type FieldKind = "num" | "num64" | "str";

export type FieldValue<K extends FieldKind> = K extends "num" ? number : K extends "num64" ? bigint : string;

export type TupleValues<F extends readonly FieldKind[]> = { -readonly [I in keyof F]: FieldValue<F[I]> };

export function encodeField(kind: FieldKind, value: number | bigint | string): Uint8Array {
  switch (kind) {
    case "num": {
      const bytes = new Uint8Array(4);
      new DataView(bytes.buffer).setUint32(0, Number(value), true);
      return bytes;
    }
    case "num64": {
      const bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setBigUint64(0, BigInt(value), true);
      return bytes;
    }
    case "str":
      return textEncoder.encode(String(value));
  }
}

export function decodeField(kind: FieldKind, bytes: Uint8Array): number | bigint | string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (kind) {
    case "num":
      return bytes.length === 4 ? view.getUint32(0, true) : `<${bytes.length} bytes>`;
    case "num64":
      return bytes.length === 8 ? view.getBigUint64(0, true) : `<${bytes.length} bytes>`;
    case "str":
      return textDecoder.decode(bytes);
  }
}

/** Packs a tuple's values by the space's format; fields past the format use its last kind (as Box does). */
export function packTuple<F extends readonly FieldKind[]>(format: F, values: TupleValues<F>): Uint8Array[] {
  return values.map((value, i) => encodeField(kindAt(format, i), value as number | bigint | string));
}

export function unpackTuple(format: readonly FieldKind[], fields: readonly Uint8Array[]): (number | bigint | string)[] {
  return fields.map((field, i) => decodeField(kindAt(format, i), field));
}

function kindAt(format: readonly FieldKind[], index: number): FieldKind {
  const kind = format[Math.min(index, format.length - 1)];
  if (kind === undefined) throw new RangeError("a tuple format needs at least one field kind");
  return kind;
}
