import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import {
  commitGroupOffsets,
  type KafkaLogSink,
  kafkaStreamConsumer,
} from '@pattern-shop/messaging-kafka';
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
import { ReplayProgress, type ReplaySummary } from './replay-progress.js';
import { streamRanges } from './stream-range.js';

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
  /** Records per transaction: a fetched batch (up to 8 MiB) is applied in slices so progress moves. */
  sliceRecords?: number;
}>;

export type ReplayResult = ReplaySummary;

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
  const progress = new ReplayProgress(ranges);
  const total = progress.total;
  const sliceRecords = options.sliceRecords ?? 2_000;

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
  // A new group starts at each partition's first offset by itself (the consumer reads from the
  // beginning); only a replay from a moment commits its start offsets first.
  if (options.from !== 'earliest') {
    await commitGroupOffsets(
      kafka,
      groupId,
      ranges.map((r) => ({ topic: r.topic, partition: r.partition, offset: String(r.start) })),
    );
  }

  const handler = new ApplyStreamBatchHandler({
    dataSource,
    schema: replaySchema,
    decodeMode: 'replay',
    now: () => new Date(),
  });
  const gate = new ApplyGate();
  // Each committed slice is written to replay_runs before it is reported, so the gauge
  // (read by the service from that row) moves with the replay, not only at its end.
  const report = async () => {
    const done = progress.done();
    await recordReplayProgress(dataSource, runId, done).catch(() => undefined);
    options.onProgress(done, total);
  };
  const consumer = kafkaStreamConsumer(
    kafka,
    {
      groupId,
      topics,
      partitionsConsumedConcurrently: 4,
      maxBytesPerPartition: 8 << 20,
      maxBytes: 64 << 20,
      traceRecords: false,
    },
    options.logger,
  );
  try {
    await consumer.start((batch, controls) =>
      gate.apply(async () => {
        for (let at = 0; at < batch.records.length; at += sliceRecords) {
          const records = batch.records.slice(at, at + sliceRecords);
          await handler.handle({ ...batch, records }, controls);
          const last = records.at(-1);
          if (last !== undefined)
            progress.recordApplied(batch.topic, batch.partition, records.length, last.offset + 1);
          await report();
          await controls.heartbeat();
        }
      }),
    );
    await waitUntil(() => progress.caughtUp());
    const summary = progress.finish();
    const retired = `${liveSchema}_retired_${runId}`.slice(0, 63);
    for (;;) {
      // No replay batch runs during the swap: after it, the replay schema's name is gone.
      const result = await gate.exclusive(() =>
        swapSchemas(dataSource, { live: liveSchema, replay: replaySchema, retired, topics }),
      );
      if (result.swapped) break;
      await waitUntil(() =>
        result.behind.every((b) => progress.nextOffset(b.topic, b.partition) >= b.liveNextOffset),
      );
    }
    await recordReplaySwapped(dataSource, runId, progress.done());
    options.onProgress(progress.done(), total);
    return summary;
  } catch (error) {
    await dropProjectionSchema(dataSource, replaySchema).catch(() => undefined);
    await recordReplayFailed(dataSource, runId, String(error)).catch(() => undefined);
    throw error;
  } finally {
    await consumer.stop().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
};

const waitUntil = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50));
};
