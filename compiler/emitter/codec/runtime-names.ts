/**
 * The names generated code imports from `@iprotoc/runtime`, tied to what runtime/index.ts exports: a helper
 * misspelt in the emitter, or removed from the runtime, is a compile error of the compiler instead of a
 * failure of the code it generates. The import is type-only: the emitter loads no runtime code.
 */
import type * as Runtime from "../../../runtime/index.js";

/** A value (function, class or constant) the runtime exports. */
export type RuntimeValue = keyof typeof Runtime;

/**
 * The runtime types generated code names, each with the definition it stands for (TypeScript can't list a
 * module's type exports, so this table does; a type missing from the runtime fails here).
 */
interface RuntimeTypes {
  readonly DecodeCursor: Runtime.DecodeCursor;
  readonly IProtoHandler: Runtime.IProtoHandler;
  readonly IProtoRequest: Runtime.IProtoRequest;
  readonly IProtoSender: Runtime.IProtoSender;
  readonly PartialDispatcherOptions: Runtime.PartialDispatcherOptions;
  readonly ReplyEnvelope: Runtime.ReplyEnvelope<unknown>;
  readonly Route: Runtime.Route;
  readonly ServerConnectionInfo: Runtime.ServerConnectionInfo;
  readonly ServerError: Runtime.ServerError;
  readonly TupleCodec: Runtime.TupleCodec<unknown>;
  readonly KeyCodec: Runtime.KeyCodec<readonly unknown[]>;
  readonly UpdateCodec: Runtime.UpdateCodec<unknown>;
  readonly SpaceDescriptor: Runtime.SpaceDescriptor;
  readonly BoxWriteOptions: Runtime.BoxWriteOptions;
  readonly BoxSelectOptions: Runtime.BoxSelectOptions;
}

/** A type the runtime exports that generated code names. */
export type RuntimeType = keyof RuntimeTypes;
