import OpossumBreaker from 'opossum';
import type { Registry } from 'prom-client';
import { callWithTimeout, type CancellableCall } from './call-with-timeout.js';
import { breakerMetrics, type BreakerState, type CallResult } from './circuit-breaker-metrics.js';
import { type BreakerLogSink, logTransition, transitionOf } from './breaker-transitions.js';
import { CallTimeoutError, CircuitOpenError, ConcurrencyLimitError } from './errors.js';

export type CircuitBreakerOptions = Readonly<{
  /** The dependency called, e.g. 'inventory-service': the metrics' `target` label. */
  target: string;
  /** The service's own registry; prom-client's global one is never used. */
  registry: Registry;
  /** Longest a call may run before it is aborted. Default 300 ms. */
  timeoutMs?: number;
  /** Calls in flight at most; one more is refused at once. Default 10. */
  maxConcurrentCalls?: number;
  /** Failure rate, in percent, above which the breaker opens. Default 50. */
  errorThresholdPercentage?: number;
  /** Calls the window must hold before the rate counts, so one early failure opens nothing. Default 5. */
  volumeThreshold?: number;
  /** How far back the failure rate looks (opossum's rollingCountTimeout). Default 10 000 ms. */
  rollingWindowMs?: number;
  /** How long the breaker stays open before letting one trial call through. Default 5 000 ms. */
  resetTimeoutMs?: number;
  /**
   * Errors that say nothing about the dependency's health, e.g. a 4xx answer to a bad request:
   * they reach the caller but never count towards opening the breaker. Default: none.
   */
  isCallerError?: (error: unknown) => boolean;
  /**
   * The weak variant `no-breaker` (docs/chaos.md), for the chaos lab only: the breaker never opens
   * and the concurrency cap is off, so every call waits for the dependency; the timeout stays.
   */
  weak?: boolean;
  /** Told of every state change at warn: from, to and why (failures in window, trial ok, ...). */
  logger?: BreakerLogSink;
}>;

/**
 * A synchronous hop guarded three ways: a timeout, a circuit breaker and a concurrency cap.
 * `call` rejects with CircuitOpenError, CallTimeoutError, ConcurrencyLimitError or the call's
 * own error, so that the caller can choose a fallback for each.
 */
export type CircuitBreaker<TArgs extends unknown[], T> = Readonly<{
  call: (...args: TArgs) => Promise<T>;
  state: BreakerState;
  /** Stops the breaker's timers; later calls are refused with CircuitOpenError. */
  shutdown: () => void;
}>;

export const createCircuitBreaker = <TArgs extends unknown[], T>(
  cancellableCall: CancellableCall<TArgs, T>,
  options: CircuitBreakerOptions,
): CircuitBreaker<TArgs, T> => {
  const { target, timeoutMs = 300, isCallerError = () => false, weak = false } = options;
  const maxConcurrentCalls = weak ? Infinity : (options.maxConcurrentCalls ?? 10);
  const metrics = breakerMetrics(options.registry, target);

  const timedCall = async (...args: TArgs): Promise<T> => {
    const stopTimer = metrics.startTimer();
    try {
      return await callWithTimeout(cancellableCall, args, { target, timeoutMs });
    } finally {
      stopTimer();
    }
  };
  const breaker = new OpossumBreaker(timedCall, {
    name: target,
    // Our own timeout aborts each call's signal; opossum's would only stop waiting for it.
    timeout: false,
    errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
    volumeThreshold: options.volumeThreshold ?? 5,
    rollingCountTimeout: options.rollingWindowMs ?? 10_000,
    resetTimeout: options.resetTimeoutMs ?? 5_000,
    errorFilter: (error: unknown) => isCallerError(error),
    // Disabled, opossum calls straight through: no failure rate, never open.
    enabled: !weak,
    // Latency and snapshots are exported by our own metrics; opossum need not compute them.
    rollingPercentilesEnabled: false,
    enableSnapshots: false,
  });

  // The breaker owns its state, so each change is counted and logged here, once.
  let current: BreakerState = 'closed';
  const enter = (to: BreakerState): void => {
    const transition = transitionOf(current, to);
    current = to;
    metrics.recordState(to);
    metrics.recordStateChange(to);
    const { failures, fires } = breaker.stats;
    logTransition(options.logger, target, transition, { failures, calls: fires });
  };
  metrics.recordState('closed');
  breaker.on('open', () => enter('open'));
  breaker.on('halfOpen', () => enter('half-open'));
  breaker.on('close', () => enter('closed'));

  const resultOf = (error: unknown): CallResult => {
    if (error instanceof CircuitOpenError) return 'short_circuited';
    if (error instanceof CallTimeoutError) return 'timeout';
    return isCallerError(error) ? 'caller_error' : 'failure';
  };

  // The concurrency cap is ours, not opossum's `capacity`: opossum counts a call refused for
  // capacity as a failure of the dependency, so a burst of our own traffic could open the breaker.
  let inFlight = 0;
  const call = async (...args: TArgs): Promise<T> => {
    if (inFlight >= maxConcurrentCalls) {
      metrics.recordCall('rejected');
      throw new ConcurrencyLimitError(target, maxConcurrentCalls);
    }
    inFlight += 1;
    try {
      const result = await breaker.fire(...args);
      metrics.recordCall('success');
      return result;
    } catch (error) {
      const failure = fromOpossum(error, target);
      metrics.recordCall(resultOf(failure));
      throw failure;
    } finally {
      inFlight -= 1;
    }
  };

  return {
    call,
    get state(): BreakerState {
      if (breaker.halfOpen) return 'half-open';
      // A shut-down breaker refuses every call, as an open one does.
      return breaker.closed ? 'closed' : 'open';
    },
    shutdown: () => breaker.shutdown(),
  };
};

/** Opossum's own refusals (open, shut down) become CircuitOpenError; the call's errors pass. */
const fromOpossum = (error: unknown, target: string): unknown => {
  if (!(error instanceof Error) || !OpossumBreaker.isOurError(error)) return error;
  const shutDown = (error as Error & { code?: string }).code === 'ESHUTDOWN';
  return new CircuitOpenError(target, shutDown ? 'circuit breaker is shut down' : undefined);
};
