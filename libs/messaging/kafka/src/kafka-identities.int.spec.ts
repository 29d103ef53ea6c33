import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import {
  KAFKA_IDENTITIES,
  KAFKA_OPERATOR,
  KAFKA_TOPICS,
  type KafkaIdentity,
  kafkaDevPassword,
} from '@pattern-shop/contracts';
import { LOCAL_INFRA } from '@pattern-shop/testing';
import { commitGroupOffsets } from './commit-group-offsets.js';
import { ensureKafkaTopics, SYSTEM_KAFKA_TOPICS } from './kafka-topics.js';

const run = randomUUID().slice(0, 8);
const TOPICS = Object.values(KAFKA_TOPICS);

/**
 * A client logged in as `username`, and what the broker refused it: kafkajs reports a refused
 * FindCoordinator only as "Failed to find group coordinator", the broker's error is in its log.
 */
const kafkaAs = (username: string, password = kafkaDevPassword(username)) => {
  const logged = new Set<string>();
  const kafka = new Kafka({
    clientId: `kafka-identities-spec-${run}`,
    brokers: [LOCAL_INFRA.kafkaBrokers],
    sasl: { mechanism: 'scram-sha-512', username, password },
    logLevel: logLevel.DEBUG,
    logCreator: () => (entry) => errorTypes(entry.log['error'], logged),
    connectionTimeout: 2_000,
    requestTimeout: 5_000,
    // A fresh broker is still loading its group coordinator; a refusal is never retried.
    retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 1_000 },
  });
  /** `allowed`, or the broker's error names, e.g. `TOPIC_AUTHORIZATION_FAILED`. */
  const refusalOf = async (attempt: Promise<unknown>): Promise<string> => {
    logged.clear();
    try {
      await attempt;
      return 'allowed';
    } catch (error) {
      const types = errorTypes(error, new Set(logged));
      return [...types].sort().join(',') || String(error);
    }
  };
  return { kafka, refusalOf };
};

/** The broker's error names along kafkajs's wrappers (a producer wraps, an admin aggregates). */
const errorTypes = (error: unknown, into: Set<string>): Set<string> => {
  if (typeof error !== 'object' || error === null) return into;
  const { name, type, cause, originalError, errors } = error as Record<string, unknown>;
  if (typeof type === 'string' && type.endsWith('_FAILED')) into.add(type);
  if (name === 'KafkaJSSASLAuthenticationError') into.add('SASL_AUTHENTICATION_FAILED');
  for (const inner of [cause, originalError, ...(Array.isArray(errors) ? errors : [])]) {
    errorTypes(inner, into);
  }
  return into;
};

/** Joins the group and commits the topics' current ends: a consumer's whole path, no record read. */
const consume = (kafka: Kafka, group: string, topics: readonly string[]) =>
  (async () => {
    const ends = await Promise.all(
      topics.map(async (topic) =>
        (await operator.fetchTopicOffsets(topic)).map(({ partition, high }) => ({
          topic,
          partition,
          offset: high,
        })),
      ),
    );
    await commitGroupOffsets(kafka, group, ends.flat(), 5_000);
  })();

/** A group id of the identity's own (under its prefix), or of nobody's for one without groups. */
const groupOf = (identity: KafkaIdentity): string =>
  `${identity.groupPrefix ?? identity.user}-identities-spec-${run}`;

let operator: Admin;
const groups: string[] = [];

beforeAll(async () => {
  const { kafka } = kafkaAs(KAFKA_OPERATOR.user, KAFKA_OPERATOR.password);
  await ensureKafkaTopics(kafka, SYSTEM_KAFKA_TOPICS);
  operator = kafka.admin();
  await operator.connect();
});

afterAll(async () => {
  await operator.deleteGroups(groups).catch(() => undefined);
  await operator.disconnect();
});

describe.each(KAFKA_IDENTITIES)('Kafka identity $user (SASL/SCRAM with ACLs)', (identity) => {
  const { kafka, refusalOf } = kafkaAs(identity.user);

  it('given a wrong password, then the broker refuses the login', async () => {
    const impostor = kafkaAs(identity.user, `not-${kafkaDevPassword(identity.user)}`);
    const admin = impostor.kafka.admin();
    expect(await impostor.refusalOf(admin.connect())).toBe('SASL_AUTHENTICATION_FAILED');
    await admin.disconnect();
  });

  it.each(TOPICS)(
    'given topic %s, then it may create (validate only) and write it only if it owns it',
    async (topic) => {
      const admin = kafka.admin();
      const producer = kafka.producer({ allowAutoTopicCreation: false });
      await Promise.all([admin.connect(), producer.connect()]);
      try {
        const create = await refusalOf(
          admin.createTopics({ validateOnly: true, topics: [{ topic, numPartitions: 6 }] }),
        );
        if (identity.owns.includes(topic)) {
          // The topic exists: an owner is told so (no error), nothing is created or written.
          expect(create).toBe('allowed');
        } else {
          expect(create).toBe('TOPIC_AUTHORIZATION_FAILED');
          const write = producer.send({ topic, messages: [{ key: run, value: 'forged' }] });
          expect(await refusalOf(write)).toBe('TOPIC_AUTHORIZATION_FAILED');
        }
      } finally {
        await Promise.all([admin.disconnect(), producer.disconnect()]);
      }
    },
  );

  it.each(TOPICS)(
    'given topic %s, then it may consume it in its own group only if it reads it',
    async (topic) => {
      const group = groupOf(identity);
      groups.push(group);
      const consumed = await refusalOf(consume(kafka, group, [topic]));
      if (identity.reads.includes(topic)) expect(consumed).toBe('allowed');
      // Without Describe the topic is refused first; an owner describes it, and has no group.
      else if (identity.owns.includes(topic)) expect(consumed).toBe('GROUP_AUTHORIZATION_FAILED');
      else expect(consumed).toBe('TOPIC_AUTHORIZATION_FAILED');
    },
  );

  it('given the dead-letter topic of its own group, then it may create it only if it has groups', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const dlq = { topic: `${groupOf(identity)}.dlq`, numPartitions: 1 };
    const create = await refusalOf(admin.createTopics({ validateOnly: true, topics: [dlq] }));
    await admin.disconnect();
    if (identity.groupPrefix === undefined) expect(create).toBe('TOPIC_AUTHORIZATION_FAILED');
    // Validated: kafkajs then looks for the topic that validateOnly did not create.
    else
      expect(create).toBe('KafkaJSProtocolError: This server does not host this topic-partition');
  });

  it("given another service's group, then joining it is refused", async () => {
    // A topic it may describe, so that the group is what is refused.
    const describable = identity.reads[0] ?? identity.owns[0] ?? KAFKA_TOPICS.orders;
    expect(await refusalOf(consume(kafka, othersGroup(identity), [describable]))).toBe(
      'GROUP_AUTHORIZATION_FAILED',
    );
  });
});

/** A group id under another identity's prefix, or under nobody's. */
const othersGroup = (identity: KafkaIdentity): string => {
  const owner = KAFKA_IDENTITIES.find((other) => other !== identity && other.groupPrefix);
  return `${owner?.groupPrefix ?? 'nobody'}-identities-spec-${run}`;
};
