import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { DestinationHealth } from './destination-health.js';
import type { OutboxPublishers } from './outbox-publishers.js';
import {
  claimStreams,
  claimThenLease,
  type Destination,
  DESTINATIONS,
  leaseClaimedRows,
  markPublished,
  recordFailures,
  releaseLease,
  renewLease,
  type StreamId,
} from './outbox-store.js';
import { publishInOrder, waveThrough, type PublishOutcome } from './publish-in-order.js';
import { backoffDelay } from '@pattern-shop/resilience';

export type BatchSettings = Readonly<{
  publishers: OutboxPublishers;
  health: DestinationHealth;
  batchSize: number;
  maxAttempts: number;
  retryDelay: Readonly<{ baseMs: number; maxMs: number }>;
  /** How long a batch holds its rows unless renewed; it is renewed every third of it. */
  leaseMs: number;
}>;

export type BatchResult = Readonly<{
  claimedRows: number;
  outcome: PublishOutcome;
  latencies: { destination: Destination; latencySeconds: number }[];
}>;

/**
 * One batch in two short steps with the publishing between them, outside any transaction: the
 * first claims streams and leases their rows (one round trip while every broker is up), the
 * second marks the confirmed rows, records the failed ones and gives back the rest. No connection
 * is held while a broker is slow or away. A crash between the two only means the rows are
 * published again once the lease has run out; they are never lost. `undefined` when nothing was
 * due.
 */
export const relayOneBatch = async (
  dataSource: DataSource,
  settings: BatchSettings,
  claimOrder: readonly Destination[],
): Promise<BatchResult | undefined> => {
  const { batchSize, maxAttempts, leaseMs } = settings;
  const lease = { token: randomUUID(), leaseMs };
  const renewal = new LeaseRenewal(dataSource, lease);
  // The common case in one round trip; probing a broker that is down takes claims of its own.
  const rows = claimOrder.every((destination) => isHealthy(settings, destination))
    ? await claimThenLease(dataSource, {
        destinations: claimOrder,
        limit: batchSize,
        maxAttempts,
        lease,
      })
    : await dataSource.transaction(async (tx) => {
        const streams = await claim(tx, settings, claimOrder);
        return streams.length === 0
          ? []
          : leaseClaimedRows(tx, streams, { limit: batchSize, maxAttempts, lease });
      });
  if (rows.length === 0) return undefined;
  renewal.start();
  const outcome = await publishInOrder(rows, waveThrough(settings.publishers), () =>
    renewal.isSafe(),
  ).finally(() => renewal.stop());
  // The common case, every row confirmed, costs one statement; a batch with rows left over also
  // records its failures and gives back its lease, in one transaction.
  const latencies = await markPublished(
    dataSource,
    outcome.published.map((row) => row.id),
  );
  const confirmed = new Set(outcome.published.map((row) => row.id));
  const leftOver = rows.filter((row) => !confirmed.has(row.id)).map((row) => row.id);
  if (leftOver.length > 0) {
    await dataSource.transaction(async (tx) => {
      await recordFailures(
        tx,
        lease.token,
        outcome.failed.map(({ row, error }) => ({
          id: row.id,
          error: error.message,
          retryInMs: backoffDelay(row.attempts + 1, settings.retryDelay),
        })),
      );
      await releaseLease(tx, lease.token, leftOver);
    });
  }
  return { claimedRows: rows.length, outcome, latencies };
};

/**
 * Keeps a batch's lease while its waves wait for a slow broker, in a statement of its own every
 * third of the lease (no transaction stays open). When renewals fail (the database is away), no
 * new wave starts once half the lease has passed since the last one that worked, so another relay
 * taking the rows over finds this one no longer publishing them.
 */
class LeaseRenewal {
  private lastRenewedAt = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly lease: Readonly<{ token: string; leaseMs: number }>,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      const startedAt = Date.now();
      this.renewing ??= renewLease(this.dataSource, this.lease)
        .then((held) => {
          if (held) this.lastRenewedAt = startedAt;
        })
        .catch(() => undefined)
        .finally(() => (this.renewing = undefined));
    }, this.lease.leaseMs / 3);
  }

  isSafe(): boolean {
    return Date.now() - this.lastRenewedAt < this.lease.leaseMs / 2;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** A destination that may take a whole batch: its broker is up, not on probation. */
const isHealthy = ({ health, batchSize }: BatchSettings, destination: Destination): boolean =>
  health.streamLimit(destination, batchSize) >= batchSize;

/**
 * Streams of healthy destinations up to the batch size, in one query for all of them (a round
 * trip per destination would lengthen every batch; the query lets the destinations take turns);
 * then one probe of each broker that is down and due for one.
 */
const claim = async (
  tx: EntityManager,
  settings: BatchSettings,
  claimOrder: readonly Destination[],
): Promise<StreamId[]> => {
  const { health, batchSize, maxAttempts } = settings;
  const healthy = claimOrder.filter((destination) => isHealthy(settings, destination));
  const claimed: StreamId[] =
    healthy.length === 0
      ? []
      : await claimStreams(tx, { destinations: healthy, limit: batchSize, maxAttempts });
  for (const destination of claimOrder) {
    if (healthy.includes(destination)) continue;
    const limit = Math.min(health.streamLimit(destination, batchSize), batchSize - claimed.length);
    if (limit <= 0) continue;
    claimed.push(...(await claimStreams(tx, { destinations: [destination], limit, maxAttempts })));
  }
  return claimed;
};

/** Each batch probes the brokers that are down in another order, so neither always goes first. */
export const claimOrderFor = (batchNumber: number): Destination[] => {
  const first = batchNumber % DESTINATIONS.length;
  return [...DESTINATIONS.slice(first), ...DESTINATIONS.slice(0, first)];
};
