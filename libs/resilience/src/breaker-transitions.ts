import type { BreakerState } from './circuit-breaker-metrics.js';

/** Where a breaker reports its state changes (pino fits this shape). */
export type BreakerLogSink = Readonly<{ warn: (fields: object, message: string) => void }>;

/** The rolling window's counts at the moment the breaker opened. */
export type WindowCounts = Readonly<{ failures: number; calls: number }>;

/** Why the breaker moved, in the words a learner looks for in the log. */
export type BreakerTransition = Readonly<{
  from: BreakerState;
  to: BreakerState;
  why: 'failures in window' | 'reset timeout elapsed' | 'trial ok' | 'trial failed';
}>;

/**
 * Pure: the transition into `to` from `from`. Opening from half-open means the one trial call
 * failed; from closed, the failure rate of the rolling window crossed the threshold.
 */
export const transitionOf = (from: BreakerState, to: BreakerState): BreakerTransition => {
  if (to === 'open')
    return { from, to, why: from === 'half-open' ? 'trial failed' : 'failures in window' };
  if (to === 'half-open') return { from, to, why: 'reset timeout elapsed' };
  return { from, to, why: 'trial ok' };
};

/** One warn line per change; the window's counts only when failures opened it. */
export const logTransition = (
  logger: BreakerLogSink | undefined,
  target: string,
  transition: BreakerTransition,
  window: WindowCounts,
): void => {
  const counts =
    transition.why === 'failures in window'
      ? { failuresInWindow: window.failures, callsInWindow: window.calls }
      : {};
  logger?.warn({ target, ...transition, ...counts }, 'circuit breaker changed state');
};
