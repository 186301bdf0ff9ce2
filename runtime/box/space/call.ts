/** CALL of a stored procedure with typed arguments and result tuples (generated per `procedure`). */
import type { IProtoSender } from "../../framing/sender.js";
import { BoxCallRequest } from "./operations.js";
import { rawTuple } from "./raw-tuple.js";
import type { TupleCodec } from "./types.js";

/**
 * Calls `name` with `values` encoded by `args`; resolves to the result tuples decoded by `result`, or
 * as their fields' bytes when the procedure declares no result.
 */
export function boxCall<A, R, TOptions>(sender: IProtoSender<TOptions>, name: string, args: TupleCodec<unknown, A>, values: A, result: TupleCodec<R, unknown>, send?: TOptions): Promise<R[]>;
export function boxCall<A, TOptions>(sender: IProtoSender<TOptions>, name: string, args: TupleCodec<unknown, A>, values: A, result?: undefined, send?: TOptions): Promise<Uint8Array[][]>;
export async function boxCall<A, TOptions>(
  sender: IProtoSender<TOptions>,
  name: string,
  args: TupleCodec<unknown, A>,
  values: A,
  result?: TupleCodec<unknown, unknown>,
  send?: TOptions,
): Promise<unknown[]> {
  return (await sender.send(new BoxCallRequest(name, args, values, result ?? rawTuple), send)).tuples;
}
