/**
 * The input layer of `iprotoc decode`: what an engineer has during an incident (a tcpdump capture,
 * a hex paste, an MR::IProto debug log, a raw stream) turned into iproto frames. See docs/capture.md.
 */
export { readFrames } from "./read-frames.js";
export { detectFormat } from "./detect.js";
export { CaptureError } from "./errors.js";
export type { CaptureErrorCode } from "./errors.js";
export { DEFAULT_MAX_FRAME_SIZE, DEFAULT_MAX_OUT_OF_ORDER_BYTES, DEFAULT_MAX_CONNECTIONS } from "./options.js";
export type { ReadOptions } from "./options.js";
export type {
  Anomaly,
  AnomalyKind,
  CaptureFormat,
  CaptureItem,
  CloseReason,
  ConnectionClosed,
  ConnectionId,
  ConnectionOpened,
  Direction,
  Endpoint,
  Frame,
  IProtoHeader,
  Location,
  Timestamp,
} from "./types.js";
