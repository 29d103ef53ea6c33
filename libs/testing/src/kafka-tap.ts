import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { LOCAL_INFRA } from './local-environment.js';

export type KafkaRecord = Readonly<{
  key: string | null;
  headers: Record<string, string>;
  value: unknown;
}>;

/**
 * Collects everything written to a topic from the moment of the call on: the end offsets are
 * read first and the consumer seeks to them, so nothing produced after the call is missed.
 */
export const tapTopic = async (
  topic: string,
): Promise<{ records: KafkaRecord[]; close: () => Promise<void> }> => {
  const kafka = new Kafka({
    clientId: 'test-tap',
    brokers: [LOCAL_INFRA.kafkaBrokers],
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: `test-tap-${randomUUID()}` });
  const records: KafkaRecord[] = [];
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
      );
      records.push({
        key: message.key?.toString() ?? null,
        headers,
        value: JSON.parse(message.value?.toString() ?? 'null'),
      });
    },
  });
  for (const { partition, offset } of ends) consumer.seek({ topic, partition, offset });
  return { records, close: () => consumer.disconnect() };
};
