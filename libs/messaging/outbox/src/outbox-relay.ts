import type { DataSource } from 'typeorm';
import type { Logger, Registry } from '@pattern-shop/observability';
import { DestinationHealth } from './destination-health.js';
import { OutboxMetrics } from './outbox-metrics.js';
import { readPendingStats } from './outbox-maintenance.js';
import type { OutboxPublishers } from './outbox-publishers.js';
import { DESTINATIONS, makeWaitingRowsDue } from './outbox-store.js';
import {
  type BatchResult,
  type BatchSettings,
  claimOrderFor,
  relayOneBatch,
} from './relay-batch.js';
import { OutboxWakeup } from './outbox-wakeup.js';
import { IdleBackoff } from './idle-backoff.js';
import { backoffDelay } from '@pattern-shop/resilience';

export type OutboxRelayOptions = Readonly<{
  dataSource: DataSource;
  publishers: OutboxPublishers;
  logger: Logger;
  metrics: Registry;
  /** Rows per batch (one transaction). Default 100. */
  batchSize?: number;
  /** Pause between polls when there was nothing (more) to do. Default 100 ms. */
  pollIntervalMs?: number;
  /**
   * Longest pause while idle with the commit listener connected: the pause doubles from
   * `pollIntervalMs` up to this after each empty poll (docs/benchmarks.md, "At rest"). Default 5 s.
   */
  idlePollMaxMs?: number;
  /** Failed attempts after which a row is no longer tried. Default 20. */
  maxAttempts?: number;
  /** Backoff of a failed row before its next attempt. Default 1 s doubling up to 60 s. */
  retryDelay?: Readonly<{ baseMs: number; maxMs: number }>;
  /** Wake on each commit with outbox rows (LISTEN/NOTIFY) rather than wait for the poll. Default true. */
  wakeOnCommit?: boolean;
  /** Backoff between probes of a broker that is down. Default 500 ms doubling up to 10 s. */
  probeDelay?: Readonly<{ baseMs: number; maxMs: number }>;
  /**
   * Batches in flight at once, each in its own transaction on its own claimed streams. With one,
   * a commit that lands while a batch waits for its broker confirms waits for that batch; a second
   * loop picks it up at once. Default 2.
   */
  loops?: number;
  /**
   * How long a batch holds the rows it publishes without renewing the lease (renewed every third
   * of it while a broker is slow). A relay that dies mid-batch delays its rows by up to this much.
   * Default 6 s, well inside the saga's shortest step deadline (15 s).
   */
  leaseMs?: number;
}>;

/**
 * Publishes what the outbox table holds: leases streams (destination + aggregate), publishes each
 * stream's rows in order, and marks a row published only after its broker confirmed it. A crash
 * before the mark only means the rows are published again; they are never lost. Several relays
 * may run on one table (docs/outbox.md, "Leases").
 */
export class OutboxRelay {
  private readonly batch: BatchSettings;
  private readonly metrics: OutboxMetrics;
  private readonly logger: Logger;
  private running: Promise<void> | undefined;
  private stopping = false;
  /** How to end the pause of each loop that is waiting for work. */
  private readonly idle = new Set<() => void>();
  /** A commit announced while every loop was busy: the next pause is skipped. */
  private wokenEarly = false;
  private readonly wakeup: OutboxWakeup | undefined;
  private batchNumber = 0;
  private readonly idleBackoff: IdleBackoff;
  /** The database failed a poll: once it answers again, the listener is replaced. */
  private listenerSuspect = false;

  constructor(private readonly options: OutboxRelayOptions) {
    const maxAttempts = options.maxAttempts ?? 20;
    this.batch = {
      publishers: options.publishers,
      health: new DestinationHealth({
        probeDelay: options.probeDelay ?? { baseMs: 500, maxMs: 10_000 },
      }),
      batchSize: options.batchSize ?? 100,
      maxAttempts,
      retryDelay: options.retryDelay ?? { baseMs: 1_000, maxMs: 60_000 },
      leaseMs: options.leaseMs ?? 6_000,
    };
    const interval = options.pollIntervalMs ?? 100;
    this.idleBackoff = new IdleBackoff({
      intervalMs: interval,
      maxMs: Math.max(interval, options.idlePollMaxMs ?? 5_000),
      retryWindowMs: this.batch.retryDelay.maxMs,
    });
    this.logger = options.logger.child({ component: 'outbox-relay' });
    this.wakeup =
      options.wakeOnCommit === false
        ? undefined
        : new OutboxWakeup(options.dataSource, this.logger);
    this.metrics = new OutboxMetrics(options.metrics, () =>
      readPendingStats(options.dataSource, maxAttempts),
    );
  }

  /** Polls in the background until `stop()`. */
  start(): void {
    this.stopping = false;
    this.wakeup?.start(() => this.wakeOne());
    const loops = Math.max(1, this.options.loops ?? 2);
    // Each loop catches its own failures, so this never rejects.
    this.running ??= Promise.all(Array.from({ length: loops }, () => this.pollUntilStopped()))
      .then(() => undefined)
      .finally(() => (this.running = undefined));
  }

  /** Lets the batch in flight finish (publish, mark, give back its lease), then returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of [...this.idle]) wake();
    await this.wakeup?.stop();
    await this.running;
  }

  /** Relays one batch; returns how many rows were published (and marked). */
  async runOnce(): Promise<number> {
    return (await this.relayBatch()).published;
  }

  private async pollUntilStopped(): Promise<void> {
    let failuresInARow = 0;
    while (!this.stopping) {
      let claimedRows = 0;
      try {
        claimedRows = (await this.relayBatch()).claimedRows;
        failuresInARow = 0;
        await this.replaceListenerIfSuspect();
      } catch (error) {
        failuresInARow++;
        this.listenerSuspect = true;
        this.logger.error({ err: error, failuresInARow }, 'outbox poll failed (database?)');
      }
      if (claimedRows > 0) this.idleBackoff.busy();
      const interval = this.options.pollIntervalMs ?? 100;
      const pause =
        failuresInARow === 0
          ? this.idleBackoff.nextPause({
              wokenOnCommit: this.wakeup?.listening ?? false,
              destinationDown: DESTINATIONS.some((d) => this.batch.health.isDown(d)),
            })
          : backoffDelay(failuresInARow, { baseMs: interval * 2, maxMs: 5_000 });
      if (claimedRows >= this.batch.batchSize || this.stopping) continue;
      this.metrics.idlePause.set(pause / 1_000);
      await this.sleep(pause);
      this.metrics.idlePause.set(0);
    }
  }

  /** After a database failure the listener may be silently dead, and the polls would back off. */
  private async replaceListenerIfSuspect(): Promise<void> {
    if (!this.listenerSuspect || this.wakeup === undefined) return;
    this.listenerSuspect = false;
    await this.wakeup.stop();
    if (!this.stopping) this.wakeup.start(() => this.wakeOne());
  }

  private async relayBatch(): Promise<{ claimedRows: number; published: number }> {
    const claimOrder = claimOrderFor(this.batchNumber++);
    const result = await relayOneBatch(this.options.dataSource, this.batch, claimOrder);
    if (result === undefined) return { claimedRows: 0, published: 0 };
    // Counted after the commit: only marks that are durable count as published.
    for (const { destination, latencySeconds } of result.latencies) {
      this.metrics.published.inc({ destination });
      this.metrics.latency.observe({ destination }, latencySeconds);
    }
    await this.reportOutcome(result);
    return { claimedRows: result.claimedRows, published: result.latencies.length };
  }

  /** Failure metrics, broker health (a broker back makes its waiting rows due), sparse logs. */
  private async reportOutcome({ outcome: { published, failed } }: BatchResult): Promise<void> {
    const { health, maxAttempts } = this.batch;
    for (const destination of DESTINATIONS) {
      const confirmed = published.filter((row) => row.destination === destination).length;
      const failures = failed.filter(({ row }) => row.destination === destination);
      this.metrics.failures.inc({ destination }, failures.length);
      if (failures.length > 0) this.idleBackoff.failed();
      const wasDown = health.isDown(destination);
      health.record(destination, { confirmed, failed: failures.length });
      if (failures.length > 0 && !wasDown) {
        this.logger.warn(
          { destination, failed: failures.length, firstError: failures[0]?.error.message },
          'outbox rows not published; will retry',
        );
      } else if (wasDown && confirmed > 0) {
        this.logger.info({ destination }, 'outbox destination reachable again');
        await makeWaitingRowsDue(this.options.dataSource, destination, maxAttempts);
      }
    }
    for (const { row, error } of failed) {
      if (row.attempts + 1 >= maxAttempts) {
        this.logger.error(
          {
            outboxId: row.id,
            messageId: row.messageId,
            type: row.type,
            destination: row.destination,
            lastError: error.message,
          },
          'outbox row used up its attempts; it and the later rows of its aggregate wait for a person',
        );
      }
    }
  }

  /** A commit with outbox rows: one waiting loop goes now; if all are busy, the next one skips its pause. */
  private wakeOne(): void {
    this.idleBackoff.busy();
    const [wake] = this.idle;
    if (wake === undefined) this.wokenEarly = true;
    else wake();
  }

  private sleep(ms: number): Promise<void> {
    if (this.wokenEarly) {
      this.wokenEarly = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        this.idle.delete(done);
        resolve();
      };
      timer = setTimeout(done, ms);
      this.idle.add(done);
    });
  }
}
