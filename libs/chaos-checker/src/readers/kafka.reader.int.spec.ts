import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { infra, LOCAL_INFRA } from '@pattern-shop/testing';
import { readKafka } from './kafka.reader.js';
import { localAddresses } from './system-addresses.js';

const kafka = new Kafka({
  brokers: [LOCAL_INFRA.kafkaBrokers],
  sasl: LOCAL_INFRA.kafkaOperatorSasl,
  logLevel: logLevel.NOTHING,
});
const topic = `chaos-checker-${randomUUID().slice(0, 8)}.dlq`;

/** Kafka's dead letters on the real broker: found by time, read only when there are some. */
describe('readKafka: dead letters since the window’s start', () => {
  const admin = kafka.admin();
  let before: string;

  beforeAll(async () => {
    await infra('up');
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    before = new Date().toISOString();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        {
          key: 'order-1',
          value: '{"not":"an envelope"}',
          headers: {
            'message-id': 'poison-1',
            type: 'OrderPlaced',
            'x-error-reason': 'unknown version 9 of OrderPlaced',
            'x-failed-at': new Date().toISOString(),
          },
        },
        {
          key: 'order-2',
          value: '{"not": "an envelope"',
          headers: {
            'message-id': 'leftover-1',
            type: 'OrderPlaced',
            'x-error-reason': 'not JSON',
            'x-failed-at': new Date().toISOString(),
            // Written an hour ago, by an earlier test, and dead-lettered only now.
            'x-source-timestamp': new Date(Date.now() - 3_600_000).toISOString(),
          },
        },
      ],
    });
    await producer.disconnect();
  }, 60_000);

  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('given a dead letter written in the window, then it is read with its id, type and reason, and one whose record was written before the window is not', async () => {
    const { deadLetters } = await readKafka(localAddresses(), before);

    expect(deadLetters.filter((letter) => letter.source === topic)).toEqual([
      {
        broker: 'kafka',
        source: topic,
        messageId: 'poison-1',
        type: 'OrderPlaced',
        reason: 'unknown version 9 of OrderPlaced',
        failedAt: expect.any(String),
      },
    ]);
  }, 60_000);

  it('given a window that starts after it, then it is not the run’s', async () => {
    const { deadLetters } = await readKafka(localAddresses(), new Date().toISOString());

    expect(deadLetters.filter((letter) => letter.source === topic)).toEqual([]);
  }, 60_000);
});
