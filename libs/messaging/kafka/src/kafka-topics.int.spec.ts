import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Admin, Kafka } from 'kafkajs';
import { LOCAL_INFRA } from '@pattern-shop/testing';
import { createKafkaClient } from './kafka-client.js';
import { ensureKafkaTopics } from './kafka-topics.js';

const quiet = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};
const topic = `kafka-topics-spec-${randomBytes(4).toString('hex')}`;

describe('ensureKafkaTopics on the real Kafka', () => {
  let kafka: Kafka;
  let admin: Admin;
  const partitions = async () =>
    (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions.length;

  beforeAll(async () => {
    kafka = createKafkaClient({
      clientId: 'kafka-topics-spec',
      brokers: [LOCAL_INFRA.kafkaBrokers],
      login: LOCAL_INFRA.kafkaOperatorSasl,
      logger: quiet,
    });
    admin = kafka.admin();
    await admin.connect();
  }, 30_000);

  afterAll(async () => {
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin?.disconnect();
  }, 30_000);

  it('given a topic with 3 partitions, when ensured with 6, then it gets 6, says so, and a second call changes nothing', async () => {
    await ensureKafkaTopics(kafka, [{ topic, numPartitions: 3 }]);
    expect(await partitions()).toBe(3);

    const said: object[] = [];
    await ensureKafkaTopics(kafka, [{ topic, numPartitions: 6 }], {
      log: (fields) => said.push(fields),
    });
    expect(await partitions()).toBe(6);
    expect(said).toEqual([{ topic, from: 3, to: 6 }]);

    const again: object[] = [];
    await ensureKafkaTopics(kafka, [{ topic, numPartitions: 6 }], {
      log: (fields) => again.push(fields),
    });
    expect(again).toEqual([]);
  }, 30_000);
});
