/**
 * Exponential backoff with full jitter: after failed attempt n (1, 2, ...) wait a random time
 * below min(maxMs, baseMs * 2^(n-1)), so rows that failed together do not come back in step.
 * The same arithmetic as `backoffDelay` in @pattern-shop/resilience, which will replace it.
 */
export const retryDelayMs = (
  attempt: number,
  { baseMs, maxMs }: Readonly<{ baseMs: number; maxMs: number }>,
  random: () => number = Math.random,
): number => Math.floor(random() * Math.min(maxMs, baseMs * 2 ** (Math.max(1, attempt) - 1)));
