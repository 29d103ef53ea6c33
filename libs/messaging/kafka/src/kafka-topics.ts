import type { Kafka } from 'kafkajs';
import { KAFKA_TOPICS } from '@pattern-shop/contracts';

export type KafkaTopicSpec = Readonly<{
  topic: string;
  numPartitions?: number;
  /** Topic-level settings, e.g. `{ 'retention.ms': '-1' }`. */
  config?: Readonly<Record<string, string>>;
}>;

/**
 * The system's event topics: keyed by order id, so 3 partitions keep each order in order while
 * consumers can share the load; kept forever (`retention.ms=-1`) so analytics can replay from 0.
 */
export const SYSTEM_KAFKA_TOPICS: readonly KafkaTopicSpec[] = Object.values(KAFKA_TOPICS).map(
  (topic) => ({ topic, numPartitions: 3, config: { 'retention.ms': '-1' } }),
);

/**
 * Creates the topics that do not exist yet and waits until each partition has a leader, so a
 * producer can write right after. Idempotent: existing topics are left as they are. Brokers run
 * with automatic topic creation off, so a topic nobody created is an error, not a surprise.
 */
export const ensureKafkaTopics = async (
  kafka: Kafka,
  topics: readonly KafkaTopicSpec[],
  { replicationFactor = 1 }: { replicationFactor?: number } = {},
): Promise<void> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter(({ topic }) => !existing.has(topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map(({ topic, numPartitions = 1, config = {} }) => ({
        topic,
        numPartitions,
        replicationFactor,
        configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
      })),
    });
  } finally {
    await admin.disconnect();
  }
};
