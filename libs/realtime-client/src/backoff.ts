export type BackoffSettings = Readonly<{
  /** The cap of the first attempt's wait. */
  baseMs: number;
  /** No wait is longer, however many attempts failed. */
  maxMs: number;
}>;

export const DEFAULT_BACKOFF: BackoffSettings = { baseMs: 500, maxMs: 30_000 };

/**
 * "Full jitter" (AWS Architecture Blog, "Exponential Backoff And Jitter"): the wait before attempt
 * n is uniform in [0, min(max, base * 2^(n-1))). The ceiling grows exponentially, and because
 * the whole wait is random, thousands of clients cut off at the same moment come back spread
 * over the window instead of in one stampede.
 */
export const fullJitterDelayMs = (
  attempt: number,
  { baseMs, maxMs }: BackoffSettings,
  random: () => number,
): number => {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
};
