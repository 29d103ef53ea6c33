import type { Admin, Kafka } from 'kafkajs';
import { Counter, Gauge, type Registry } from 'prom-client';
import { fetchConsumerLag, type PartitionAssignment } from '@pattern-shop/messaging-kafka';
import type { BatchOutcome } from './apply-stream-batch.handler.js';

export type StreamMetrics = Readonly<{
  batchApplied: (topic: string, outcome: BatchOutcome) => void;
}>;

/**
 * - `analytics_stream_events_total{topic,outcome}`: applied, duplicate, ignored, dead-lettered;
 *   its rate is "events applied per second", dead-lettered the dead letters.
 * - `kafka_consumer_lag{group,topic,partition}`: high-water mark minus committed offset, for the
 *   partitions this instance owns (so summing over instances counts each partition once),
 *   fetched from the broker at scrape time.
 */
export const streamMetrics = (
  registry: Registry,
  kafka: Kafka,
  group: string,
  assignment: () => PartitionAssignment,
): StreamMetrics & { close: () => Promise<void> } => {
  const events = new Counter({
    name: 'analytics_stream_events_total',
    help: 'Stream records handled by the projections, by topic and outcome.',
    labelNames: ['topic', 'outcome'],
    registers: [registry],
  });
  let admin: Admin | undefined;
  new Gauge({
    name: 'kafka_consumer_lag',
    help: 'Records in a partition not yet committed by the consumer group (high-water mark minus committed offset).',
    labelNames: ['group', 'topic', 'partition'],
    registers: [registry],
    async collect() {
      this.reset();
      const owned = Object.entries(assignment()).filter(([, partitions]) => partitions.length > 0);
      if (owned.length === 0) return;
      try {
        admin ??= kafka.admin();
        await admin.connect();
        const lags = await fetchConsumerLag(
          admin,
          group,
          owned.map(([topic]) => topic),
        );
        for (const { topic, partition, lag } of lags) {
          if (!owned.some(([t, ps]) => t === topic && ps.includes(partition))) continue;
          this.set({ group, topic, partition: String(partition) }, lag);
        }
      } catch {
        // No figure rather than a stale one while Kafka is away; a fresh admin next time.
        const stale = admin;
        admin = undefined;
        await stale?.disconnect().catch(() => undefined);
      }
    },
  });
  return {
    batchApplied: (topic, outcome) => {
      events.inc({ topic, outcome: 'applied' }, outcome.applied);
      events.inc({ topic, outcome: 'duplicate' }, outcome.duplicates);
      events.inc({ topic, outcome: 'ignored' }, outcome.ignored);
      events.inc({ topic, outcome: 'dead-lettered' }, outcome.deadLettered);
    },
    close: async () => {
      await admin?.disconnect().catch(() => undefined);
    },
  };
};
