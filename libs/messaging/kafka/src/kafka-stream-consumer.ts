import { endSpan, startConsumerSpan } from '@pattern-shop/observability';
import { backoffDelay } from '@pattern-shop/resilience';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { KafkaLogSink } from './kafka-client.js';
import type {
  PartitionAssignment,
  RecordAttributes,
  StreamBatchHandler,
  StreamConsumer,
  StreamConsumerOptions,
  StreamRecord,
} from './stream-consumer.js';

/**
 * The kafkajs adapter of the consumer port, thin on purpose. It handles kafkajs's known traps:
 * - offsets: auto-commit is off; an offset is resolved and committed only after the handler
 *   resolved, so a crash in between re-delivers the batch (the handler must be idempotent);
 * - long batches: the handler gets `heartbeat`, and the session timeout is explicit, so a slow
 *   transaction does not get the member thrown out of the group mid-batch;
 * - broker restarts: when kafkajs gives up after its retries the consumer "crashes"; it is
 *   restarted (`restartOnFailure`) instead of sitting dead while the service reports ready;
 * - errors kafkajs deems permanent (a topic this login may not read yet, a topic deleted): its
 *   crash does not restart, so this starts a new consumer after a growing pause (1 s to 30 s),
 *   since an operator's fix (the ACL granted, the topic back) is the usual end of such an error.
 */
export const kafkaStreamConsumer = (
  kafka: Kafka,
  options: StreamConsumerOptions,
  logger: KafkaLogSink,
): StreamConsumer => {
  let consumer: Consumer | undefined;
  let assigned: PartitionAssignment = {};
  let joined = false;
  let stopped = false;
  let restartTimer: NodeJS.Timeout | undefined;
  // Crashes kafkajs did not restart since the last batch applied: the next pause grows with them.
  let permanentCrashes = 0;

  const restartLater = (handler: StreamBatchHandler): void => {
    permanentCrashes += 1;
    const delayMs = backoffDelay(permanentCrashes, { baseMs: 1_000, maxMs: 30_000 });
    logger.warn(
      { groupId: options.groupId, delayMs, crashes: permanentCrashes },
      'consumer gave up for good; a new one starts after a pause',
    );
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      if (stopped) return;
      start(handler).catch(async (error: unknown) => {
        logger.error(
          { groupId: options.groupId, reason: String(error) },
          'consumer restart failed',
        );
        const failed = consumer;
        consumer = undefined;
        await failed?.disconnect().catch(() => undefined);
        if (!stopped) restartLater(handler);
      });
    }, delayMs);
  };

  const start = async (handler: StreamBatchHandler): Promise<void> => {
    stopped = false;
    const created = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
      rebalanceTimeout: options.rebalanceTimeoutMs ?? 60_000,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
      maxBytes: options.maxBytes ?? 10_485_760,
      // A stop waits for the fetch in flight, twice (the runner, then the connection): with the
      // 5-s default that passed a 10-s shutdown grace; a 1-s long poll costs one idle fetch a second.
      maxWaitTimeInMs: options.maxWaitMs ?? 1_000,
      allowAutoTopicCreation: false,
      retry: {
        retries: 5,
        restartOnFailure: async (error) => {
          logger.warn({ groupId: options.groupId, reason: String(error) }, 'consumer restarts');
          return true;
        },
      },
    });
    consumer = created;
    joined = false;
    created.on(created.events.GROUP_JOIN, ({ payload }) => {
      joined = true;
      assigned = payload.memberAssignment;
      logger.info({ groupId: options.groupId, assignment: assigned }, 'partitions assigned');
    });
    created.on(created.events.CRASH, ({ payload }) => {
      assigned = {};
      logger.error({ groupId: options.groupId, reason: String(payload.error) }, 'consumer crashed');
      if (!payload.restart && !stopped && consumer === created) restartLater(handler);
    });
    await created.connect();
    await created.subscribe({
      topics: [...options.topics],
      fromBeginning: options.fromBeginning ?? true,
    });
    await created.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch: async (payload) => {
        await applyThenCommit(created, payload, handler, logger, options.traceRecords ?? true);
        permanentCrashes = 0;
      },
    });
  };

  return {
    start,
    assignment: () => assigned,
    stop: async () => {
      stopped = true;
      clearTimeout(restartTimer);
      restartTimer = undefined;
      assigned = {};
      const leaving = consumer;
      consumer = undefined;
      if (leaving === undefined) return;
      if (joined) {
        await leaving.disconnect();
        return;
      }
      // Not in the group yet: its JoinGroup waits until the broker ends the rebalance (up to a
      // killed predecessor's session timeout), and a disconnect waits for it, longer than a
      // shutdown may take. There is nothing to leave yet, so it stops without waiting.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), 2_000);
      });
      const outcome = await Promise.race([leaving.disconnect(), late]);
      clearTimeout(timer);
      if (outcome === 'late')
        logger.warn({ groupId: options.groupId }, 'consumer stopped during its join to the group');
    },
  };
};

const applyThenCommit = async (
  consumer: Consumer,
  { batch, heartbeat, isStale, isRunning, resolveOffset }: EachBatchPayload,
  handler: StreamBatchHandler,
  logger: KafkaLogSink,
  traceRecords: boolean,
): Promise<void> => {
  if (batch.isEmpty() || !isRunning() || isStale()) return;
  const { topic, partition } = batch;
  const records = batch.messages.map((message) => toRecord(topic, partition, message));
  // One span per record, each continuing its own message's trace; they end with the batch.
  const spans = !traceRecords
    ? []
    : records.map((record) =>
        startConsumerSpan(`${topic} process`, record.headers, {
          'messaging.system': 'kafka',
          'messaging.destination.name': topic,
          'messaging.destination.partition.id': String(partition),
          'messaging.kafka.offset': record.offset,
        }),
      );
  let attributes: RecordAttributes | void;
  try {
    attributes = await handler(
      { topic, partition, records, highWatermark: Number(batch.highWatermark) },
      { heartbeat, isStale },
    );
  } catch (error) {
    spans.forEach((span) => endSpan(span, error));
    throw error;
  }
  spans.forEach((span, index) => {
    const offset = records[index]?.offset;
    const extra = offset === undefined ? undefined : attributes?.get(offset);
    if (extra !== undefined) span.setAttributes(extra);
    endSpan(span);
  });
  const last = batch.lastOffset();
  resolveOffset(last);
  if (isStale()) return; // the new owner starts from the last commit and finds it all applied
  try {
    await consumer.commitOffsets([{ topic, partition, offset: String(BigInt(last) + 1n) }]);
  } catch (error) {
    // Applied but not committed: the next commit covers it, or a new owner re-delivers it.
    logger.warn({ topic, partition, offset: last, reason: String(error) }, 'offset commit failed');
  }
  await heartbeat();
};

const toRecord = (topic: string, partition: number, message: KafkaMessage): StreamRecord =>
  new KafkaStreamRecord(topic, partition, message);

/** Key and headers are decoded on first read: a handler that never reads them (a replay) saves that per record. */
class KafkaStreamRecord implements StreamRecord {
  readonly offset: number;
  readonly value: Buffer | null;
  readonly timestamp: number;
  private decodedKey: string | null | undefined;
  private decodedHeaders: Record<string, string> | undefined;

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly message: KafkaMessage,
  ) {
    this.offset = Number(message.offset);
    this.value = message.value;
    this.timestamp = Number(message.timestamp);
  }

  get key(): string | null {
    if (this.decodedKey === undefined) this.decodedKey = this.message.key?.toString('utf8') ?? null;
    return this.decodedKey;
  }

  get headers(): Readonly<Record<string, string>> {
    this.decodedHeaders ??= Object.fromEntries(
      Object.entries(this.message.headers ?? {}).map(([name, value]) => [
        name,
        String(value ?? ''),
      ]),
    );
    return this.decodedHeaders;
  }
}
