/**
 * Told, once a transaction that set a saga's deadline has committed, when that deadline falls;
 * the deadline poller listens, so it can sleep until the earliest one instead of polling.
 */
export class SagaDeadlineAlarm {
  private listener: ((deadline: Date) => void) | undefined;

  listen(listener: (deadline: Date) => void): void {
    this.listener = listener;
  }

  set(deadline: Date): void {
    this.listener?.(deadline);
  }
}

/**
 * When the poller looks next: at the earliest deadline it knows of, but not sooner than `pollMs`
 * after its last look (a burst of deadlines is one poll) and not later than `safetyMs` from now
 * (a deadline set by another instance, or by a write no alarm heard of).
 */
export const nextPollAt = ({
  earliestKnown,
  polledAt,
  now,
  pollMs,
  safetyMs,
}: Readonly<{
  /** Epoch ms; undefined when no saga waits. */
  earliestKnown: number | undefined;
  polledAt: number;
  now: number;
  pollMs: number;
  safetyMs: number;
}>): number => Math.max(Math.min(earliestKnown ?? Infinity, now + safetyMs), polledAt + pollMs);
