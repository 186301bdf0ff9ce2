/**
 * Which format an input is, from its bytes alone: capture files by their magic, text by its
 * characters (then Perl dump lines or hex), and a raw iproto stream by a plausible first header.
 */
import { CaptureError } from "./errors.js";
import { readHexText, type HexText } from "./hex-text.js";
import { resolveOptions, type ReadOptions, type ResolvedOptions } from "./options.js";
import { isPcapng } from "./pcapng.js";
import { pcapVariant } from "./pcap.js";
import { looksLikePerlDump } from "./perl-dump.js";
import type { CaptureFormat } from "./types.js";

export interface Detected {
  readonly format: CaptureFormat;
  /** The input as text, for the text formats. */
  readonly text?: string;
  /** Decoded hex, when the format is "hex" (computed once, while detecting). */
  readonly hex?: HexText;
}

/** Text has no control characters but tab, line breaks and form feed; iproto headers are full of zeros. */
export function isText(input: Uint8Array): boolean {
  for (const byte of input) {
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0b && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) return false;
  }
  return true;
}

function plausibleStreamStart(input: Uint8Array, options: ResolvedOptions): boolean {
  if (input.length < 12) return false;
  const word = (at: number): number => ((input[at] ?? 0) | ((input[at + 1] ?? 0) << 8) | ((input[at + 2] ?? 0) << 16) | ((input[at + 3] ?? 0) << 24)) >>> 0;
  const header = { msg: word(0), length: word(4), sync: word(8) };
  if (header.length > options.maxFrameSize) return false;
  return options.isPlausible === undefined || options.isPlausible(header, "unknown");
}

export function detect(input: Uint8Array, options: ResolvedOptions): Detected {
  if (input.length === 0) throw new CaptureError("EMPTY_INPUT", "the input is empty");
  const forced = options.format;
  if (pcapVariant(input) !== undefined && (forced === undefined || forced === "pcap")) return { format: "pcap" };
  if (isPcapng(input) && (forced === undefined || forced === "pcapng")) return { format: "pcapng" };
  if (forced === "pcap" || forced === "pcapng") throw new CaptureError("UNKNOWN_FORMAT", `the input does not start with a ${forced} magic number`);
  if (forced === "raw") return { format: "raw" };
  if (forced === "perl-dump" || forced === "hex" || isText(input)) {
    const text = new TextDecoder("utf-8").decode(input);
    if (forced === "perl-dump" || (forced === undefined && looksLikePerlDump(text))) return { format: "perl-dump", text };
    const hex = readHexText(text);
    if (forced === "hex" || hex.bytes.length > 0) return { format: "hex", text, hex };
    throw new CaptureError("UNKNOWN_FORMAT", "the input is text without hex bytes or MR::IProto dump lines");
  }
  if (plausibleStreamStart(input, options)) return { format: "raw" };
  throw new CaptureError(
    "UNKNOWN_FORMAT",
    "the input is not a pcap or pcapng file, hex text, an MR::IProto dump, or a raw iproto stream (its first 12 bytes are not a plausible header)",
  );
}

/** The format `readFrames` would read `input` as; throws `CaptureError` when none fits. */
export function detectFormat(input: Uint8Array, options?: ReadOptions): CaptureFormat {
  return detect(input, resolveOptions(options)).format;
}
