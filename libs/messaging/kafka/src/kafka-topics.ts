import type { Kafka } from 'kafkajs';
import { KAFKA_TOPICS, kafkaDeadLetterTopic } from '@pattern-shop/contracts';

export type KafkaTopicSpec = Readonly<{
  topic: string;
  numPartitions?: number;
  /** Topic-level settings, e.g. `{ 'retention.ms': '-1' }`. */
  config?: Readonly<Record<string, string>>;
}>;

/**
 * Every setting of the system's topics, in one place (k8s/infrastructure/kafka.yaml mirrors it).
 * 6 partitions: keyed by order id, so each order stays in order on one partition while up to six
 * consumers of a group share the load. `retention.ms=-1`: kept forever, so a replay from offset 0
 * rebuilds every projection; the stream is the system of record.
 */
export const EVENT_TOPIC_SETTINGS = {
  numPartitions: 6,
  config: { 'retention.ms': '-1', 'cleanup.policy': 'delete' },
} as const;

export const SYSTEM_KAFKA_TOPICS: readonly KafkaTopicSpec[] = Object.values(KAFKA_TOPICS).map(
  (topic) => ({ topic, ...EVENT_TOPIC_SETTINGS }),
);

/** A consumer group's dead letters (`<group>.dlq`), kept as long as the streams they came from. */
export const deadLetterTopicSpec = (consumerGroup: string): KafkaTopicSpec => ({
  topic: kafkaDeadLetterTopic(consumerGroup),
  ...EVENT_TOPIC_SETTINGS,
});

export type EnsureTopicsOptions = {
  replicationFactor?: number;
  /** Told about every topic created or widened. */
  log?: (fields: object, message: string) => void;
};

/**
 * Creates the topics that do not exist yet and waits until each partition has a leader, so a
 * producer can write right after. Brokers run with automatic topic creation off, so a topic nobody
 * created is an error, not a surprise.
 *
 * A topic that exists with fewer partitions than its spec gets the missing ones added (Kafka can
 * add partitions, never remove them). That moves keys: the partition of a key is
 * hash(key) % partitions, so new events of an existing order may land on another partition than
 * its old ones. Per-key order holds from then on, not across the change: consumers must not rely
 * on an order's facts before the change arriving before its facts after it (docs/patterns/04).
 */
export const ensureKafkaTopics = async (
  kafka: Kafka,
  topics: readonly KafkaTopicSpec[],
  { replicationFactor = 1, log }: EnsureTopicsOptions = {},
): Promise<void> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter(({ topic }) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map(({ topic, numPartitions = 1, config = {} }) => ({
          topic,
          numPartitions,
          replicationFactor,
          configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
        })),
      });
      log?.({ topics: missing.map((t) => t.topic) }, 'Kafka topics created');
    }
    const present = topics.filter(({ topic }) => existing.has(topic));
    if (present.length === 0) return;
    const { topics: metadata } = await admin.fetchTopicMetadata({
      topics: present.map((t) => t.topic),
    });
    const widen = present.flatMap(({ topic, numPartitions = 1 }) => {
      const has = metadata.find((m) => m.name === topic)?.partitions.length ?? numPartitions;
      return has < numPartitions ? [{ topic, count: numPartitions, from: has }] : [];
    });
    if (widen.length === 0) return;
    await admin.createPartitions({
      validateOnly: false,
      topicPartitions: widen.map(({ topic, count }) => ({ topic, count })),
    });
    for (const { topic, from, count } of widen) {
      log?.(
        { topic, from, to: count },
        'Kafka topic widened: new events of existing keys may land on another partition',
      );
    }
  } finally {
    await admin.disconnect();
  }
};
