/** `@iprotoc/runtime`: what generated code and users import (the `iprotoc` package re-exports it as `iprotoc/runtime`). */
export * from "./core/errors.js";
export * from "./core/message.js";
export * from "./codec/index.js";
// Framing (runtime/framing): the iproto header, what a generated service client sends through, what its
// Request classes extend, the type of their Response values, and the server side of their bodies.
export { HEADER_SIZE, writeHeader, writePacketHeader } from "./framing/header.js";
export type { IProtoSender } from "./framing/sender.js";
export { RequestBase, requestFacts, type RequestClass } from "./framing/request-base.js";
export { decodeRequestBody, encodeResponseBody, encodeResponseBodyFor, type LayoutReader, type ReplyEnvelope } from "./framing/body.js";
export type { ResponseCodec, ResponseCodecFor } from "./framing/response.js";
// Transport, client and server (runtime/transport, runtime/client, runtime/server).
export { IProtoClient } from "./client/client.js";
export type { CloseOptions, ClientStats, ServerStats, Sendable, ResponseOfMessage } from "./client/client.js";
export type { SendOptions } from "./client/call-options.js";
export type { IProtoClientOptions, ServerOptions } from "./client/options.js";
export type { RawMessage, RawTemplateMessage } from "./client/raw-request.js";
export type { BulkResult, SendCallback } from "./client/call.js";
export type { ServerCounters } from "./client/server-state.js";
export { CHANNELS } from "./client/diagnostics.js";
export type {
  RequestStartEvent,
  RequestEndEvent,
  RequestErrorEvent,
  RequestRetryEvent,
  ServerUpEvent,
  ServerDownEvent,
} from "./client/diagnostics.js";
export { IProtoServer } from "./server/server.js";
export { dispatcher, route } from "./server/dispatch.js";
export type { PartialDispatcherOptions, Route } from "./server/dispatch.js";
export type { IProtoServerOptions, ServerAddress } from "./server/server.js";
export { FrameParser, DEFAULT_MAX_FRAME_SIZE } from "./transport/frame-parser.js";
export { DebugLevel, hexDump } from "./transport/debug-log.js";
export type { DebugSink } from "./transport/debug-log.js";
// Perl-compatible pack/unpack templates (runtime/pack).
export { pack, unpack, compileTemplate } from "./pack/index.js";
export type { PackOptions, PackValue, UnpackOptions, CompiledTemplate } from "./pack/index.js";
// Balancing with MR::IProto::Cluster parity (runtime/cluster). The cluster's server address is exported
// as ClusterServer: `ServerAddress` is the name IProtoServer's listen() address already has here.
export { createBalancer, crc32, parseServers } from "./cluster/index.js";
export type { Balancer, BalanceMode, BalancerOptions, ServerAddress as ClusterServer } from "./cluster/index.js";
// MR::Tarantool::Box tuple formats for the generated Box client's fields (runtime/box).
export { boxTupleFormat } from "./box/tuple-format.js";
export { BOX_ERRORS, BoxErrorCode, boxErrorCode, boxErrorInfo, boxErrorName, isBoxError, type BoxErrorInfo, type BoxErrorName } from "./box/errors/errcodes.js";
export type { BoxTupleFormat } from "./box/tuple-format.js";
// Typed Box spaces (runtime/box/space): what code generated from `space` and `procedure` declarations
// builds on — the Box operations over the space's generated codecs, and the contract those codecs meet.
export { BoxSpace, type BoxWriteOptions, type BoxSelectOptions } from "./box/space/space.js";
export { boxCall } from "./box/space/call.js";
export { BoxInsertRequest, BoxSelectRequest, BoxUpdateRequest, BoxDeleteRequest, BoxCallRequest, BoxFlag, LIMIT_ALL } from "./box/space/operations.js";
export { checkCardinality, checkReturnCode, type BoxReply } from "./box/space/reply.js";
export { rawTuple } from "./box/space/raw-tuple.js";
export { UPDATE_OPS, spliceSize, writeSplice, writeUpdateHead, type UpdateOpName } from "./box/space/update-ops.js";
export type { BoxKeyType, TupleCodec, KeyCodec, UpdateCodec, SpaceDescriptor, SpaceFieldDescriptor, IndexDescriptor } from "./box/space/types.js";

export type {
  BoxFieldLetter,
  BoxFieldValue,
  BoxFieldInput,
  BoxLetterValue,
  BoxLetterInput,
  BoxTupleValues,
  BoxTupleInput,
  BoxFormatCheck,
} from "./box/format-types.js";
// MemoryBox (runtime/box/memory): an in-memory Tarantool 1.5 Box for users' unit tests, configured by the
// SpaceDescriptors generated code hands over; `handler()` serves the Box wire protocol through IProtoServer.
export { MemoryBox, type MemoryBoxOptions, type MemoryChange, type MemoryProcedure, type MemorySelectOptions } from "./box/memory/memory-box.js";
export { spliceArgument, type MemoryUpdateOp } from "./box/memory/update.js";
