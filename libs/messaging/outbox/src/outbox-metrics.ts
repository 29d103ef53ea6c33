import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { DESTINATIONS } from './outbox-store.js';

export type PendingStats = Readonly<{
  pending: number;
  overAttemptLimit: number;
  oldestPendingAgeSeconds: number;
}>;

/**
 * The relay's metrics. The three gauges are read from the table at scrape time (one query shared
 * by the three), so they are right whichever relay instance did the work; when the database
 * cannot be read they keep their last values and the scrape still answers.
 */
export class OutboxMetrics {
  readonly published: Counter<'destination'>;
  readonly failures: Counter<'destination'>;
  readonly latency: Histogram<'destination'>;
  readonly idlePause: Gauge;
  private reading: Promise<PendingStats | undefined> | undefined;

  constructor(registry: Registry, readStats: () => Promise<PendingStats>) {
    const registers = [registry];
    const shared = (): Promise<PendingStats | undefined> => {
      this.reading ??= readStats()
        .catch(() => undefined)
        .finally(() => (this.reading = undefined));
      return this.reading;
    };
    const gauge = (name: string, help: string, pick: (stats: PendingStats) => number) =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          const stats = await shared();
          if (stats !== undefined) this.set(pick(stats));
        },
      });
    gauge('outbox_pending_rows', 'Outbox rows not published yet.', (s) => s.pending);
    gauge(
      'outbox_oldest_pending_age_seconds',
      'Age of the oldest unpublished outbox row (0 when none).',
      (s) => s.oldestPendingAgeSeconds,
    );
    gauge(
      'outbox_rows_over_attempt_limit',
      'Unpublished outbox rows that used up their attempts and wait for a person.',
      (s) => s.overAttemptLimit,
    );
    this.published = new Counter({
      name: 'outbox_published_total',
      help: 'Outbox rows published and confirmed by the broker.',
      labelNames: ['destination'],
      registers,
    });
    this.failures = new Counter({
      name: 'outbox_publish_failures_total',
      help: 'Failed attempts to publish an outbox row.',
      labelNames: ['destination'],
      registers,
    });
    this.latency = new Histogram({
      name: 'outbox_publish_latency_seconds',
      help: 'From the transaction that wrote an outbox row to its broker confirm.',
      labelNames: ['destination'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    });
    this.idlePause = new Gauge({
      name: 'outbox_relay_idle_pause_seconds',
      help: 'The pause the relay is taking before its next poll; it doubles while idle with the commit listener connected, up to idlePollMaxMs.',
      registers,
    });
    // Series at zero from the start, so `rate()` and alerts see the first failure.
    for (const destination of DESTINATIONS) {
      this.published.inc({ destination }, 0);
      this.failures.inc({ destination }, 0);
    }
  }
}
