export type IdleBackoffOptions = Readonly<{
  /** The pause after a poll that found nothing, while work may be arriving unannounced. */
  intervalMs: number;
  /** The longest pause once idle, the safety poll for a lost notification or an expired lease. */
  maxMs: number;
  /** How long after a failed row the pause stays short: its retry is due without any commit. */
  retryWindowMs: number;
  now?: () => number;
}>;

/** What the relay knows when it decides how long to pause. */
export type IdleConditions = Readonly<{
  /** A commit with outbox rows wakes the relay at once (LISTEN is connected). */
  wokenOnCommit: boolean;
  /** A broker is down: its probes keep their own schedule. */
  destinationDown: boolean;
}>;

/**
 * The relay's pause between polls that found nothing. Woken on every commit, it needs to poll
 * only for what no commit announces: a lost notification, a row whose retry or lease falls due.
 * So the pause doubles from `intervalMs` up to `maxMs` after each empty poll, and stays at
 * `intervalMs` without a listener, while a broker is down, or within `retryWindowMs` of a failure.
 */
export class IdleBackoff {
  private emptyPolls = 0;
  private lastFailureAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: IdleBackoffOptions) {}

  /** A poll found rows or a commit was announced: the next empty poll starts over. */
  busy(): void {
    this.emptyPolls = 0;
  }

  /** A row failed: its retry falls due unannounced, so polling stays brisk for a while. */
  failed(): void {
    this.busy();
    this.lastFailureAt = this.now();
  }

  /** The pause after a poll that found nothing. */
  nextPause({ wokenOnCommit, destinationDown }: IdleConditions): number {
    const { intervalMs, maxMs, retryWindowMs } = this.options;
    const retryPending = this.now() - this.lastFailureAt < retryWindowMs;
    if (!wokenOnCommit || destinationDown || retryPending) {
      this.emptyPolls = 0;
      return intervalMs;
    }
    this.emptyPolls++;
    return Math.min(maxMs, intervalMs * 2 ** (this.emptyPolls - 1));
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
