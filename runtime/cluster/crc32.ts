/**
 * CRC-32 (IEEE 802.3, reflected, the zlib/Digest::CRC `crc32`), as MR::IProto::Cluster hashes keys.
 * The optional second argument is Digest::CRC's: `crc32($data, $init)` continues a CRC whose value so
 * far is `$init` (so crc32("ab") === crc32("b", crc32("a"))). MR::IProto's hash probing calls it with a
 * 16-bit init that is not a CRC of anything; it means the same thing there.
 */

const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 of `data` as an unsigned 32-bit number; `seed` (a uint32) continues from that CRC value. */
export function crc32(data: Uint8Array, seed?: number): number {
  // Digest::CRC's continuation undoes the final xor: the register starts at init ^ 0xFFFFFFFF.
  let crc = seed === undefined ? -1 : ~seed;
  for (let i = 0; i < data.length; i++) crc = TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

const ascii = new TextEncoder();

/** CRC-32 of a string's UTF-8 bytes (ketama point names and probe numbers are ASCII). */
export function crc32Text(text: string, seed?: number): number {
  return crc32(ascii.encode(text), seed);
}
