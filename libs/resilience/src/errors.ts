/**
 * The three ways a guarded call can fail without the dependency having answered. Each is its own
 * class so that a caller can pick its fallback with `instanceof` (e.g. read the local replica)
 * and let every other error, the dependency's own, pass through unchanged.
 */

/** The breaker is open (or shut down): the function was not called at all. */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';

  constructor(
    readonly target: string,
    reason = 'circuit breaker is open',
  ) {
    super(`call to ${target} refused: ${reason}`);
  }
}

/** The call ran longer than its timeout; its AbortSignal was aborted with this error as reason. */
export class CallTimeoutError extends Error {
  override readonly name = 'CallTimeoutError';

  constructor(
    readonly target: string,
    readonly timeoutMs: number,
  ) {
    super(`call to ${target} timed out after ${timeoutMs} ms`);
  }
}

/** Too many calls to this target were already running: refused at once, never queued. */
export class ConcurrencyLimitError extends Error {
  override readonly name = 'ConcurrencyLimitError';

  constructor(
    readonly target: string,
    readonly maxConcurrentCalls: number,
  ) {
    super(`call to ${target} refused: ${maxConcurrentCalls} calls already in flight`);
  }
}
