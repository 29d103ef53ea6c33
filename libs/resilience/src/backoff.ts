export type BackoffOptions = Readonly<{
  /** Upper bound of the first delay. */
  baseMs: number;
  /** No delay ever exceeds this, however many attempts have failed. */
  maxMs: number;
  /** A number in [0, 1); pass a fixed one in tests. Defaults to Math.random. */
  random?: () => number;
}>;

/**
 * The delay before retrying after failed attempt number `attempt` (1, 2, ...): exponential
 * backoff with full jitter,
 *
 *   floor(random() * min(maxMs, baseMs * 2 ** (attempt - 1)))
 *
 * so attempt 1 waits in [0, baseMs), attempt 2 in [0, 2 * baseMs), ..., never maxMs or more.
 * The jitter spreads the retries of many clients that failed together, so they do not come back
 * in step and knock the recovering dependency over again.
 */
export const backoffDelay = (
  attempt: number,
  { baseMs, maxMs, random = Math.random }: BackoffOptions,
): number => {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`attempt must be an integer of at least 1, got ${attempt}`);
  }
  const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
};

export type RetryOptions = BackoffOptions &
  Readonly<{
    /** Total number of attempts, the first included; at least 1. Nothing retries forever. */
    attempts: number;
    /** Errors for which another attempt cannot help (e.g. a 4xx answer) fail at once. */
    isRetryable?: (error: unknown) => boolean;
    /** Replaced in unit tests so that they need not wait for real time to pass. */
    sleep?: (ms: number) => Promise<void>;
  }>;

const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `operation` until it succeeds, at most `attempts` times, waiting `backoffDelay(n)` after
 * failed attempt n. Throws the last error when the attempts run out or an error is not retryable.
 */
export const retry = async <T>(
  operation: (attempt: number) => Promise<T>,
  { attempts, isRetryable = () => true, sleep = sleepFor, ...backoff }: RetryOptions,
): Promise<T> => {
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new RangeError(`attempts must be an integer of at least 1, got ${attempts}`);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await sleep(backoffDelay(attempt, backoff));
    }
  }
};
