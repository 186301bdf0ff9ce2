/**
 * Builds an error without capturing a stack. For the errors the engine makes in bulk — deadlines and
 * cancellations fire from its own timers and queues, so the stack would name only runtime frames — and
 * capturing one costs several times what the whole request did (100,000 timeouts: ~0.7 s of stacks).
 */
export function stackless<A extends unknown[], E extends Error>(Kind: new (...args: A) => E, ...args: A): E {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new Kind(...args);
  } finally {
    Error.stackTraceLimit = limit;
  }
}
