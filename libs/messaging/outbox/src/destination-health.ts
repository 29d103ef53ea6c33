import type { Destination } from './outbox-store.js';
import { backoffDelay } from '@pattern-shop/resilience';

export type DestinationHealthOptions = Readonly<{
  /** Backoff between probes while a destination is down. */
  probeDelay: Readonly<{ baseMs: number; maxMs: number }>;
  now?: () => number;
  random?: () => number;
}>;

/**
 * Backoff while a broker is down. A destination whose every publish in a batch failed is
 * considered down: until the next probe time the relay claims none of its rows, then only one
 * stream (a probe). The first confirmed publish brings it back. So an outage costs one attempt
 * per probe in total, instead of one attempt per pending row per retry: a long outage does not
 * use up the attempts of every waiting row, and the broker is not hammered when it comes back.
 */
export class DestinationHealth {
  private readonly down = new Map<Destination, { failures: number; nextProbeAt: number }>();

  constructor(private readonly options: DestinationHealthOptions) {}

  /** How many streams of `destination` the next batch may claim (0 while waiting to probe). */
  streamLimit(destination: Destination, batchSize: number): number {
    const state = this.down.get(destination);
    if (state === undefined) return batchSize;
    return this.now() >= state.nextProbeAt ? 1 : 0;
  }

  /** Records how a batch went for one destination: any confirm means it is up. */
  record(
    destination: Destination,
    { confirmed, failed }: { confirmed: number; failed: number },
  ): void {
    if (confirmed > 0) {
      this.down.delete(destination);
      return;
    }
    if (failed === 0) return;
    const failures = (this.down.get(destination)?.failures ?? 0) + 1;
    const delay = backoffDelay(failures, {
      ...this.options.probeDelay,
      random: this.options.random,
    });
    this.down.set(destination, { failures, nextProbeAt: this.now() + delay });
  }

  isDown(destination: Destination): boolean {
    return this.down.has(destination);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
