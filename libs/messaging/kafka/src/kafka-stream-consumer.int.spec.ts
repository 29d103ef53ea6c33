import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  type Admin,
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  ResourcePatternTypes,
} from 'kafkajs';
import { kafkaDevPassword } from '@pattern-shop/contracts';
import { LOCAL_INFRA, waitFor } from '@pattern-shop/testing';
import { createKafkaClient, type KafkaLogSink } from './kafka-client.js';
import { kafkaStreamConsumer } from './kafka-stream-consumer.js';
import type { StreamConsumer } from './stream-consumer.js';

const run = randomUUID().slice(0, 8);
// Under analytics-service's prefix: it may create and describe it, not read it until granted.
const TOPIC = `analytics-consumer-spec-${run}`;
const GROUP = `analytics-consumer-spec-${run}`;
const USER = 'analytics-service';

const readAcl = {
  resourceType: AclResourceTypes.TOPIC,
  resourceName: TOPIC,
  resourcePatternType: ResourcePatternTypes.LITERAL,
  principal: `User:${USER}`,
  host: '*',
  operation: AclOperationTypes.READ,
  permissionType: AclPermissionTypes.ALLOW,
};

type Line = Readonly<{ message: string; fields: Record<string, unknown> }>;

const recordingLogger = (lines: Line[]): KafkaLogSink => {
  const record = (fields: object, message: string) =>
    lines.push({ message, fields: fields as Record<string, unknown> });
  return { error: record, warn: record, info: record, debug: () => undefined };
};

/**
 * kafkajs does not restart a consumer after an error it deems permanent; a topic this login may
 * not read is one. The adapter starts a new consumer after a pause, so granting the ACL is enough.
 */
describe('kafkaStreamConsumer on the real Kafka: a crash kafkajs does not restart', () => {
  const operator = new Kafka({
    clientId: `consumer-spec-operator-${run}`,
    brokers: [LOCAL_INFRA.kafkaBrokers],
    sasl: LOCAL_INFRA.kafkaOperatorSasl,
    logCreator: () => () => undefined,
  });
  let admin: Admin;
  const lines: Line[] = [];
  let consumer: StreamConsumer;
  const keys: string[] = [];

  beforeAll(async () => {
    admin = operator.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: TOPIC, numPartitions: 1 }],
      waitForLeaders: true,
    });
    consumer = kafkaStreamConsumer(
      createKafkaClient({
        clientId: `consumer-spec-${run}`,
        brokers: [LOCAL_INFRA.kafkaBrokers],
        logger: recordingLogger(lines),
        login: { username: USER, password: kafkaDevPassword(USER) },
      }),
      { groupId: GROUP, topics: [TOPIC], fromBeginning: true, maxWaitMs: 200 },
      recordingLogger(lines),
    );
  }, 30_000);

  afterAll(async () => {
    await consumer?.stop();
    await admin.deleteAcls({ filters: [readAcl] }).catch(() => undefined);
    await admin.deleteGroups([GROUP]).catch(() => undefined);
    await admin.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
    await admin.disconnect();
  }, 30_000);

  it('given a topic the login may not read, when the read is granted later, then a new consumer reads what was written', async () => {
    await consumer.start(async (batch) => {
      for (const record of batch.records) keys.push(record.key ?? '');
    });
    const gaveUp = await waitFor(
      'kafkajs to give up for good, and a new consumer to be due',
      async () =>
        lines.find(
          (line) => line.message === 'consumer gave up for good; a new one starts after a pause',
        ),
    );
    expect(gaveUp.fields).toMatchObject({ groupId: GROUP, crashes: 1 });
    const crash = lines.find((line) => line.message === 'consumer crashed');
    expect(String(crash?.fields['reason'])).toMatch(/Not authorized to access topics/);

    await admin.createAcls({ acl: [readAcl] });
    const producer = operator.producer();
    await producer.connect();
    await producer.send({ topic: TOPIC, messages: [{ key: `after-grant-${run}`, value: '{}' }] });
    await producer.disconnect();

    // A pause is at most 30 s; the grant may land during the longest of them.
    await waitFor(
      'the record read by a consumer started after the grant',
      async () => (keys.includes(`after-grant-${run}`) ? true : undefined),
      { timeoutMs: 45_000 },
    );
    expect(keys).toEqual([`after-grant-${run}`]);
    expect(consumer.assignment()).toEqual({ [TOPIC]: [0] });
  }, 90_000);
});
