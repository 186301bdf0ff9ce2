/** The benchmarked message: 12-byte body (three u32), echoed; a typed request as generated code writes one. */
import { HEADER_SIZE, type IProtoRequest } from "../../runtime/index.js";

export const BODY = Buffer.from([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0]);

export class BenchRequest implements IProtoRequest<Uint8Array> {
  readonly msg = 17;
  /** Retries on: the safety features stay switched on in the benchmark. */
  readonly retry = true;
  readonly noReply = false;
  readonly timeout = undefined;
  readonly key = undefined;

  packetSize(): number {
    return HEADER_SIZE + BODY.length;
  }

  encodeInto(target: Uint8Array, offset: number, sync: number): number {
    target[offset] = 17;
    target[offset + 1] = 0;
    target[offset + 2] = 0;
    target[offset + 3] = 0;
    target[offset + 4] = BODY.length;
    target[offset + 5] = 0;
    target[offset + 6] = 0;
    target[offset + 7] = 0;
    target[offset + 8] = sync & 0xff;
    target[offset + 9] = (sync >>> 8) & 0xff;
    target[offset + 10] = (sync >>> 16) & 0xff;
    target[offset + 11] = sync >>> 24;
    // The body (u32 1, 2, 3) byte by byte, as generated encoders write fixed fields.
    const p = offset + HEADER_SIZE;
    target[p] = 1;
    target[p + 1] = 0;
    target[p + 2] = 0;
    target[p + 3] = 0;
    target[p + 4] = 2;
    target[p + 5] = 0;
    target[p + 6] = 0;
    target[p + 7] = 0;
    target[p + 8] = 3;
    target[p + 9] = 0;
    target[p + 10] = 0;
    target[p + 11] = 0;
    return p + BODY.length;
  }

  decodeResponse(body: Uint8Array): Uint8Array {
    return body;
  }

  isRetry(): boolean {
    return false;
  }
}
