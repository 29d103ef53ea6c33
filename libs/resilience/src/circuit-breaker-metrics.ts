import { Counter, Gauge, Histogram, type Metric, type Registry } from 'prom-client';

export type BreakerState = 'closed' | 'open' | 'half-open';

/** What became of one call; `caller_error` is an error the dependency is not blamed for. */
const CALL_RESULTS = [
  'success',
  'failure',
  'timeout',
  'caller_error',
  'rejected',
  'short_circuited',
] as const;
export type CallResult = (typeof CALL_RESULTS)[number];

/** Numbers ordered by severity, so that `max()` over instances shows the worst state. */
const STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** One breaker's view of the shared metrics: every series carries its `target` label. */
export type BreakerMetrics = Readonly<{
  recordState: (state: BreakerState) => void;
  recordStateChange: (to: BreakerState) => void;
  recordCall: (result: CallResult) => void;
  /** Starts timing a call that runs; the returned function stops the clock. */
  startTimer: () => () => void;
}>;

/**
 * Several breakers (one per target) share one registry, so each metric is created once and then
 * found by name; registering the same name twice would throw.
 */
const metricOnce = <M extends Metric>(registry: Registry, name: string, create: () => M): M =>
  (registry.getSingleMetric(name) as M | undefined) ?? create();

export const breakerMetrics = (registry: Registry, target: string): BreakerMetrics => {
  const registers = [registry];
  const state = metricOnce(
    registry,
    'circuit_breaker_state',
    () =>
      new Gauge({
        name: 'circuit_breaker_state',
        help: 'Circuit breaker state per target: 0 closed, 1 half-open, 2 open.',
        labelNames: ['target'],
        registers,
      }),
  );
  const stateChanges = metricOnce(
    registry,
    'circuit_breaker_state_changes_total',
    () =>
      new Counter({
        name: 'circuit_breaker_state_changes_total',
        help: 'Circuit breaker state changes per target, by the state entered (to).',
        labelNames: ['target', 'to'],
        registers,
      }),
  );
  const calls = metricOnce(
    registry,
    'circuit_breaker_calls_total',
    () =>
      new Counter({
        name: 'circuit_breaker_calls_total',
        help:
          'Calls through a circuit breaker per target, by result: success, failure, timeout, ' +
          'caller_error (an error not held against the dependency, e.g. a 4xx answer), ' +
          'rejected (concurrency limit reached) or short_circuited (breaker open).',
        labelNames: ['target', 'result'],
        registers,
      }),
  );
  const duration = metricOnce(
    registry,
    'circuit_breaker_call_duration_seconds',
    () =>
      new Histogram({
        name: 'circuit_breaker_call_duration_seconds',
        help: 'Duration of the calls that a circuit breaker let through to its target.',
        labelNames: ['target'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers,
      }),
  );

  // Zeroed up front, so a dashboard shows every result and state from the start, not just
  // the ones seen so far.
  for (const result of CALL_RESULTS) calls.inc({ target, result }, 0);
  for (const to of Object.keys(STATE_VALUE)) stateChanges.inc({ target, to }, 0);

  return {
    recordState: (current) => state.set({ target }, STATE_VALUE[current]),
    recordStateChange: (to) => stateChanges.inc({ target, to }),
    recordCall: (result) => calls.inc({ target, result }),
    startTimer: () => {
      const stop = duration.startTimer({ target });
      return () => void stop();
    },
  };
};
