import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Admin, Kafka } from 'kafkajs';
import { LOCAL_INFRA } from '@pattern-shop/testing';
import { commitGroupOffsets } from './commit-group-offsets.js';
import { createKafkaClient } from './kafka-client.js';
import { ensureKafkaTopics } from './kafka-topics.js';

const quiet = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};
const id = randomBytes(4).toString('hex');
const topics = [`commit-offsets-a-${id}`, `commit-offsets-b-${id}`];
const groups: string[] = [];

describe('commitGroupOffsets on the real Kafka', () => {
  let kafka: Kafka;
  let admin: Admin;

  beforeAll(async () => {
    kafka = createKafkaClient({
      clientId: 'commit-offsets-spec',
      brokers: [LOCAL_INFRA.kafkaBrokers],
      login: LOCAL_INFRA.kafkaOperatorSasl,
      logger: quiet,
    });
    admin = kafka.admin();
    await admin.connect();
    await ensureKafkaTopics(
      kafka,
      topics.map((topic) => ({ topic, numPartitions: 2 })),
    );
  }, 30_000);

  afterAll(async () => {
    await admin.deleteGroups(groups).catch(() => undefined);
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  }, 30_000);

  it('given a new group and positions on two topics, when committed in one join, then the group starts at exactly those offsets', async () => {
    const group = `commit-offsets-${id}-1`;
    groups.push(group);
    const positions = topics.flatMap((topic, t) =>
      [0, 1].map((partition) => ({ topic, partition, offset: String(3 * t + partition) })),
    );

    await commitGroupOffsets(kafka, group, positions);

    const committed = await admin.fetchOffsets({ groupId: group, topics });
    expect(
      committed.flatMap(({ topic, partitions }) =>
        partitions.map(({ partition, offset }) => ({ topic, partition, offset })),
      ),
    ).toEqual(expect.arrayContaining(positions));
    expect((await admin.describeGroups([group])).groups[0]?.members).toEqual([]);
  }, 30_000);

  it('given no positions, then it joins nothing and the group does not exist', async () => {
    const group = `commit-offsets-${id}-2`;

    await commitGroupOffsets(kafka, group, []);

    expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain(group);
  });

  it('given a topic that does not exist, when committed, then it fails instead of waiting for a join', async () => {
    const group = `commit-offsets-${id}-3`;
    groups.push(group);

    await expect(
      commitGroupOffsets(
        kafka,
        group,
        [{ topic: `no-such-${id}`, partition: 0, offset: '0' }],
        5_000,
      ),
    ).rejects.toThrow();
  }, 30_000);
});
