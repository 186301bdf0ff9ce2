/**
 * The one error the capture reader throws: the input is not any format it knows. Everything wrong
 * *inside* a recognised input (a truncated record, an absurd length, a gap) is reported as an
 * `Anomaly` item instead, so that an incident capture yields every frame that can be recovered.
 */
export type CaptureErrorCode = "EMPTY_INPUT" | "UNKNOWN_FORMAT" | "BAD_OPTION";

export class CaptureError extends Error {
  override readonly name = "CaptureError";

  constructor(
    readonly code: CaptureErrorCode,
    message: string,
  ) {
    super(message);
  }
}
