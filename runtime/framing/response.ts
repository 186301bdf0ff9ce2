/**
 * The contract of a generated response's companion value (`XResponse`: the decoded type and this value
 * share the name): the decoder its Request class's `decodeResponse` calls, and the server's encoder.
 * Documented here once; each generated value is declared with this type, so hovering `XResponse.decode`
 * or `XResponse.encodeBody` shows what they do without a copy of the text per message.
 */

/** `XResponse` of a message whose response layout reads no request field. */
export interface ResponseCodec<TResponse, TInit> {
  /**
   * Decodes a response body: the envelope first, when the message has one (an error reply throws
   * ServerError), then the response. `bytes` fields are views into `body`. Throws DecodeError.
   */
  readonly decode: (body: Uint8Array) => TResponse;
  /**
   * Encodes a success response body (server side): the envelope's success values, when the message has
   * an envelope, then the response. Throws EncodeError.
   */
  readonly encodeBody: (response: TInit) => Uint8Array;
}

/** `XResponse` of a message whose response layout reads request fields: both functions take the request. */
export interface ResponseCodecFor<TResponse, TInit, TRequest> {
  /**
   * Decodes a response body: the envelope first, when the message has one (an error reply throws
   * ServerError), then the response. `bytes` fields are views into `body`. Throws DecodeError.
   */
  readonly decode: (body: Uint8Array, request: TRequest) => TResponse;
  /**
   * Encodes a success response body (server side): the envelope's success values, when the message has
   * an envelope, then the response. Throws EncodeError.
   */
  readonly encodeBody: (response: TInit, request: TRequest) => Uint8Array;
}
