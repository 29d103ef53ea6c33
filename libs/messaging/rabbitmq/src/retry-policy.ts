/**
 * Thrown by a handler for a message that no retry can fix (e.g. it refers to something that will
 * never exist): the subscriber dead-letters it at once instead of spending its retries.
 */
export class PermanentMessageError extends Error {
  override readonly name = 'PermanentMessageError';
}

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 10_000, 60_000];
/** The first delivery and two retries (issue 4: "a bounded number of attempts (default 3)"). */
export const DEFAULT_MAX_ATTEMPTS = 3;
/** Deliveries of one message that crashed the consumer before it is parked in `Q.dlq`. */
export const DEFAULT_CRASH_LIMIT = 5;
/** A retry waits between (1 - JITTER) and 1 times its delay, so failures that came together part. */
export const RETRY_JITTER = 0.2;

/**
 * `maxAttempts` counts every handling of a message, the first delivery included; retry n waits
 * `delaysMs[n - 1]`, or the last delay once the list is used up.
 */
export type RetryPolicy = Readonly<{
  delaysMs: readonly number[];
  maxAttempts: number;
  crashLimit: number;
}>;

export const retryPolicyOf = (options: {
  retryDelaysMs?: readonly number[] | undefined;
  maxAttempts?: number | undefined;
  crashLimit?: number | undefined;
}): RetryPolicy => {
  const {
    retryDelaysMs: delaysMs = DEFAULT_RETRY_DELAYS_MS,
    maxAttempts = DEFAULT_MAX_ATTEMPTS,
    crashLimit = DEFAULT_CRASH_LIMIT,
  } = options;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be an integer of at least 1, got ${maxAttempts}`);
  }
  if (maxAttempts > 1 && delaysMs.length === 0) {
    throw new RangeError('retryDelaysMs must not be empty when maxAttempts is above 1');
  }
  if (!Number.isInteger(crashLimit) || crashLimit < 1) {
    throw new RangeError(`crashLimit must be an integer of at least 1, got ${crashLimit}`);
  }
  return { delaysMs, maxAttempts, crashLimit };
};

/** The delay before retry `retry` (1 = the first retry, after the first failed delivery). */
export const retryDelayMs = (policy: RetryPolicy, retry: number): number => {
  const delay = policy.delaysMs[Math.min(retry, policy.delaysMs.length) - 1];
  if (delay === undefined) throw new RangeError(`no retry delay for retry ${retry}`);
  return delay;
};

/** The distinct delays the policy can use, i.e. the retry queues to declare. */
export const retryDelaysInUse = (policy: RetryPolicy): number[] => {
  const delays = new Set<number>();
  for (let retry = 1; retry < policy.maxAttempts; retry++) delays.add(retryDelayMs(policy, retry));
  return [...delays];
};

/**
 * Per-message `expiration` for a retry queue whose queue-level TTL is `delayMs`. A queue expires
 * messages only at its head, so a message may wait behind one with a longer expiration; with one
 * queue per delay and jitter a fraction of it, that wait is at most `delayMs * RETRY_JITTER`.
 */
export const jitteredExpirationMs = (delayMs: number, random: () => number = Math.random) =>
  Math.max(1, Math.round(delayMs * (1 - RETRY_JITTER * random())));

/** Handlings of this message that failed so far, from the `x-attempts` header its retries carry. */
export const failedAttemptsOf = (headers: Record<string, unknown> | undefined): number => {
  const attempts = Number(headers?.['x-attempts'] ?? 0);
  return Number.isInteger(attempts) && attempts > 0 ? attempts : 0;
};

/** Deliveries that ended without a settlement (a crash, a lost connection): quorum queues count. */
export const crashedDeliveriesOf = (headers: Record<string, unknown> | undefined): number => {
  const count = Number(headers?.['x-delivery-count'] ?? 0);
  return Number.isFinite(count) ? count : 0;
};
