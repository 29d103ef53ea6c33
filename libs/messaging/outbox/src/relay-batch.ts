import type { EntityManager } from 'typeorm';
import type { DestinationHealth } from './destination-health.js';
import type { OutboxPublishers } from './outbox-publishers.js';
import {
  claimStreams,
  type Destination,
  DESTINATIONS,
  markPublished,
  readClaimedRows,
  recordFailures,
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
}>;

export type BatchResult = Readonly<{
  claimedRows: number;
  outcome: PublishOutcome;
  latencies: { destination: Destination; latencySeconds: number }[];
}>;

/**
 * One batch, inside the caller's transaction: claim streams, read their rows (after the locks),
 * publish them in order, mark the confirmed rows and record the failed ones. The locks and the
 * marks become visible together when the caller commits. `undefined` when nothing was due.
 */
export const relayOneBatch = async (
  tx: EntityManager,
  settings: BatchSettings,
  claimOrder: readonly Destination[],
): Promise<BatchResult | undefined> => {
  const { batchSize, maxAttempts } = settings;
  const streams = await claim(tx, settings, claimOrder);
  if (streams.length === 0) return undefined;
  const rows = await readClaimedRows(tx, streams, { limit: batchSize, maxAttempts });
  const outcome = await publishInOrder(rows, waveThrough(settings.publishers));
  const latencies = await markPublished(
    tx,
    outcome.published.map((row) => row.id),
  );
  await recordFailures(
    tx,
    outcome.failed.map(({ row, error }) => ({
      id: row.id,
      error: error.message,
      retryInMs: backoffDelay(row.attempts + 1, settings.retryDelay),
    })),
  );
  return { claimedRows: rows.length, outcome, latencies };
};

/**
 * Streams of healthy destinations up to the batch size, in one query for all of them (a round
 * trip per destination would lengthen every batch; the query lets the destinations take turns);
 * then one probe of each broker that is down and due for one.
 */
const claim = async (
  tx: EntityManager,
  { health, batchSize, maxAttempts }: BatchSettings,
  claimOrder: readonly Destination[],
): Promise<StreamId[]> => {
  const healthy = claimOrder.filter((d) => health.streamLimit(d, batchSize) >= batchSize);
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
