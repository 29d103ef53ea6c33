import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { type KafkaLogSink, kafkaStreamConsumer } from '@pattern-shop/messaging-kafka';
import { ApplyStreamBatchHandler } from '../apply-stream-events/apply-stream-batch.handler.js';
import { recordPositions } from '../persistence/projections/aggregate-upserts.js';
import {
  dropProjectionSchema,
  ensureProjectionTables,
} from '../persistence/projections/projection-schema.js';
import { swapSchemas } from '../persistence/projections/swap-schemas.js';
import {
  recordReplayFailed,
  recordReplayProgress,
  recordReplayStarted,
  recordReplaySwapped,
} from '../persistence/replay-runs.js';
import { ApplyGate } from './apply-gate.js';
import { rangeKey, streamRanges } from './stream-range.js';

export type ReplayOptions = Readonly<{
  dataSource: DataSource;
  kafka: Kafka;
  logger: KafkaLogSink;
  liveSchema: string;
  consumerGroup: string;
  topics: readonly string[];
  from: 'earliest' | Date;
  runId: string;
  onProgress: (done: number, total: number) => void;
}>;

export type ReplayResult = Readonly<{ events: number; total: number; applySeconds: number }>;

/**
 * Rebuilds the projections into a fresh schema from `from` up to the high-water marks taken at
 * start, then keeps reading until it has everything the live consumer has, and swaps the schema
 * in. The live projections answer queries the whole time. A group of its own, deleted at the end.
 */
export const replayProjections = async (options: ReplayOptions): Promise<ReplayResult> => {
  const { dataSource, kafka, liveSchema, topics, runId } = options;
  const replaySchema = `${liveSchema}_replay_${runId}`.slice(0, 63);
  const groupId = `${options.consumerGroup}.replay.${runId}`;
  const admin = kafka.admin();
  await admin.connect();
  const ranges = await streamRanges(admin, topics, options.from);
  const total = ranges.reduce((n, r) => n + (r.end - r.start), 0);
  const next = new Map(ranges.map((r) => [rangeKey(r.topic, r.partition), r.start]));
  const done = () =>
    ranges.reduce(
      (n, r) => n + Math.min(next.get(rangeKey(r.topic, r.partition)) ?? 0, r.end) - r.start,
      0,
    );

  await ensureProjectionTables(dataSource, replaySchema);
  // Start offsets count as positions: a partition with nothing to replay is still "caught up".
  await recordPositions(
    dataSource,
    replaySchema,
    ranges.map((r) => ({ ...r, nextOffset: r.start })),
  );
  await recordReplayStarted(dataSource, {
    id: runId,
    liveSchema,
    replaySchema,
    fromSpec: options.from === 'earliest' ? 'earliest' : options.from.toISOString(),
    eventsTotal: total,
  });
  for (const topic of topics) {
    const partitions = ranges
      .filter((r) => r.topic === topic)
      .map((r) => ({ partition: r.partition, offset: String(r.start) }));
    await admin.setOffsets({ groupId, topic, partitions });
  }

  const handler = new ApplyStreamBatchHandler({
    dataSource,
    schema: replaySchema,
    now: () => new Date(),
  });
  const gate = new ApplyGate();
  let firstBatchAt: number | undefined;
  let events = 0;
  const consumer = kafkaStreamConsumer(
    kafka,
    {
      groupId,
      topics,
      partitionsConsumedConcurrently: 4,
      maxBytesPerPartition: 8 << 20,
      maxBytes: 64 << 20,
    },
    options.logger,
  );
  const progress = setInterval(() => {
    options.onProgress(done(), total);
    void recordReplayProgress(dataSource, runId, done()).catch(() => undefined);
  }, 500);
  try {
    await consumer.start((batch, controls) =>
      gate.apply(async () => {
        firstBatchAt ??= Date.now();
        await handler.handle(batch, controls);
        events += batch.records.length;
        const last = batch.records.at(-1);
        if (last !== undefined) next.set(rangeKey(batch.topic, batch.partition), last.offset + 1);
      }),
    );
    const caughtUp = () =>
      ranges.every((r) => (next.get(rangeKey(r.topic, r.partition)) ?? 0) >= r.end);
    await waitUntil(caughtUp);
    const applySeconds = (Date.now() - (firstBatchAt ?? Date.now())) / 1000;
    const retired = `${liveSchema}_retired_${runId}`.slice(0, 63);
    for (;;) {
      // No replay batch runs during the swap: after it, the replay schema's name is gone.
      const result = await gate.exclusive(() =>
        swapSchemas(dataSource, { live: liveSchema, replay: replaySchema, retired, topics }),
      );
      if (result.swapped) break;
      await waitUntil(() =>
        result.behind.every(
          (b) => (next.get(rangeKey(b.topic, b.partition)) ?? 0) >= b.liveNextOffset,
        ),
      );
    }
    options.onProgress(done(), total);
    await recordReplaySwapped(dataSource, runId, done());
    return { events, total, applySeconds };
  } catch (error) {
    await dropProjectionSchema(dataSource, replaySchema).catch(() => undefined);
    await recordReplayFailed(dataSource, runId, String(error)).catch(() => undefined);
    throw error;
  } finally {
    clearInterval(progress);
    await consumer.stop().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
};

const waitUntil = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50));
};
