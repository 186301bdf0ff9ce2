/**
 * The capture reader's entry point: detect the input's format, then yield its iproto frames and what
 * went wrong around them, in capture order.
 */
import { detect } from "./detect.js";
import { readHexText } from "./hex-text.js";
import { resolveOptions, type ReadOptions, type ResolvedOptions } from "./options.js";
import { framesFromPackets } from "./packet-frames.js";
import { isPcapng, readPcapng } from "./pcapng.js";
import { pcapVariant, readPcap } from "./pcap.js";
import { framesFromPerlDump } from "./perl-dump-frames.js";
import { framesFromStream } from "./stream-frames.js";
import type { CaptureItem } from "./types.js";

/**
 * Reads `input` as whatever it is (pcap, pcapng, hex text, MR::IProto debug dump, raw iproto stream).
 * Throws `CaptureError` at once when the input is no recognised format or an option is invalid; the
 * iteration itself never throws on the content (anomalies are items), never reads out of bounds, and
 * keeps at most about `maxFrameSize` (plus `maxOutOfOrderBytes`) per stream direction.
 */
export function readFrames(input: Uint8Array, options?: ReadOptions): Generator<CaptureItem> {
  const resolved = resolveOptions(options);
  const detected = detect(input, resolved);
  switch (detected.format) {
    case "pcap":
      return framesFromPackets(readPcap(input), resolved);
    case "pcapng":
      return framesFromPackets(readPcapng(input), resolved);
    case "raw":
      return framesFromStream(input, "raw stream", resolved);
    case "perl-dump":
      return framesFromPerlDump(detected.text ?? "", resolved);
    case "hex":
      return framesFromHex(detected.hex ?? readHexText(detected.text ?? ""), resolved);
  }
}

/** Hex may spell out a whole capture file (`xxd capture.pcap`): read it as one then. */
function framesFromHex(hex: ReturnType<typeof readHexText>, options: ResolvedOptions): Generator<CaptureItem> {
  if (pcapVariant(hex.bytes) !== undefined) return framesFromPackets(readPcap(hex.bytes), options);
  if (isPcapng(hex.bytes)) return framesFromPackets(readPcapng(hex.bytes), options);
  return framesFromStream(hex.bytes, "hex stream", options, hex.spans);
}
