export type BackoffSettings = Readonly<{
  /** The cap of the first attempt's wait. */
  baseMs: number;
  /** No wait is longer, however many attempts failed. */
  maxMs: number;
  /**
   * `none` waits the whole ceiling every time: plain exponential backoff, so clients cut off
   * together retry together (the stampede workshop lab 6 shows). Default `full`.
   */
  jitter?: 'full' | 'none';
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

/** The wait before attempt n: full jitter, or the bare ceiling when jitter is `none`. */
export const backoffDelayMs = (
  attempt: number,
  settings: BackoffSettings,
  random: () => number,
): number =>
  settings.jitter === 'none'
    ? Math.min(settings.maxMs, settings.baseMs * 2 ** Math.max(0, attempt - 1))
    : fullJitterDelayMs(attempt, settings, random);
