/**
 * The schema-driven codec behind `iprotoc decode` and `iprotoc call`: bodies decoded and encoded by
 * walking the checked model (no generated code), with the runtime's primitives, to the same bytes and
 * values generated code has; and the JSON mapping both commands print and read (docs/cli.md).
 */
export { BodyDecoder, type FieldNote } from "./value-decode.js";
export { BodyEncoder } from "./value-encode.js";
export { Scope, type WireObject, type WireValue } from "./values.js";
export {
  decodeReply, decodeRequest, encodeRequest, encodeResponse, requestName, responseName, successEnvelope,
  type DecodedBody, type ServerFailure,
} from "./message-codec.js";
export { JsonInputError, fromJson, layoutFromJson, layoutToJson, toJson, type BytesEncoding, type Json, type JsonOptions } from "./json-mapping.js";
export { SchemaIndex, messageLabel } from "./schema-index.js";
export { FrameDecoder, typeText, timeText, type DecodeRecord, type EventRecord, type FieldRecord, type FrameRecord } from "./frame-decoder.js";
export { recordText } from "./render-text.js";
export { InterpretedRequest } from "./interpreted-request.js";
